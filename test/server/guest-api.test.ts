import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../server/app.ts';
import { JwtSigner } from '../../server/jwt.ts';
import {
  api, AUTH_DEPLOYMENT_ID, createBody, createChat, DEPLOYMENT_ID, DISABLED_DEPLOYMENT_ID, GUEST, ORG_ID,
  sendMessage, start, StreamClient, TEST_SECRET,
} from './helpers.ts';

function decodeJwt(jwt: string) {
  const [header, payload] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()),
  };
}

describe('guest chat API: create conversation', () => {
  let server: RunningServer;
  before(async () => {
    server = await start();
  });
  after(() => server.close());

  it('creates a chat without auth and answers id, jwt, eventStreamUri and member', async () => {
    const res = await api(server, 'POST', `${GUEST}/conversations`, { body: createBody() });
    assert.equal(res.status, 200);
    assert.match(res.body.id, /^[0-9a-f-]{36}$/);
    assert.match(res.body.member.id, /^[0-9a-f-]{36}$/);
    const { header, payload } = decodeJwt(res.body.jwt);
    assert.equal(header.typ, 'JWT');
    assert.deepEqual(payload.data, { conv: res.body.id, did: DEPLOYMENT_ID, sub: res.body.member.id });
    assert.equal(payload.iss, 'urn:purecloud:webchat');
    assert.equal(payload.org, ORG_ID);
    assert.equal(payload.exp - payload.iat, 86400);
    assert.equal(res.body.eventStreamUri, `ws://127.0.0.1:${server.port}/v1/token/${res.body.jwt}`);
    // Headers like the real service.
    assert.match(res.headers.get('inin-correlation-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('cache-control'), 'no-cache, no-store, must-revalidate');
    assert.equal(res.headers.get('pragma'), 'no-cache');
    assert.equal(res.headers.get('expires'), '0');
  });

  it('builds eventStreamUri from the Host header the page used', async () => {
    // fetch will not set Host, so use node:http directly.
    const body = JSON.stringify(createBody());
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        `${server.url}${GUEST}/conversations`,
        { method: 'POST', headers: { Host: `localhost:${server.port}`, 'Content-Type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(answer.status, 200);
    assert.ok(answer.body.eventStreamUri.startsWith(`ws://localhost:${server.port}/v1/token/`), answer.body.eventStreamUri);
    const stream = await StreamClient.open(answer.body.eventStreamUri);
    stream.close();
  });

  it('accepts lower-case targetType, unknown memberInfo keys, and coerces customFields to strings', async () => {
    const res = await api(server, 'POST', `${GUEST}/conversations`, {
      body: createBody(
        { routingTarget: { targetType: 'queue', targetAddress: 'Support', priority: 2, skills: ['English'] } },
        { role: 'CUSTOMER', profileImageUrl: 'https://example.com/a.png', customFields: { vip: true, age: 42, note: null, nested: { a: 1 } } },
      ),
    });
    assert.equal(res.status, 200);
    const detail = await api(server, 'GET', `/control/chats/${res.body.id}`);
    assert.deepEqual(detail.body.customer.customFields, { vip: 'true', age: '42', nested: '{"a":1}' });
    assert.equal(detail.body.routingTarget.priority, 2);
  });

  const cases: Array<[string, Record<string, unknown>, Record<string, unknown> | undefined, number, string]> = [
    ['missing displayName', {}, { displayName: undefined }, 400, 'chat.error.notnull.createconversationrequest.memberinfo.displayname'],
    ['blank displayName', {}, { displayName: '  ' }, 400, 'chat.error.notnull.createconversationrequest.memberinfo.displayname'],
    ['missing memberInfo', { memberInfo: undefined }, undefined, 400, 'chat.error.notnull.createconversationrequest.memberinfo.displayname'],
    ['missing routingTarget', { routingTarget: undefined }, {}, 400, 'chat.error.notnull.createconversationrequest.routingtarget'],
    ['bad targetType', { routingTarget: { targetType: 'USER', targetAddress: 'Support' } }, {}, 400, 'chat.error.createconversationrequest.routingtarget'],
    ['missing targetAddress', { routingTarget: { targetType: 'QUEUE' } }, {}, 400, 'chat.error.createconversationrequest.routingtarget'],
    ['unknown queue', { routingTarget: { targetType: 'QUEUE', targetAddress: 'Nope' } }, {}, 400, 'chat.error.invalid.queue'],
    ['deploymentId not a UUID', { deploymentId: 'not-a-uuid' }, {}, 400, 'chat.error.pattern.createconversationrequest.deploymentid'],
    ['unknown deployment', { deploymentId: '00000000-0000-4000-8000-000000000000' }, {}, 400, 'chat.error.bad.request'],
    ['missing deploymentId', { deploymentId: undefined }, {}, 400, 'chat.error.notnull.createconversationrequest.deploymentid'],
    ['missing organizationId', { organizationId: undefined }, {}, 400, 'chat.error.notnull.createconversationrequest.organizationid'],
    ['wrong organization', { organizationId: '00000000-0000-4000-8000-000000000000' }, {}, 400, 'chat.error.bad.request'],
    ['disabled deployment', { deploymentId: DISABLED_DEPLOYMENT_ID }, {}, 400, 'chat.deployment.disabled'],
    ['auth deployment without token', { deploymentId: AUTH_DEPLOYMENT_ID }, {}, 400, 'chat.deployment.require.auth'],
    ['auth deployment with a malformed token', { deploymentId: AUTH_DEPLOYMENT_ID, memberAuthToken: 'abc' }, {}, 400, 'chat.deployment.bad.auth'],
    ['journeyContext without customer', { journeyContext: {} }, {}, 400, 'chat.error.notnull.createconversationrequest.journeycontext.customer'],
    ['journeyContext customer without idType', { journeyContext: { customer: { id: 'x' } } }, {}, 400, 'chat.error.notnull.createconversationrequest.journeycontext.customer.customeridtype'],
  ];
  for (const [name, overrides, memberInfo, status, code] of cases) {
    it(`rejects ${name} with ${status} ${code}`, async () => {
      const body = createBody(overrides) as Record<string, unknown>;
      if (memberInfo) body.memberInfo = { ...(body.memberInfo as object), ...memberInfo };
      const res = await api(server, 'POST', `${GUEST}/conversations`, { body });
      assert.equal(res.status, status, res.text);
      assert.equal(res.body.code, code);
      assert.equal(res.body.status, status);
      assert.equal(res.body.contextId, res.headers.get('inin-correlation-id'));
      assert.deepEqual(res.body.details, []);
      assert.deepEqual(res.body.errors, []);
      assert.equal(typeof res.body.message, 'string');
      assert.equal(typeof res.body.messageParams, 'object');
    });
  }

  it('accepts an authenticated deployment with a memberAuthToken and marks the guest authenticated', async () => {
    const res = await api(server, 'POST', `${GUEST}/conversations`, {
      body: createBody({ deploymentId: AUTH_DEPLOYMENT_ID, memberAuthToken: 'aaa.bbb.ccc' }),
    });
    assert.equal(res.status, 200);
    const member = await api(server, 'GET', `${GUEST}/conversations/${res.body.id}/members/${res.body.member.id}`, { jwt: res.body.jwt });
    assert.equal(member.body.authenticatedGuest, true);
  });

  it('accepts a complete journeyContext', async () => {
    const res = await api(server, 'POST', `${GUEST}/conversations`, {
      body: createBody({
        journeyContext: {
          customer: { id: 'c1', idType: 'cookie' },
          customerSession: { id: 's1', type: 'web' },
          triggeringAction: { id: 'a1', actionMap: { id: 'm1', version: 3 } },
        },
      }),
    });
    assert.equal(res.status, 200, res.text);
  });

  it('answers malformed JSON with 400 bad.request, a wrong content type with 415, no body with 400', async () => {
    const malformed = await api(server, 'POST', `${GUEST}/conversations`, {
      rawBody: '{"organizationId":',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'bad.request');
    const wrongType = await api(server, 'POST', `${GUEST}/conversations`, {
      rawBody: 'a=b',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.body.code, 'unsupported.media.type');
    const empty = await api(server, 'POST', `${GUEST}/conversations`, { headers: { 'Content-Type': 'application/json' } });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'bad.request');
  });

  it('takes a client that goes away in the middle of its body quietly: no error in the terminal, and it serves on', async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const { port } = new URL(server.url);
      await new Promise<void>((resolve) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: `${GUEST}/conversations`, headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' } });
        req.on('error', () => resolve());
        req.write('{"organizationId": "');
        // The tab closes before the rest of the body is sent.
        setTimeout(() => req.destroy(), 50);
        setTimeout(resolve, 300);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(logged, []);
      const next = await api(server, 'GET', `${GUEST}/nothing-here`);
      assert.equal(next.status, 404);
    } finally {
      console.error = original;
    }
  });

  it('answers unknown API paths with 404 not.found in ErrorBody shape', async () => {
    const res = await api(server, 'GET', `${GUEST}/nothing-here`);
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'not.found');
    assert.equal(res.body.contextId, res.headers.get('inin-correlation-id'));
  });
});

describe('guest chat API: messages, typing, members', () => {
  let server: RunningServer;
  before(async () => {
    server = await start({ routingDelayMs: 60_000 }); // nobody answers: the transcript stays ours
  });
  after(() => server.close());

  it('sends a message and answers a WebChatMessage', async () => {
    const chat = await createChat(server);
    const res = await sendMessage(server, chat, { body: 'Hello there' });
    assert.equal(res.status, 200);
    assert.equal(res.body.body, 'Hello there');
    assert.equal(res.body.bodyType, 'standard');
    assert.deepEqual(res.body.sender, { id: chat.memberId });
    assert.deepEqual(res.body.conversation, { id: chat.id, selfUri: `/api/v2/conversations/${chat.id}` });
    assert.equal(res.body.selfUri, `${GUEST}/conversations/${chat.id}/messages/${res.body.id}`);
    assert.match(res.body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const got = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/messages/${res.body.id}`, { jwt: chat.jwt });
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('accepts every guest bodyType and rejects others', async () => {
    const chat = await createChat(server);
    for (const bodyType of ['standard', 'notice', 'member-join', 'member-leave']) {
      const res = await sendMessage(server, chat, { body: `x ${bodyType}`, bodyType });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.bodyType, bodyType);
    }
    const bad = await sendMessage(server, chat, { body: 'x', bodyType: 'standard | notice' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalid.value');
  });

  it('enforces body presence and the 4,000-character limit', async () => {
    const chat = await createChat(server);
    const missing = await sendMessage(server, chat, {});
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, 'chat.error.notnull.createconversationmessagerequest.body');
    const exactly = await sendMessage(server, chat, { body: 'a'.repeat(4000) });
    assert.equal(exactly.status, 200);
    const tooLong = await sendMessage(server, chat, { body: 'a'.repeat(4001) });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.code, 'chat.error.bad.request');
    assert.match(tooLong.body.message, /4,000/);
    assert.equal(tooLong.body.messageParams.maxLength, '4000');
    const notJson = await api(server, 'POST', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}/messages`, {
      jwt: chat.jwt,
      rawBody: 'hello',
      headers: { 'Content-Type': 'text/plain' },
    });
    assert.equal(notJson.status, 415);
  });

  it('answers typing with a WebChatTyping', async () => {
    const chat = await createChat(server);
    const res = await api(server, 'POST', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}/typing`, {
      jwt: chat.jwt,
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.sender, { id: chat.memberId });
    assert.equal(res.body.conversation.id, chat.id);
    assert.match(res.body.id, /^[0-9a-f-]{36}$/);
    assert.ok(res.body.timestamp);
  });

  it('pages messages with after, before, sortOrder, maxResults and relative next/previousPage links', async () => {
    const chat = await createChat(server);
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) ids.push((await sendMessage(server, chat, { body: `m${i}` })).body.id);
    const get = (query: string) => api(server, 'GET', `${GUEST}/conversations/${chat.id}/messages${query}`, { jwt: chat.jwt });
    const bodies = (res: { body: any }) => res.body.entities.map((m: any) => m.body);

    const all = await get('');
    assert.deepEqual(bodies(all), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    assert.equal(all.body.pageSize, 100);
    assert.equal(all.body.next, undefined);

    // Oldest first, following next.
    const p1 = await get('?maxResults=3');
    assert.deepEqual(bodies(p1), ['m1', 'm2', 'm3']);
    assert.ok(p1.body.next.startsWith(`${GUEST}/conversations/${chat.id}/messages?`), p1.body.next);
    assert.equal(p1.body.previousPage, undefined);
    const p2 = await api(server, 'GET', p1.body.next, { jwt: chat.jwt });
    assert.deepEqual(bodies(p2), ['m4', 'm5', 'm6']);
    assert.ok(p2.body.previousPage);
    const p3 = await api(server, 'GET', p2.body.next, { jwt: chat.jwt });
    assert.deepEqual(bodies(p3), ['m7']);
    assert.equal(p3.body.next, undefined);

    // Newest first (the widget's restore), then older pages with before=<last entity>.
    const d1 = await get('?sortOrder=descending&maxResults=3');
    assert.deepEqual(bodies(d1), ['m7', 'm6', 'm5']);
    assert.ok(d1.body.next);
    const d2 = await get(`?sortOrder=descending&maxResults=3&before=${d1.body.entities.at(-1).id}`);
    assert.deepEqual(bodies(d2), ['m4', 'm3', 'm2']);
    const d3 = await api(server, 'GET', d2.body.next, { jwt: chat.jwt });
    assert.deepEqual(bodies(d3), ['m1']);
    assert.equal(d3.body.next, undefined);

    // after= (reconnect catch-up) and a window.
    assert.deepEqual(bodies(await get(`?after=${ids[4]}`)), ['m6', 'm7']);
    assert.deepEqual(bodies(await get(`?after=${ids[0]}&before=${ids[3]}`)), ['m2', 'm3']);
    assert.deepEqual(bodies(await get(`?after=${ids[6]}`)), []);

    for (const query of ['?maxResults=101', '?maxResults=0', '?maxResults=abc', '?sortOrder=sideways', '?after=unknown-id']) {
      const res = await get(query);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.code, 'invalid.value', query);
    }
  });

  it('gets members and pages them with excludeDisconnectedMembers', async () => {
    const chat = await createChat(server, { routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' } });
    const stream = await StreamClient.open(chat.eventStreamUri);
    await api(server, 'POST', `/control/chats/${chat.id}/accept`, { body: { agentName: 'Alice' } });
    await api(server, 'POST', `/control/chats/${chat.id}/end`);
    // Second agent leg is impossible after end; membership: customer + Alice, both disconnected.
    const list = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members`, { jwt: chat.jwt });
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 2);
    assert.equal(list.body.pageSize, 25);
    assert.equal(list.body.pageNumber, 1);
    assert.equal(list.body.pageCount, 1);
    assert.equal(list.body.firstUri, `${GUEST}/conversations/${chat.id}/members?pageSize=25&pageNumber=1`);
    assert.equal(list.body.lastUri, list.body.firstUri);
    assert.equal(list.body.selfUri, list.body.firstUri);
    const [customer, agent] = list.body.entities;
    assert.equal(customer.id, chat.memberId);
    assert.equal(customer.role, 'CUSTOMER');
    assert.equal(customer.displayName, 'Ann Smith');
    assert.equal(customer.customFields.email, 'ann@example.com');
    assert.equal(agent.role, 'AGENT');
    assert.equal(agent.displayName, 'Alice');
    assert.ok(agent.leaveDate);

    const page2 = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members?pageSize=1&pageNumber=2`, { jwt: chat.jwt });
    assert.equal(page2.body.entities.length, 1);
    assert.equal(page2.body.entities[0].role, 'AGENT');
    assert.equal(page2.body.pageCount, 2);
    assert.ok(page2.body.previousUri.endsWith('pageSize=1&pageNumber=1'));
    assert.equal(page2.body.nextUri, undefined);
    const page1 = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members?pageSize=1`, { jwt: chat.jwt });
    assert.ok(page1.body.nextUri.endsWith('pageSize=1&pageNumber=2'));

    const connectedOnly = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members?excludeDisconnectedMembers=true`, { jwt: chat.jwt });
    assert.equal(connectedOnly.body.total, 0);
    assert.deepEqual(connectedOnly.body.entities, []);

    const member = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members/${agent.id}`, { jwt: chat.jwt });
    assert.equal(member.status, 200);
    assert.equal(member.body.state, 'DISCONNECTED');
    const unknown = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members/00000000-0000-4000-8000-000000000000`, { jwt: chat.jwt });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'chat.error.not.found');
    const badParam = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members?excludeDisconnectedMembers=maybe`, { jwt: chat.jwt });
    assert.equal(badParam.status, 400);
    stream.close();
  });

  it('answers 404 chat.error.not.found for an unknown message and media request, an empty media request list', async () => {
    const chat = await createChat(server);
    const msg = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/messages/00000000-0000-4000-8000-000000000000`, { jwt: chat.jwt });
    assert.equal(msg.status, 404);
    assert.equal(msg.body.code, 'chat.error.not.found');
    const list = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/mediarequests`, { jwt: chat.jwt });
    assert.deepEqual(list.body, { entities: [] });
    const one = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/mediarequests/abc`, { jwt: chat.jwt });
    assert.equal(one.status, 404);
    assert.equal(one.body.code, 'chat.error.not.found');
    const patch = await api(server, 'PATCH', `${GUEST}/conversations/${chat.id}/mediarequests/abc`, { jwt: chat.jwt, body: { state: 'ACCEPTED', types: ['COBROWSE'] } });
    assert.equal(patch.status, 404);
  });

  it('leaves with DELETE (204), then refuses to send as the departed member', async () => {
    const chat = await createChat(server);
    const del = await api(server, 'DELETE', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`, { jwt: chat.jwt });
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    const send = await sendMessage(server, chat, { body: 'still there?' });
    assert.equal(send.status, 400);
    assert.equal(send.body.code, 'chat.error.member.state');
    const typing = await api(server, 'POST', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}/typing`, { jwt: chat.jwt });
    assert.equal(typing.body.code, 'chat.error.member.state');
    const again = await api(server, 'DELETE', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`, { jwt: chat.jwt });
    assert.equal(again.status, 400);
    const self = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`, { jwt: chat.jwt });
    assert.equal(self.body.state, 'DISCONNECTED');
  });

  it('refuses to send into a chat the agent ended with chat.error.conversation.state', async () => {
    const chat = await createChat(server, { routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' } });
    await api(server, 'POST', `/control/chats/${chat.id}/accept`, {});
    await api(server, 'POST', `/control/chats/${chat.id}/end`);
    const send = await sendMessage(server, chat, { body: 'hello?' });
    assert.equal(send.status, 400);
    assert.equal(send.body.code, 'chat.error.conversation.state');
    const del = await api(server, 'DELETE', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`, { jwt: chat.jwt });
    assert.equal(del.body.code, 'chat.error.conversation.state');
  });
});

describe('guest chat API: JWT checks and rate limit', () => {
  let server: RunningServer;
  before(async () => {
    server = await start({ routingDelayMs: 60_000, rateLimit: { requests: 5, windowSeconds: 30 } });
  });
  after(() => server.close());

  it('answers 401 authentication.required / bad.credentials / credentials.expired', async () => {
    const chat = await createChat(server);
    const path = `${GUEST}/conversations/${chat.id}/messages`;
    const none = await api(server, 'GET', path);
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'authentication.required');
    const garbage = await api(server, 'GET', path, { jwt: 'not-a-jwt' });
    assert.equal(garbage.status, 401);
    assert.equal(garbage.body.code, 'bad.credentials');
    const notBearer = await api(server, 'GET', path, { headers: { Authorization: `Basic ${chat.jwt}` } });
    assert.equal(notBearer.body.code, 'bad.credentials');
    const tampered = chat.jwt.slice(0, -2) + (chat.jwt.endsWith('A') ? 'BB' : 'AA');
    assert.equal((await api(server, 'GET', path, { jwt: tampered })).body.code, 'bad.credentials');
    const foreign = new JwtSigner('another-secret-0123456789').sign(
      { conversationId: chat.id, deploymentId: DEPLOYMENT_ID, memberId: chat.memberId, organizationId: ORG_ID },
      60,
    );
    assert.equal((await api(server, 'GET', path, { jwt: foreign })).body.code, 'bad.credentials');
    const expired = new JwtSigner(TEST_SECRET).sign(
      { conversationId: chat.id, deploymentId: DEPLOYMENT_ID, memberId: chat.memberId, organizationId: ORG_ID },
      60,
      Date.now() - 120_000,
    );
    const exp = await api(server, 'GET', path, { jwt: expired });
    assert.equal(exp.status, 401);
    assert.equal(exp.body.code, 'credentials.expired');
  });

  it('expires JWTs after jwtTtlSeconds', async () => {
    const short = await start({ jwtTtlSeconds: 1 });
    try {
      const chat = await createChat(short);
      const ok = await api(short, 'GET', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`, { jwt: chat.jwt });
      assert.equal(ok.status, 200);
      await new Promise((r) => setTimeout(r, 1100));
      const late = await api(short, 'GET', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`, { jwt: chat.jwt });
      assert.equal(late.status, 401);
      assert.equal(late.body.code, 'credentials.expired');
    } finally {
      await short.close();
    }
  });

  it('scopes a JWT to its conversation (403) and its member for member actions (403)', async () => {
    const a = await createChat(server);
    const b = await createChat(server);
    const cross = await api(server, 'GET', `${GUEST}/conversations/${b.id}/messages`, { jwt: a.jwt });
    assert.equal(cross.status, 403);
    assert.equal(cross.body.code, 'not.authorized');
    const crossSend = await api(server, 'POST', `${GUEST}/conversations/${b.id}/members/${b.memberId}/messages`, { jwt: a.jwt, body: { body: 'x' } });
    assert.equal(crossSend.status, 403);
    // a's token naming b's member inside a's conversation: that member is not in a.
    const otherMember = await api(server, 'POST', `${GUEST}/conversations/${a.id}/members/${b.memberId}/messages`, { jwt: a.jwt, body: { body: 'x' } });
    assert.equal(otherMember.status, 404);
    assert.equal(otherMember.body.code, 'chat.error.not.found');
  });

  it('refuses to act as another member of the same conversation', async () => {
    const chat = await createChat(server, { routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' } });
    const accepted = await api(server, 'POST', `/control/chats/${chat.id}/accept`, {});
    const agentId = accepted.body.agent.id;
    const res = await api(server, 'POST', `${GUEST}/conversations/${chat.id}/members/${agentId}/messages`, { jwt: chat.jwt, body: { body: 'I am the agent' } });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'not.authorized');
  });

  it('answers 404 chat.error.not.found for a validly signed token naming an unknown conversation', async () => {
    const ghost = '00000000-0000-4000-8000-00000000abcd';
    const jwt = new JwtSigner(TEST_SECRET).sign({ conversationId: ghost, deploymentId: DEPLOYMENT_ID, memberId: ghost, organizationId: ORG_ID }, 60);
    const res = await api(server, 'GET', `${GUEST}/conversations/${ghost}/messages`, { jwt });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'chat.error.not.found');
  });

  it('rate-limits per conversation with 429 too.many.requests.retry.after and Retry-After', async () => {
    const chat = await createChat(server);
    const other = await createChat(server);
    const path = `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`;
    for (let i = 0; i < 5; i++) assert.equal((await api(server, 'GET', path, { jwt: chat.jwt })).status, 200);
    const limited = await api(server, 'GET', path, { jwt: chat.jwt });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'too.many.requests.retry.after');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 30, String(retryAfter));
    assert.equal(limited.body.limit.namespace, 'webchat');
    // Another conversation is not affected.
    assert.equal((await api(server, 'GET', `${GUEST}/conversations/${other.id}/members/${other.memberId}`, { jwt: other.jwt })).status, 200);
  });
});
