// gc-attributes end to end: the built command (plain node) against the local Genesys Cloud, after a chat
// started with the widget's own userData (form with custom fields, `user-data` with nested pre-chat data).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../server/app.ts';
import { createControl, type Control } from '../../server/control-client.ts';
import { MANUAL_READONLY_DEPLOYMENT_ID } from '../fixtures/demo-deployments.ts';
import { api } from '../server/helpers.ts';
import { Guest } from '../server/web-messaging-helpers.ts';
import {
  connect,
  customerOf,
  DEMO,
  LIMITED,
  ONE_LINE_ERROR,
  platformToken,
  READER,
  runCli,
  startServer,
  UPDATE,
  VIEW,
  widgetChat,
  type CliResult,
  type WidgetChat,
} from './helpers.ts';

// What a visitor typed into a custom registration form…
const FORM = {
  firstname: 'Blanche',
  lastname: 'Stokes',
  email: 'blanche.stokes@example.com',
  subject: 'Upgrade my internet subscription',
  form: {
    accountNumber: '12345678',
    phoneNumber: '(938) 679-8637',
    phoneType: 'Cell',
    addressStreet: '75 Dolgel Circle',
    addressCity: 'Uzicomnov',
    addressState: 'WV',
    addressPostalCode: '24667',
    newsletter: true,
    note: 'line one\nline two \u001b[2J\u202egnp.exe',
  },
};
// …and what the page author put in the `user-data` attribute (static data and nested pre-chat answers).
const USER_DATA = {
  customerId: '59606',
  customField1Label: 'Reason',
  customField1: 'Upgrade my internet subscription',
  customField2Label: 'CRM CaseId',
  customField2: 'CASE-0042',
  preChat: { topic: 'billing', contact: { email: 'blanche@home.example', phone: '555-0100' }, products: ['fibre', 'tv'] },
};

describe('gc-attributes against the local Genesys Cloud', () => {
  let server: RunningServer;
  let control: Control;
  let chat: WidgetChat;
  let args: (...extra: string[]) => string[];

  before(async () => {
    server = await startServer();
    control = createControl(server.url, { token: server.controlToken });
    chat = await widgetChat(server, FORM, USER_DATA);
    args = (...extra) => [chat.id, ...connect(server), ...extra];
  });
  after(async () => {
    chat.stream.close();
    await server.close();
  });

  describe('output', () => {
    it('prints the raw attributes as JSON: every field the widget sent as context.<key>, sorted', async () => {
      const result = await runCli(args());
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      const printed = JSON.parse(result.stdout);
      const expected: Record<string, string> = { 'context.genesys.legacyRoutingTargetQueueAddress': 'Manual' };
      for (const [key, value] of Object.entries(chat.request.customFields)) expected[`context.${key}`] = value;
      assert.deepEqual(printed, expected);
      assert.deepEqual(Object.keys(printed), Object.keys(printed).sort());
      assert.equal(printed['context.accountNumber'], '12345678');
      assert.equal(printed['context.newsletter'], 'true');
      assert.equal(printed['context._genesys_source'], 'web');
      assert.equal(JSON.parse(printed['context.preChat']).contact.email, 'blanche@home.example');
    });

    it('prints the raw attributes as a table, one line each, control characters shown as escapes', async () => {
      const result = await runCli(args('--format', 'table'));
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^ATTRIBUTE +VALUE$/);
      assert.equal(lines.length, Object.keys(chat.request.customFields).length + 2); // + header + queue address
      const valueColumn = lines[0]!.indexOf('VALUE');
      const row = (key: string) => lines.find((l) => l.startsWith(`${key} `));
      assert.equal(row('context.accountNumber')!.slice(valueColumn), '12345678');
      assert.equal(row('context.note')!.slice(valueColumn), 'line one\\u000aline two \\u001b[2J\\u202egnp.exe');
      assert.doesNotMatch(result.stdout, /[\u001b\u202e]/);
    });

    it('strips the context. prefix', async () => {
      const result = await runCli(args('--view', 'stripped'));
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout);
      assert.deepEqual(printed, { ...chat.request.customFields, 'genesys.legacyRoutingTargetQueueAddress': 'Manual' });
      assert.ok(Object.keys(printed).every((key) => !key.startsWith('context.')));
    });

    it('flattens nested pre-chat data into prefix_key entries', async () => {
      const result = await runCli(args('--view', 'flat'));
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout);
      assert.equal(printed.preChat, undefined);
      assert.equal(printed.preChat_topic, 'billing');
      assert.equal(printed.preChat_contact_email, 'blanche@home.example');
      assert.equal(printed.preChat_contact_phone, '555-0100');
      assert.equal(printed.preChat_products_0, 'fibre');
      assert.equal(printed.preChat_products_1, 'tv');
      assert.equal(printed.firstName, 'Blanche');
      assert.equal(printed.accountNumber, '12345678');
      assert.ok(Object.values(printed).every((value) => typeof value === 'string'));

      const table = await runCli(args('--view', 'flat', '--format', 'table'));
      assert.equal(table.code, 0);
      assert.match(table.stdout, /^preChat_contact_email +blanche@home\.example$/m);
      assert.match(table.stdout, /^ATTRIBUTE +VALUE\n/);
    });

    it("derives seed 000's Interaction Details view", async () => {
      const result = await runCli(args('--view', 'details'));
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), [
        { label: 'Customer Name', value: 'Blanche Stokes' },
        { label: 'Customer Address', value: '75 Dolgel Circle, Uzicomnov, WV 24667' },
        { label: 'Customer Phone Number', value: '(938) 679-8637 (Cell)' },
        { label: 'Customer Email', value: 'blanche.stokes@example.com' },
        { label: 'Customer ID', value: '59606' },
        { label: 'Reason', value: 'Upgrade my internet subscription' },
        { label: 'CRM CaseId', value: 'CASE-0042' },
      ]);
      const table = await runCli(args('--view', 'details', '--format', 'table'));
      assert.equal(table.code, 0);
      assert.equal(
        table.stdout,
        [
          'FIELD                  VALUE',
          'Customer Name          Blanche Stokes',
          'Customer Address       75 Dolgel Circle, Uzicomnov, WV 24667',
          'Customer Phone Number  (938) 679-8637 (Cell)',
          'Customer Email         blanche.stokes@example.com',
          'Customer ID            59606',
          'Reason                 Upgrade my internet subscription',
          'CRM CaseId             CASE-0042',
          '',
        ].join('\n'),
      );
    });

    it('reads the chat through the typed endpoint with --type chat', async () => {
      const result = await runCli(args('--type', 'chat', '--verbose'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, new RegExp(`GET ${server.url}/api/v2/conversations/chats/${chat.id} → 200`));
      assert.equal(JSON.parse(result.stdout)['context.accountNumber'], '12345678');
    });
  });

  describe('write-back', () => {
    it('adds the flattened attributes the participant lacks and keeps every existing one', async () => {
      const token = await platformToken(server);
      const before = customerOf((await api(server, 'GET', `/api/v2/conversations/chats/${chat.id}`, { jwt: token })).body).attributes;
      // Something a flow set earlier must survive.
      await api(server, 'PATCH', `/api/v2/conversations/chats/${chat.id}/participants/${chat.participantId}/attributes`, {
        jwt: token,
        body: { attributes: { routedBy: 'flow' } },
      });

      const result = await runCli(args('--write'));
      assert.equal(result.code, 0, result.stderr);
      // Under context.: names made from the visitor's data never land on a top-level name a flow trusts.
      const written = ['preChat_contact_email', 'preChat_contact_phone', 'preChat_products_0', 'preChat_products_1', 'preChat_topic'].map((k) => `context.${k}`);
      assert.equal(result.stderr, `gc-attributes: wrote 5 attributes to participant ${chat.participantId}: ${written.join(', ')}\n`);

      const after = customerOf((await api(server, 'GET', `/api/v2/conversations/chats/${chat.id}`, { jwt: token })).body).attributes;
      assert.deepEqual(after, {
        ...before,
        routedBy: 'flow',
        'context.preChat_topic': 'billing',
        'context.preChat_contact_email': 'blanche@home.example',
        'context.preChat_contact_phone': '555-0100',
        'context.preChat_products_0': 'fibre',
        'context.preChat_products_1': 'tv',
      });
      // What it printed is the participant as it is now (read back after the PATCH).
      assert.deepEqual(JSON.parse(result.stdout), Object.fromEntries(Object.entries(after).sort(([a], [b]) => (a < b ? -1 : 1))));

      // A second run has nothing left to add and sends no PATCH.
      const again = await runCli(args('--write', '--verbose'));
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /nothing to write: participant .* already has every flattened attribute/);
      assert.doesNotMatch(again.stderr, /PATCH/);
    });

    it('names the missing update permission when the client may only read (403, exit 4)', async () => {
      const fresh = await widgetChat(server, FORM, USER_DATA);
      const result = await runCli([fresh.id, ...connect(server, READER), '--write']);
      assert.equal(result.code, 4);
      assert.equal(result.stderr, `gc-attributes: permission denied (403 missing.permissions): the OAuth client lacks ${UPDATE}\n`);
      assert.equal(result.stdout, '');
      // Reading is allowed to that client.
      assert.equal((await runCli([fresh.id, ...connect(server, READER)])).code, 0);
      fresh.stream.close();
    });
  });

  describe('web messaging conversations', () => {
    it('detects the type, reads, flattens and writes back on the messages path', async () => {
      const messaging = await control.startMessaging({
        name: 'Ana',
        customAttributes: { firstName: 'Ana', orderId: 'A-1001', preChat: JSON.stringify({ email: 'ana@example.com', subject: 'Billing' }) },
      });
      const m = (...extra: string[]) => [messaging.id, ...connect(server), ...extra];

      const raw = await runCli(m('--verbose'));
      assert.equal(raw.code, 0, raw.stderr);
      assert.match(raw.stderr, new RegExp(`customer participant ${messaging.customer.participantId} of message conversation ${messaging.id}`));
      assert.deepEqual(JSON.parse(raw.stdout), messaging.customer.attributes);

      const typed = await runCli(m('--type', 'message', '--view', 'flat'));
      assert.equal(typed.code, 0, typed.stderr);
      assert.deepEqual(JSON.parse(typed.stdout), { firstName: 'Ana', orderId: 'A-1001', preChat_email: 'ana@example.com', preChat_subject: 'Billing' });

      const write = await runCli(m('--write', '--verbose'));
      assert.equal(write.code, 0, write.stderr);
      assert.match(write.stderr, new RegExp(`PATCH ${server.url}/api/v2/conversations/messages/${messaging.id}/participants/${messaging.customer.participantId}/attributes → 202`));
      const token = await platformToken(server);
      const after = customerOf((await api(server, 'GET', `/api/v2/conversations/messages/${messaging.id}`, { jwt: token })).body).attributes;
      assert.deepEqual(after, { ...messaging.customer.attributes, 'context.preChat_email': 'ana@example.com', 'context.preChat_subject': 'Billing' });
    });
  });

  describe('a conversation a Messenger guest started over the Web Messaging socket', () => {
    it('reads it exactly like a chat: type detected, context.<key> attributes, flat view', async () => {
      const guest = await Guest.open(server, MANUAL_READONLY_DEPLOYMENT_ID);
      await guest.configure(MANUAL_READONLY_DEPLOYMENT_ID);
      const preChat = JSON.stringify({ email: 'ana@example.com', subject: 'Billing' });
      await guest.join({ firstName: 'Ana', orderId: 'A-1001', preChat });
      const conversation = await control.waitForMessagingChat(guest.token);

      const raw = await runCli([conversation.id, ...connect(server), '--verbose']);
      assert.equal(raw.code, 0, raw.stderr);
      assert.match(raw.stderr, new RegExp(`customer participant ${conversation.customer.participantId} of message conversation ${conversation.id}`));
      assert.deepEqual(JSON.parse(raw.stdout), { 'context.firstName': 'Ana', 'context.orderId': 'A-1001', 'context.preChat': preChat });

      const flat = await runCli([conversation.id, ...connect(server), '--view', 'flat']);
      assert.equal(flat.code, 0, flat.stderr);
      assert.deepEqual(JSON.parse(flat.stdout), { firstName: 'Ana', orderId: 'A-1001', preChat_email: 'ana@example.com', preChat_subject: 'Billing' });
      guest.close();
    });
  });

  describe('errors: one line on stderr, nothing on stdout, one exit code each', () => {
    it('401 → exit 3: check the client id and secret', async () => {
      for (const credentials of [{ id: DEMO.id, secret: 'not-the-secret' }, { id: 'nobody', secret: DEMO.secret }]) {
        const result = await runCli([chat.id, ...connect(server, credentials)]);
        assert.equal(result.code, 3);
        assert.equal(result.stderr, 'gc-attributes: authentication failed (401 invalid_client): check the client id and secret\n');
        assert.equal(result.stdout, '');
      }
    });

    it('403 → exit 4, naming the missing permission', async () => {
      const result = await runCli([chat.id, ...connect(server, LIMITED)]);
      assert.equal(result.code, 4);
      assert.equal(result.stderr, `gc-attributes: permission denied (403 missing.permissions): the OAuth client lacks ${VIEW}\n`);
      assert.equal(result.stdout, '');
    });

    it('404 → exit 5: unknown conversation, or a conversation of the other type', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const missing = await runCli([unknown, ...connect(server)]);
      assert.equal(missing.code, 5);
      assert.equal(missing.stderr, `gc-attributes: conversation ${unknown} not found (404 not.found): check the id and the region\n`);

      const chatAsMessaging = await runCli(args('--type', 'message'));
      assert.equal(chatAsMessaging.code, 5);
      assert.equal(
        chatAsMessaging.stderr,
        `gc-attributes: no web messaging conversation ${chat.id} (404 not.found): check the id, or whether it is a chat conversation (--type chat or --type auto)\n`,
      );
      const messaging = await control.startMessaging({});
      const messagingAsChat = await runCli([messaging.id, ...connect(server), '--type', 'chat']);
      assert.equal(messagingAsChat.code, 5);
      assert.match(messagingAsChat.stderr, /^gc-attributes: no chat conversation .* \(404 not\.found\): check the id, or whether it is a web messaging conversation \(--type message or --type auto\)\n$/);
      for (const result of [missing, chatAsMessaging, messagingAsChat]) assert.equal(result.stdout, '');
    });

    it('429 → waits Retry-After and retries, then succeeds', async () => {
      await control.fault({ method: 'GET', path: `/api/v2/conversations/${chat.id}`, status: 429, retryAfter: 1, count: 2 });
      const result = await runCli(args('--verbose'));
      assert.equal(result.code, 0, result.stderr);
      const retries = result.stderr.split('\n').filter((line) => line.includes('→ 429'));
      assert.deepEqual(retries, [
        `gc-attributes: GET ${server.url}/api/v2/conversations/${chat.id} → 429; retrying in 1 s (retry 1 of 3)`,
        `gc-attributes: GET ${server.url}/api/v2/conversations/${chat.id} → 429; retrying in 1 s (retry 2 of 3)`,
      ]);
      assert.equal(JSON.parse(result.stdout)['context.accountNumber'], '12345678');
    });

    it('429 on every try → exit 6 after the retries (the token request is retried too)', async () => {
      await control.fault({ method: 'POST', path: '/oauth/token', status: 429, retryAfter: 0, count: 1 });
      await control.fault({ method: 'GET', path: `/api/v2/conversations/${chat.id}`, status: 429, retryAfter: 0, count: 10 });
      const result = await runCli(args('--max-retries', '2'));
      assert.equal(result.code, 6);
      assert.equal(result.stderr, 'gc-attributes: rate limited (429 too.many.requests.retry.after): still limited after the retries; try again later\n');
      assert.equal(result.stdout, '');
      // One try and two retries of the read; the token's single 429 was waited out.
      const pending = (await api(server, 'GET', '/control/faults')).body.faults;
      assert.deepEqual(pending.map((f: { path: string; remaining: number }) => [f.path, f.remaining]), [[`/api/v2/conversations/${chat.id}`, 7]]);
      await control.clearFaults();
    });

    it('network failures → exit 7: dropped connection, refused connection, no answer in time', async () => {
      await control.fault({ method: 'GET', path: `/api/v2/conversations/${chat.id}`, status: 0 });
      const dropped = await runCli(args());
      assert.equal(dropped.code, 7);
      assert.match(dropped.stderr, new RegExp(`^gc-attributes: network error: 127\\.0\\.0\\.1:${server.port} closed the connection without answering \\(\\w+\\) to GET ${server.url}/api/v2/conversations/${chat.id}\\n$`));

      const gone = await startServer();
      const closedUrl = gone.url;
      await gone.close();
      const refused = await runCli([chat.id, '--base-url', closedUrl, '--client-id', DEMO.id, '--client-secret', DEMO.secret]);
      assert.equal(refused.code, 7);
      assert.equal(refused.stderr, `gc-attributes: network error: cannot reach ${closedUrl.slice('http://'.length)}: connection refused (ECONNREFUSED)\n`);

      await control.delay({ method: 'GET', path: `/api/v2/conversations/${chat.id}`, ms: 3000, count: 1, phase: 'request' });
      const slow = await runCli(args('--timeout', '300'));
      assert.equal(slow.code, 7);
      assert.equal(slow.stderr, `gc-attributes: network error: no answer from 127.0.0.1:${server.port} within 300 ms (GET ${server.url}/api/v2/conversations/${chat.id})\n`);
      for (const result of [dropped, refused, slow]) assert.equal(result.stdout, '');
      await control.clearFaults();
    });

    it('any other answer → exit 1 with the status, the code and the server\'s message', async () => {
      await control.fault({ method: 'GET', path: `/api/v2/conversations/${chat.id}`, status: 503, message: 'Down for\nmaintenance' });
      const result = await runCli(args());
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        `gc-attributes: unexpected answer (503 service.unavailable) from GET ${server.url}/api/v2/conversations/${chat.id}: Down for maintenance\n`,
      );
      assert.equal(result.stdout, '');
    });

    it('usage errors → exit 2 with what to fix', async () => {
      const cases: Array<[string[], string]> = [
        [connect(server), 'missing the conversation id'],
        [[chat.id, '--client-id', DEMO.id, '--client-secret', DEMO.secret], 'no region: use --region (e.g. mypurecloud.ie), --base-url, GENESYSCLOUD_REGION or GENESYSCLOUD_BASE_URL'],
        [[chat.id, '--region', 'mars-north-1', '--client-id', 'x', '--client-secret', 'y'], 'unknown region "mars-north-1": use a domain such as mypurecloud.ie or one of us-east-1,'],
        [[chat.id, '--base-url', server.url, '--client-secret', DEMO.secret], 'missing the client id: use --client-id, GENESYSCLOUD_OAUTHCLIENT_ID or a --dotenv file'],
        [[chat.id, '--base-url', server.url, '--client-id', DEMO.id], 'missing the client secret: use GENESYSCLOUD_OAUTHCLIENT_SECRET, a --dotenv file or --client-secret'],
        [args('--view', 'pretty'), '--view must be one of raw, stripped, flat, details, not "pretty"'],
        [args('--format', 'yaml'), '--format must be one of json, table, not "yaml"'],
        [args('--type', 'voice'), '--type must be one of auto, chat, message, not "voice"'],
        [args('--max-retries', 'lots'), '--max-retries must be a whole number from 0 to 10, not "lots"'],
        [args('--verbosity'), 'unknown option --verbosity'],
        [args('--dotenv', 'no-such.env'), 'cannot read the env file'],
        [[chat.id, 'extra', ...connect(server)], 'expected one conversation id, got 2 arguments'],
      ];
      const results = await Promise.all(cases.map(([argv]) => runCli(argv)));
      for (const [i, [argv, message]] of cases.entries()) {
        const result = results[i]!;
        assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`);
        assert.ok(result.stderr.startsWith(`gc-attributes: ${message}`), result.stderr);
        assert.match(result.stderr, ONE_LINE_ERROR);
        assert.match(result.stderr, /\(see gc-attributes --help\)\n$/);
        assert.equal(result.stdout, '');
      }
    });
  });

  describe('credentials and region from the environment and a .env file', () => {
    it('reads GENESYSCLOUD_* variables, a --dotenv file, and takes secret and endpoint together from the first source with a secret', async () => {
      const env = { GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.id, GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.secret, GENESYSCLOUD_BASE_URL: server.url };
      const fromEnv = await runCli([chat.id, '--view', 'details'], { env });
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      assert.equal(JSON.parse(fromEnv.stdout)[0].value, 'Blanche Stokes');

      const dir = mkdtempSync(join(tmpdir(), 'gc-attributes-env-'));
      writeFileSync(
        join(dir, '.env'),
        `# local Genesys Cloud\nexport GENESYSCLOUD_BASE_URL=${server.url}\nGENESYSCLOUD_OAUTHCLIENT_ID="${DEMO.id}"\nGENESYSCLOUD_OAUTHCLIENT_SECRET='${DEMO.secret}'\n`,
      );
      // A .env is read only when asked for.
      const unasked = await runCli([chat.id], { cwd: dir });
      assert.equal(unasked.code, 2);
      const fromFile = await runCli([chat.id, '--dotenv', '.env'], { cwd: dir });
      assert.equal(fromFile.code, 0, fromFile.stderr);
      assert.equal(JSON.parse(fromFile.stdout)['context.firstName'], 'Blanche');

      // A secret in the environment beats the file, and its endpoint must come with it.
      const envOnlySecret = await runCli([chat.id, '--dotenv', '.env'], { cwd: dir, env: { GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.secret } });
      assert.equal(envOnlySecret.code, 2);
      assert.match(envOnlySecret.stderr, /the client secret comes from the environment, which names no region or base URL/);
      const envWins = await runCli([chat.id, '--dotenv', '.env'], { cwd: dir, env: { ...env, GENESYSCLOUD_OAUTHCLIENT_SECRET: 'stale' } });
      assert.equal(envWins.code, 3);
      // Flags beat both, as a whole.
      const flagWins = await runCli([chat.id, ...connect(server)], { cwd: dir, env: { ...env, GENESYSCLOUD_OAUTHCLIENT_SECRET: 'stale' } });
      assert.equal(flagWins.code, 0, flagWins.stderr);

      // --dotenv names another file; a line that is not KEY=VALUE is refused without being quoted.
      const other = join(dir, 'staging.env');
      writeFileSync(other, `GENESYSCLOUD_BASE_URL=${server.url}\nGENESYSCLOUD_OAUTHCLIENT_ID=${DEMO.id}\n${DEMO.secret}\n`);
      const broken = await runCli([chat.id, '--dotenv', other], { cwd: dir });
      assert.equal(broken.code, 2);
      assert.equal(broken.stderr, `gc-attributes: ${other} line 3 is not KEY=VALUE (see gc-attributes --help)\n`);
    });

    it('never sends a secret to a login URL that a cloned repository\'s .env names (it received Basic id:secret in clear)', async () => {
      const received: string[] = [];
      const catcher = createServer((req, res) => {
        received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
        res.writeHead(500).end();
      });
      await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve));
      try {
        const dir = mkdtempSync(join(tmpdir(), 'gc-attributes-cloned-'));
        writeFileSync(join(dir, '.env'), `GENESYSCLOUD_LOGIN_URL=http://127.0.0.1:${(catcher.address() as AddressInfo).port}\n`);
        const env = { GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.id, GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.secret, GENESYSCLOUD_BASE_URL: server.url };
        for (const extra of [[], ['--dotenv', '.env']]) {
          const result = await runCli([chat.id, ...extra], { cwd: dir, env });
          assert.equal(result.code, 0, result.stderr);
        }
        // Nor to a login URL in the environment when the secret came on the command line.
        const mixed = await runCli([chat.id, ...connect(server)], { cwd: dir, env: { GENESYSCLOUD_LOGIN_URL: `http://127.0.0.1:${(catcher.address() as AddressInfo).port}` } });
        assert.equal(mixed.code, 0, mixed.stderr);
        assert.deepEqual(received, []);
      } finally {
        catcher.close();
      }
    });

    it('refuses plain http to anything but a loopback address, before sending anything', async () => {
      for (const argv of [
        [chat.id, '--base-url', 'http://genesys-proxy.example', '--client-id', DEMO.id, '--client-secret', DEMO.secret],
        [chat.id, ...connect(server), '--login-url', 'http://sso.example'],
      ]) {
        const result = await runCli(argv);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, /must use https \(the client secret would travel in clear\)/);
      }
    });

    it("reads a .env written for Genesys's SDK tutorials (GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET, GENESYS_REGION)", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gc-attributes-sdk-env-'));
      // The tutorial's names for the credentials; the local server stands in for the region's API here.
      writeFileSync(join(dir, 'local.env'), `GENESYS_CLIENT_ID=${DEMO.id}\nGENESYS_CLIENT_SECRET=${DEMO.secret}\nGENESYSCLOUD_BASE_URL=${server.url}\n`);
      const local = await runCli([chat.id, '--dotenv', 'local.env'], { cwd: dir });
      assert.equal(local.code, 0, local.stderr);
      assert.equal(typeof JSON.parse(local.stdout), 'object');
      // The tutorial's region name resolves to that region's API and login hosts (not contacted here).
      writeFileSync(join(dir, 'tutorial.env'), `GENESYS_REGION=eu-west-1.aws\nGENESYS_CLIENT_ID=${DEMO.id}\nGENESYS_CLIENT_SECRET=${DEMO.secret}\n`);
      const { parseCommandLine } = await import('../../tools/attributes/options.ts');
      const parsed = parseCommandLine([chat.id, '--dotenv', 'tutorial.env'], {}, dir) as { settings: { endpoints: unknown; clientId: string } };
      assert.deepEqual(parsed.settings.endpoints, { apiBase: 'https://api.mypurecloud.ie', loginBase: 'https://login.mypurecloud.ie' });
      assert.equal(parsed.settings.clientId, DEMO.id);
      // In the environment too, and the GENESYSCLOUD_* name wins when both are set.
      const both = parseCommandLine([chat.id], { GENESYS_REGION: 'us-east-1.aws', GENESYSCLOUD_REGION: 'mypurecloud.de', GENESYS_CLIENT_ID: 'x', GENESYS_CLIENT_SECRET: 'y' }, dir) as {
        settings: { endpoints: { apiBase: string }; clientId: string };
      };
      assert.equal(both.settings.endpoints.apiBase, 'https://api.mypurecloud.de');
      assert.equal(both.settings.clientId, 'x');
    });
  });

  describe('the secret', () => {
    it('masks only secrets long enough to be one: a one-letter secret does not garble every message', async () => {
      const result = await runCli([chat.id, '--base-url', server.url, '--client-id', 'nobody', '--client-secret', 'e']);
      assert.equal(result.code, 3);
      assert.doesNotMatch(result.stderr, /\*\*\*/);
      assert.match(result.stderr, /^gc-attributes: .*e.*\n$/);
    });

    it('never appears on stdout or stderr, even with --verbose and even when the data echoes it', async () => {
      const echo = await widgetChat(server, { firstname: 'Eve', form: { note: `my key is ${DEMO.secret}` } }, {});
      const basic = Buffer.from(`${DEMO.id}:${DEMO.secret}`).toString('base64');
      const extras = [[], ['--format', 'table'], ['--view', 'flat'], ['--write'], ['--view', 'bogus'], ['--type', 'message']];
      const results: CliResult[] = await Promise.all([
        ...extras.map((extra) => runCli([echo.id, ...connect(server), '--verbose', ...extra])),
        runCli([echo.id, '--base-url', server.url, '--client-id', 'nobody', '--client-secret', DEMO.secret, '--verbose']),
        runCli([echo.id, ...connect(server, LIMITED), '--verbose']),
      ]);
      // Last, alone: the dropped connection must not hit the runs above.
      await control.fault({ method: 'GET', path: `/api/v2/conversations/${echo.id}`, status: 0 });
      results.push(await runCli([echo.id, ...connect(server), '--verbose']));
      for (const result of results) {
        for (const output of [result.stdout, result.stderr]) {
          assert.ok(!output.includes(DEMO.secret), output);
          assert.ok(!output.includes(LIMITED.secret), output);
          assert.ok(!output.includes(basic), output);
        }
      }
      // The attribute that carried it is printed masked.
      assert.equal(JSON.parse(results[0]!.stdout)['context.note'], 'my key is ***');
      assert.deepEqual(results.map((r) => r.code), [0, 0, 0, 0, 2, 5, 3, 4, 7]);
      await control.clearFaults();
      echo.stream.close();
    });
  });

  it('--help prints the usage with the exit codes; --version the package version', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: gc-attributes <conversation-id> \[options\]/);
    assert.match(help.stdout, /3 authentication \(401\), 4 permission \(403\),\n5 not found \(404\), 6 rate limited \(429 after the retries\), 7 network/);
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
