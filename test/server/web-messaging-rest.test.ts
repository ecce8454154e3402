// The REST around the Web Messaging socket: deployment config, history with the guest JWT, and the
// conversations API showing a messaging conversation's customer attributes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../server/app.ts';
import { createControl, type Control } from '../../server/control-client.ts';
import {
  AUTH_DEPLOYMENT_ID,
  DEMO_DEPLOYMENT_ID,
  INACTIVE_DEPLOYMENT_ID,
  MANUAL_READONLY_DEPLOYMENT_ID,
  MANUAL_SEND_DEPLOYMENT_ID,
} from '../fixtures/demo-deployments.ts';
import { api, createChat, GUEST } from './helpers.ts';
import { Guest, isOutboundText, startWm } from './web-messaging-helpers.ts';

const MANUAL = MANUAL_READONLY_DEPLOYMENT_ID;
const HISTORY = '/api/v2/webmessaging/messages';
const configPath = (id: string) => `/webdeployments/v1/deployments/${id}/config.json`;

async function platformToken(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('web messaging REST: deployment config', () => {
  let server: RunningServer;
  before(async () => (server = await startWm()));
  after(() => server.close());

  it('answers the demo deployment\'s Messenger configuration, readable from any origin', async () => {
    const res = await api(server, 'GET', configPath(DEMO_DEPLOYMENT_ID), { headers: { Origin: 'https://shop.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.body.id, DEMO_DEPLOYMENT_ID);
    assert.equal(res.body.status, 'Active');
    const conversations = res.body.messenger.apps.conversations;
    assert.equal(conversations.showAgentTypingIndicator, true);
    assert.equal(conversations.showUserTypingIndicator, true);
    assert.deepEqual(conversations.autoStart, { enabled: true });
    assert.deepEqual(conversations.conversationDisconnect, { enabled: true, type: 'ReadOnly' });
    assert.deepEqual(conversations.conversationClear, { enabled: true });
    assert.deepEqual(conversations.markdown, { enabled: true });
    assert.equal(conversations.messagingEndpoint, `ws://${new URL(server.url).host}`);
    assert.deepEqual(res.body.messenger.fileUpload, {
      enableAttachments: true,
      modes: [{ fileTypes: ['image/jpeg', 'image/png', 'image/gif', 'application/pdf', 'text/plain'], maxFileSizeKB: 10240 }],
    });
  });

  it('tells Send from ReadOnly and Inactive from Active; unknown and chat-only ids are 404', async () => {
    const send = await api(server, 'GET', configPath(MANUAL_SEND_DEPLOYMENT_ID));
    assert.equal(send.body.messenger.apps.conversations.conversationDisconnect.type, 'Send');
    assert.equal((await api(server, 'GET', configPath(INACTIVE_DEPLOYMENT_ID))).body.status, 'Inactive');
    for (const id of ['00000000-0000-4000-8000-000000000000', AUTH_DEPLOYMENT_ID]) {
      const res = await api(server, 'GET', configPath(id));
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'not.found');
    }
  });
});

describe('web messaging REST: history', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm({ webMessaging: { historyRequestsPerMinute: 4 } });
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('pages the session\'s transcript newest first, in the socket\'s message shape', async () => {
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    const echoes = [await g.text('first'), await g.text('second')];
    const chat = await control.waitForMessagingChat(g.token);
    await control.accept(chat.id, 'Alice');
    await control.sendAsAgent(chat.id, 'third');
    const agent = await g.waitFor(isOutboundText('third'));
    const jwt = (await g.getJwt()).body.jwt;

    const all = await api(server, 'GET', `${HISTORY}?pageNumber=1&pageSize=25`, { headers: { Authorization: `bearer ${jwt}` } });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body.entities, [agent.body, echoes[1]!.body, echoes[0]!.body]);
    assert.deepEqual([all.body.pageSize, all.body.pageNumber, all.body.total, all.body.pageCount], [25, 1, 3, 1]);

    const page2 = await api(server, 'GET', `${HISTORY}?pageNumber=2&pageSize=2`, { jwt });
    assert.deepEqual(page2.body.entities.map((e: any) => e.text), ['first']);
    assert.deepEqual([page2.body.total, page2.body.pageCount], [3, 2]);
    const bad = await api(server, 'GET', `${HISTORY}?pageSize=0`, { jwt });
    assert.equal(bad.status, 400);

    // The per-session limit (4 per minute here; the refused pageSize did not count): the fifth is 429.
    assert.equal((await api(server, 'GET', HISTORY, { jwt })).status, 200);
    assert.equal((await api(server, 'GET', HISTORY, { jwt })).status, 200);
    const limited = await api(server, 'GET', HISTORY, { jwt });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    g.close();
  });

  it('needs the guest JWT of a Web Messaging session: none, garbage or a v2 chat JWT are 401', async () => {
    assert.equal((await api(server, 'GET', HISTORY)).body.code, 'authentication.required');
    assert.equal((await api(server, 'GET', HISTORY, { jwt: 'a.b.c' })).status, 401);
    const v2 = await createChat(server);
    const crossed = await api(server, 'GET', HISTORY, { jwt: v2.jwt });
    assert.deepEqual([crossed.status, crossed.body.code], [401, 'bad.credentials']);

    // And the other way: a Web Messaging JWT opens no v2 chat.
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    const wmJwt = (await g.getJwt()).body.jwt;
    const v2Call = await api(server, 'GET', `${GUEST}/conversations/${v2.id}/messages`, { jwt: wmJwt });
    assert.equal(v2Call.status, 401);
    g.close();
  });

  it('answers CORS preflights allowing Authorization, and fails on an injected HTTP fault', async () => {
    const pre = await fetch(`${server.url}${HISTORY}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');

    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    const jwt = (await g.getJwt()).body.jwt;
    await control.fault({ method: 'GET', path: HISTORY, status: 503 });
    assert.equal((await api(server, 'GET', HISTORY, { jwt })).status, 503);
    assert.equal((await api(server, 'GET', HISTORY, { jwt })).status, 200);
    g.close();
  });
});

describe('web messaging in the conversations API', () => {
  let server: RunningServer;
  let control: Control;
  let bearer: string;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
    bearer = await platformToken(server);
  });
  after(() => server.close());

  it('a socket-started conversation shows its customer attributes as context.*, its agent, and type webmessaging', async () => {
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    await g.join({ firstName: 'Ana', orderId: 'A-1001' });
    await g.text('hello', { orderId: 'A-1002', tier: 'gold' });
    const chat = await control.waitForMessagingChat(g.token);
    await control.accept(chat.id, 'Alice');

    const res = await api(server, 'GET', `/api/v2/conversations/messages/${chat.id}`, { jwt: bearer });
    assert.equal(res.status, 200, res.text);
    const byPurpose = Object.fromEntries(res.body.participants.map((p: any) => [p.purpose, p]));
    assert.deepEqual(Object.keys(byPurpose).sort(), ['acd', 'agent', 'customer']);
    assert.deepEqual(byPurpose.customer.attributes, { 'context.firstName': 'Ana', 'context.orderId': 'A-1002', 'context.tier': 'gold' });
    assert.equal(byPurpose.customer.name, 'Ana');
    assert.equal(byPurpose.customer.type, 'webmessaging');
    assert.equal(byPurpose.agent.name, 'Alice');
    assert.equal(byPurpose.agent.state, 'connected');

    const generic = await api(server, 'GET', `/api/v2/conversations/${chat.id}`, { jwt: bearer });
    const customer = generic.body.participants.find((p: any) => p.purpose === 'customer');
    assert.equal(customer.messages[0].type, 'webmessaging');
    assert.equal(customer.chats, undefined);
    assert.equal((await api(server, 'GET', `/api/v2/conversations/chats/${chat.id}`, { jwt: bearer })).status, 404);

    // Attributes written by an integration and those the guest sends later both stay.
    const patch = await api(server, 'PATCH', `/api/v2/conversations/messages/${chat.id}/participants/${byPurpose.customer.id}/attributes`, {
      jwt: bearer,
      body: { attributes: { crmId: '7' } },
    });
    assert.equal(patch.status, 202);
    await g.text('more', { tier: 'platinum' });
    const after = await api(server, 'GET', `/api/v2/conversations/messages/${chat.id}`, { jwt: bearer });
    const attrs = after.body.participants.find((p: any) => p.purpose === 'customer').attributes;
    assert.equal(attrs.crmId, '7');
    assert.equal(attrs['context.tier'], 'platinum');
    g.close();
  });
});
