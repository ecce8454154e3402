// The pure parts of gc-attributes: reshaping attributes, the Interaction Details view, output escaping,
// regions, Retry-After and .env parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDotenv } from '../../tools/attributes/dotenv.ts';
import { AttributesToolError } from '../../tools/attributes/errors.ts';
import { escapeForTerminal, formatJson, formatTable } from '../../tools/attributes/format.ts';
import { retryAfterSeconds } from '../../tools/attributes/http.ts';
import { interactionDetails } from '../../tools/attributes/interaction-details.ts';
import { resolveEndpoints } from '../../tools/attributes/regions.ts';
import { attributesToWrite, flattenAttributes, MAX_FLATTEN_DEPTH, stripContextPrefix } from '../../tools/attributes/transforms.ts';

describe('stripContextPrefix', () => {
  it('drops "context." and lets an explicitly set key win over the prefixed one', () => {
    assert.deepEqual(
      stripContextPrefix({ 'context.email': 'a@b.c', 'context.tier': 'from widget', tier: 'from flow', 'context.': 'odd', crm: '1' }),
      { email: 'a@b.c', tier: 'from flow', 'context.': 'odd', crm: '1' },
    );
  });
});

describe('flattenAttributes', () => {
  it('spreads JSON-encoded and real nested values into key_inner entries, arrays by index', () => {
    assert.deepEqual(
      flattenAttributes({
        'context.preChat': '{"email":"a@b.c","address":{"city":"Galway"},"tags":["x","y"]}',
        pre_chat_form_data: { email: 'u@example.com', subject: 'Billing Issue' },
        'context.count': 3 as unknown as string,
      }),
      {
        preChat_email: 'a@b.c',
        preChat_address_city: 'Galway',
        preChat_tags_0: 'x',
        preChat_tags_1: 'y',
        pre_chat_form_data_email: 'u@example.com',
        pre_chat_form_data_subject: 'Billing Issue',
        count: '3',
      },
    );
  });

  it('keeps text that only looks like JSON, empty objects, and never overwrites a top-level key', () => {
    assert.deepEqual(
      flattenAttributes({
        'context.note': '{not json}',
        'context.empty': '{}',
        'context.list': '[]',
        'context.form': '{"email":"nested@x","skip":null}',
        form_email: 'top@x',
      }),
      { note: '{not json}', empty: '{}', list: '[]', form_email: 'top@x' },
    );
  });
});

describe('deeply nested attributes', () => {
  it('flattens 100,000 levels without a stack overflow, spreading at most MAX_FLATTEN_DEPTH of them', () => {
    const depth = 100_000;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const flat = flattenAttributes({ 'context.deep': deep, 'context.ok': '{"x":{"y":"z"}}' });
    assert.equal(flat.ok_x_y, 'z');
    const keys = Object.keys(flat).filter((k) => k.startsWith('deep'));
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.split('_').length, MAX_FLATTEN_DEPTH + 1);
    assert.equal(flat[keys[0]!], '[nested too deeply]');
    assert.doesNotThrow(() => attributesToWrite({ 'context.deep': deep }, flat));
  });
});

describe('attributesToWrite', () => {
  it('adds only what the participant lacks, under either name', () => {
    const current = { 'context.firstName': 'Ada', 'context.preChat': '{"email":"a@b.c"}', preChat_topic: 'old' };
    const flat = { firstName: 'Ada', preChat_email: 'a@b.c', preChat_topic: 'new' };
    assert.deepEqual(attributesToWrite(current, flat), { 'context.preChat_email': 'a@b.c', 'context.preChat_topic': 'new' });
  });

  it("writes a visitor's nested keys under context., never as a top-level name a flow trusts", () => {
    // The visitor sent customFields { account: '{"fraud_cleared":"true"}' }.
    const current = { 'context.account': '{"fraud_cleared":"true"}' };
    const written = attributesToWrite(current, flattenAttributes(current));
    assert.deepEqual(written, { 'context.account_fraud_cleared': 'true' });
    assert.equal(Object.hasOwn(written, 'account_fraud_cleared'), false);
  });
});

describe('interactionDetails', () => {
  it("turns seed 000's conversation into the panel's rows", () => {
    const seed = {
      'context.email': 'customer.email@domain.com',
      'context.addressPostalCode': '24667',
      'context.customerId': '123456',
      'context.customField1Label': 'Reason',
      'context._genesys_OS': 'Mac OS X',
      'context.phoneType': 'Cell',
      'context.addressStreet': '75 Dolgel Circle',
      'context.phoneNumber': '(938) 679-8637',
      'context.customField2Label': 'CRM CaseId',
      'context.addressCity': 'Uzicomnov',
      'context.firstName': 'Blanche',
      'context.customField2': 'my case id in crm',
      'context.lastName': 'Stokes',
      'context.addressState': 'WV',
      'context.customField1': 'Upgrade my internet subscription',
    };
    assert.deepEqual(interactionDetails(seed), [
      { label: 'Customer Name', value: 'Blanche Stokes' },
      { label: 'Customer Address', value: '75 Dolgel Circle, Uzicomnov, WV 24667' },
      { label: 'Customer Phone Number', value: '(938) 679-8637 (Cell)' },
      { label: 'Customer Email', value: 'customer.email@domain.com' },
      { label: 'Customer ID', value: '123456' },
      { label: 'Reason', value: 'Upgrade my internet subscription' },
      { label: 'CRM CaseId', value: 'my case id in crm' },
    ]);
  });

  it('matches the standard form names in any case, leaves absent rows out, labels custom fields by name without a label', () => {
    assert.deepEqual(interactionDetails({ 'context.firstname': 'Ada', 'context.addressCity': 'London', 'context.customField3': 'VIP', 'context.phoneType': 'Cell' }), [
      { label: 'Customer Name', value: 'Ada' },
      { label: 'Customer Address', value: 'London' },
      { label: 'customField3', value: 'VIP' },
    ]);
    assert.deepEqual(interactionDetails({}), []);
  });
});

describe('output escaping', () => {
  const hostile = 'a\u001b[31mred\u0007\u009b2J\u202eexe.txt\u2028';

  it('shows control characters in a table as \\u escapes', () => {
    assert.equal(escapeForTerminal(hostile), 'a\\u001b[31mred\\u0007\\u009b2J\\u202eexe.txt\\u2028');
    const table = formatTable(['KEY', 'VALUE'], [['k\n', hostile]]);
    assert.equal(table, `KEY      VALUE\nk\\u000a  ${escapeForTerminal(hostile)}\n`);
  });

  it('keeps JSON valid and equal to the data while escaping DEL, C1 and bidi controls', () => {
    const text = formatJson({ [hostile]: hostile });
    assert.doesNotMatch(text, /[\u001b\u0007\u009b\u202e\u2028]/);
    assert.deepEqual(JSON.parse(text), { [hostile]: hostile });
  });
});

describe('resolveEndpoints', () => {
  it('maps region ids and domains to login. and api. hosts', () => {
    const expect = (region: string, domain: string) =>
      assert.deepEqual(resolveEndpoints({ region }), { apiBase: `https://api.${domain}`, loginBase: `https://login.${domain}` });
    expect('us-east-1', 'mypurecloud.com');
    expect('eu_west_1', 'mypurecloud.ie');
    expect('EU-WEST-2', 'euw2.pure.cloud');
    expect('ap-southeast-2', 'mypurecloud.com.au');
    expect('mypurecloud.ie', 'mypurecloud.ie');
    expect('apps.euw2.pure.cloud', 'euw2.pure.cloud');
    expect('api.mypurecloud.jp', 'mypurecloud.jp');
    // The Python SDK's region names, as Genesys's tutorials put them in .env.
    expect('us-east-1.aws', 'mypurecloud.com');
    expect('eu-west-1.aws', 'mypurecloud.ie');
    expect('ap-southeast-2.aws', 'mypurecloud.com.au');
  });

  it('uses a base URL for both, pairing api.<domain> with login.<domain>; --login-url overrides', () => {
    assert.deepEqual(resolveEndpoints({ baseUrl: 'http://127.0.0.1:8787/' }), { apiBase: 'http://127.0.0.1:8787', loginBase: 'http://127.0.0.1:8787' });
    assert.deepEqual(resolveEndpoints({ baseUrl: 'https://api.mypurecloud.de' }), { apiBase: 'https://api.mypurecloud.de', loginBase: 'https://login.mypurecloud.de' });
    assert.deepEqual(resolveEndpoints({ baseUrl: 'https://proxy.example/genesys/', loginUrl: 'https://sso.example' }), {
      apiBase: 'https://proxy.example/genesys',
      loginBase: 'https://sso.example',
    });
  });

  it('refuses unknown region ids, URLs given as regions, non-http base URLs and both at once (usage errors)', () => {
    for (const [options, message] of [
      [{ region: 'moon-1' }, /unknown region "moon-1"/],
      [{ region: 'moon-1.aws' }, /unknown region "moon-1.aws"/],
      [{ region: 'https://api.mypurecloud.ie' }, /use --base-url/],
      [{ baseUrl: 'ftp://x' }, /--base-url must be an http\(s\) URL/],
      [{ baseUrl: 'not a url' }, /--base-url must be an http\(s\) URL/],
      [{ region: 'eu-west-1', baseUrl: 'http://x' }, /either a region or a base URL/],
      [{}, /no region/],
    ] as const) {
      assert.throws(() => resolveEndpoints(options), (error: unknown) => error instanceof AttributesToolError && error.kind === 'usage' && message.test(error.message));
    }
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds or an HTTP date, and falls back to 1 s', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfterSeconds('5', now), 5);
    assert.equal(retryAfterSeconds('0', now), 0);
    assert.equal(retryAfterSeconds('Wed, 01 Jan 2025 00:00:07 GMT', now), 7);
    assert.equal(retryAfterSeconds('Tue, 31 Dec 2024 23:00:00 GMT', now), 0);
    assert.equal(retryAfterSeconds(null, now), 1);
    assert.equal(retryAfterSeconds('soon', now), 1);
  });
});

describe('parseDotenv', () => {
  it('reads KEY=VALUE with export, quotes, comments and blank lines', () => {
    const text = [
      '# credentials',
      '',
      'export GENESYSCLOUD_REGION=mypurecloud.ie   # Ireland',
      'GENESYSCLOUD_OAUTHCLIENT_ID="id with # hash"',
      "GENESYSCLOUD_OAUTHCLIENT_SECRET='s3cr3t#=x'",
      'QUOTED="say \\"hi\\"\\nbye"',
      'EMPTY=',
    ].join('\r\n');
    assert.deepEqual(parseDotenv(text), {
      GENESYSCLOUD_REGION: 'mypurecloud.ie',
      GENESYSCLOUD_OAUTHCLIENT_ID: 'id with # hash',
      GENESYSCLOUD_OAUTHCLIENT_SECRET: 's3cr3t#=x',
      QUOTED: 'say "hi"\nbye',
      EMPTY: '',
    });
  });

  it('names the bad line without quoting it', () => {
    assert.throws(() => parseDotenv('A=1\nmy-secret-value\n'), { message: '.env line 2 is not KEY=VALUE' });
    assert.throws(() => parseDotenv("B='unterminated secret"), { message: ".env line 1: the value's closing ' is missing" });
  });
});
