import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../server/app.ts';
import { api, createChat, start, StreamClient } from './helpers.ts';

async function token(server: RunningServer, id: string, secret: string, via: 'basic' | 'form' = 'basic') {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  let rawBody = 'grant_type=client_credentials';
  if (via === 'basic') headers.Authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  else rawBody += `&client_id=${encodeURIComponent(id)}&client_secret=${encodeURIComponent(secret)}`;
  return api(server, 'POST', '/oauth/token', { rawBody, headers });
}

describe('OAuth client credentials', () => {
  let server: RunningServer;
  before(async () => {
    server = await start();
  });
  after(() => server.close());

  it('issues a bearer token with Basic auth or form fields', async () => {
    for (const via of ['basic', 'form'] as const) {
      const res = await token(server, 'demo-client', 'demo-secret', via);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.token_type, 'bearer');
      assert.equal(res.body.expires_in, 86400);
      assert.ok(res.body.access_token.length >= 32);
    }
  });

  it('answers 401 invalid_client for an unknown client or a wrong secret, 400 for other grants', async () => {
    assert.equal((await token(server, 'demo-client', 'wrong')).status, 401);
    const unknown = await token(server, 'nobody', 'x', 'form');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error, 'invalid_client');
    const grant = await api(server, 'POST', '/oauth/token', {
      rawBody: 'grant_type=password',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(grant.status, 400);
    assert.equal(grant.body.error, 'unsupported_grant_type');
  });
});

describe('conversations API', () => {
  let server: RunningServer;
  let bearer: string;
  before(async () => {
    server = await start();
    bearer = (await token(server, 'demo-client', 'demo-secret')).body.access_token;
  });
  after(() => server.close());

  it('returns the chat with customer, acd and agent participants and attributes as context.*', async () => {
    const chat = await createChat(server, { routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' } }, {
      customFields: { firstName: 'Ann', _genesys_OS: 'Linux', subject: 'Refund' },
    });
    const stream = await StreamClient.open(chat.eventStreamUri);
    const accepted = await api(server, 'POST', `/control/chats/${chat.id}/accept`, { body: { agentName: 'Alice' } });
    assert.equal(accepted.status, 200);

    const res = await api(server, 'GET', `/api/v2/conversations/chats/${chat.id}`, { jwt: bearer });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.id, chat.id);
    assert.equal(res.body.selfUri, `/api/v2/conversations/chats/${chat.id}`);
    const byPurpose = Object.fromEntries(res.body.participants.map((p: any) => [p.purpose, p]));
    assert.deepEqual(Object.keys(byPurpose).sort(), ['acd', 'agent', 'customer']);
    assert.deepEqual(byPurpose.customer.attributes, {
      'context.firstName': 'Ann',
      'context._genesys_OS': 'Linux',
      'context.subject': 'Refund',
      'context.genesys.legacyRoutingTargetQueueAddress': 'Manual',
    });
    assert.equal(byPurpose.customer.name, 'Ann Smith');
    assert.equal(byPurpose.customer.state, 'connected');
    assert.ok(byPurpose.customer.startTime);
    assert.equal(byPurpose.acd.name, 'Manual');
    assert.equal(byPurpose.acd.state, 'disconnected');
    assert.ok(byPurpose.acd.endTime);
    assert.equal(byPurpose.agent.name, 'Alice');
    assert.equal(byPurpose.agent.state, 'connected');
    assert.equal(byPurpose.agent.user.id, accepted.body.agent.id);

    const conv = await api(server, 'GET', `/api/v2/conversations/${chat.id}`, { jwt: bearer });
    assert.equal(conv.status, 200);
    assert.equal(conv.body.selfUri, `/api/v2/conversations/${chat.id}`);
    const customer = conv.body.participants.find((p: any) => p.purpose === 'customer');
    assert.equal(customer.attributes['context.subject'], 'Refund');
    assert.equal(customer.chats[0].id, chat.memberId);
    assert.equal(customer.chats[0].state, 'connected');
    assert.equal(conv.body.participants.find((p: any) => p.purpose === 'acd').queueName, 'Manual');

    await api(server, 'POST', `/control/chats/${chat.id}/end`);
    const ended = await api(server, 'GET', `/api/v2/conversations/chats/${chat.id}`, { jwt: bearer });
    assert.ok(ended.body.participants.every((p: any) => p.state === 'disconnected' && p.endTime));
    stream.close();
  });

  it('PATCH participant attributes merges and keeps existing ones (202)', async () => {
    const chat = await createChat(server, {}, { customFields: { firstName: 'Ann' } });
    const control = await api(server, 'GET', `/control/chats/${chat.id}`);
    const participantId = control.body.customer.participantId;
    const path = `/api/v2/conversations/chats/${chat.id}/participants/${participantId}/attributes`;
    const patch = await api(server, 'PATCH', path, { jwt: bearer, body: { attributes: { crmId: '42', 'context.firstName': 'Anne' } } });
    assert.equal(patch.status, 202, patch.text);
    const again = await api(server, 'PATCH', path, { jwt: bearer, body: { attributes: { tier: 'gold' } } });
    assert.equal(again.status, 202);
    const res = await api(server, 'GET', `/api/v2/conversations/chats/${chat.id}`, { jwt: bearer });
    const customer = res.body.participants.find((p: any) => p.purpose === 'customer');
    assert.deepEqual(customer.attributes, {
      'context.firstName': 'Anne',
      'context.genesys.legacyRoutingTargetQueueAddress': 'Support',
      crmId: '42',
      tier: 'gold',
    });
    const bad = await api(server, 'PATCH', path, { jwt: bearer, body: { nope: 1 } });
    assert.equal(bad.status, 400);
    const unknownParticipant = await api(server, 'PATCH', `/api/v2/conversations/chats/${chat.id}/participants/xyz/attributes`, {
      jwt: bearer,
      body: { attributes: {} },
    });
    assert.equal(unknownParticipant.status, 404);
    assert.equal(unknownParticipant.body.code, 'not.found');
  });

  it('answers 401, 403 missing.permissions and 404 in ErrorBody shape', async () => {
    const chat = await createChat(server);
    const path = `/api/v2/conversations/chats/${chat.id}`;
    const none = await api(server, 'GET', path);
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'authentication.required');
    const bad = await api(server, 'GET', path, { jwt: 'made-up' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.code, 'bad.credentials');
    // A guest JWT is not a platform token.
    assert.equal((await api(server, 'GET', path, { jwt: chat.jwt })).status, 401);

    const limited = (await token(server, 'limited-client', 'limited-secret')).body.access_token;
    for (const p of [path, `/api/v2/conversations/${chat.id}`]) {
      const denied = await api(server, 'GET', p, { jwt: limited });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.code, 'missing.permissions');
      assert.match(denied.body.message, /conversation:communication:view/);
    }
    const missing = await api(server, 'GET', '/api/v2/conversations/chats/00000000-0000-4000-8000-000000000000', { jwt: bearer });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'not.found');
  });

  it('expires tokens after oauthTokenTtlSeconds (401 credentials.expired)', async () => {
    const short = await start({ oauthTokenTtlSeconds: 1 });
    try {
      const chat = await createChat(short);
      const fresh = (await token(short, 'demo-client', 'demo-secret')).body.access_token;
      assert.equal((await api(short, 'GET', `/api/v2/conversations/${chat.id}`, { jwt: fresh })).status, 200);
      await new Promise((r) => setTimeout(r, 1050));
      const late = await api(short, 'GET', `/api/v2/conversations/${chat.id}`, { jwt: fresh });
      assert.equal(late.status, 401);
      assert.equal(late.body.code, 'credentials.expired');
    } finally {
      await short.close();
    }
  });
});

describe('web messaging conversations (conversations/messages)', () => {
  let server: RunningServer;
  let bearer: string;
  before(async () => {
    server = await start();
    bearer = (await token(server, 'demo-client', 'demo-secret')).body.access_token;
  });
  after(() => server.close());

  const startMessaging = async (body: unknown) =>
    api(server, 'POST', '/control/messaging', { body });

  it('creates one through the control API with custom attributes stored as context.*', async () => {
    const preChat = JSON.stringify({ email: 'ann@example.com', subject: 'Billing' });
    const created = await startMessaging({ name: 'Ann', customAttributes: { orderId: 'A-1001', preChat } });
    assert.equal(created.status, 201, created.text);
    const { id, customer } = created.body;
    assert.equal(created.body.selfUri, `/api/v2/conversations/messages/${id}`);
    assert.equal(created.body.queue.name, 'Support');

    const res = await api(server, 'GET', `/api/v2/conversations/messages/${id}`, { jwt: bearer });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.selfUri, `/api/v2/conversations/messages/${id}`);
    const byPurpose = Object.fromEntries(res.body.participants.map((p: any) => [p.purpose, p]));
    assert.deepEqual(Object.keys(byPurpose).sort(), ['acd', 'customer']);
    assert.equal(byPurpose.customer.id, customer.participantId);
    assert.equal(byPurpose.customer.name, 'Ann');
    assert.equal(byPurpose.customer.type, 'webmessaging');
    assert.deepEqual(byPurpose.customer.attributes, { 'context.orderId': 'A-1001', 'context.preChat': preChat });

    // The generic endpoint shows the same participant with a `messages` communication and no `chats`.
    const generic = await api(server, 'GET', `/api/v2/conversations/${id}`, { jwt: bearer });
    assert.equal(generic.status, 200);
    const genericCustomer = generic.body.participants.find((p: any) => p.purpose === 'customer');
    assert.equal(genericCustomer.messages[0].type, 'webmessaging');
    assert.equal(genericCustomer.chats, undefined);
    assert.equal(genericCustomer.attributes['context.orderId'], 'A-1001');
  });

  it('answers 404 for a web messaging id on the chats path and a chat id on the messages path', async () => {
    const messaging = (await startMessaging({})).body;
    const chat = await createChat(server);
    const onChats = await api(server, 'GET', `/api/v2/conversations/chats/${messaging.id}`, { jwt: bearer });
    assert.equal(onChats.status, 404);
    assert.equal(onChats.body.code, 'not.found');
    const onMessages = await api(server, 'GET', `/api/v2/conversations/messages/${chat.id}`, { jwt: bearer });
    assert.equal(onMessages.status, 404);
    const limited = (await token(server, 'limited-client', 'limited-secret')).body.access_token;
    const denied = await api(server, 'GET', `/api/v2/conversations/messages/${messaging.id}`, { jwt: limited });
    assert.equal(denied.status, 403);
    assert.match(denied.body.message, /conversation:communication:view/);
  });

  it('PATCH participant attributes merges on the messages path too (202), update permission required', async () => {
    const created = (await startMessaging({ customAttributes: { tier: 'silver' } })).body;
    const path = `/api/v2/conversations/messages/${created.id}/participants/${created.customer.participantId}/attributes`;
    const patch = await api(server, 'PATCH', path, { jwt: bearer, body: { attributes: { crmId: '7', 'context.tier': null } } });
    assert.equal(patch.status, 202, patch.text);
    const res = await api(server, 'GET', `/api/v2/conversations/messages/${created.id}`, { jwt: bearer });
    assert.deepEqual(res.body.participants.find((p: any) => p.purpose === 'customer').attributes, { crmId: '7' });
    const limited = (await token(server, 'limited-client', 'limited-secret')).body.access_token;
    const denied = await api(server, 'PATCH', path, { jwt: limited, body: { attributes: { x: '1' } } });
    assert.equal(denied.status, 403);
    assert.match(denied.body.message, /conversation:communication:update/);
    const wrongParticipant = await api(server, 'PATCH', path.replace(created.customer.participantId, 'nobody'), {
      jwt: bearer,
      body: { attributes: {} },
    });
    assert.equal(wrongParticipant.status, 404);
  });

  it('refuses non-string custom attributes, more than 2,048 bytes and unknown queues', async () => {
    const nested = await startMessaging({ customAttributes: { preChat: { email: 'a@b.c' } } });
    assert.equal(nested.status, 400);
    assert.match(nested.body.message, /customAttributes\.preChat must be a string/);
    const big = await startMessaging({ customAttributes: { blob: 'x'.repeat(2045) } });
    assert.equal(big.status, 400);
    assert.match(big.body.message, /2049 bytes.*2048/);
    const queue = await startMessaging({ queue: 'Nowhere' });
    assert.equal(queue.status, 400);
    assert.match(queue.body.message, /Unknown queue: Nowhere/);
    assert.equal((await startMessaging({ queue: 'Manual' })).body.queue.name, 'Manual');
  });
});
