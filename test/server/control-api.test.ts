import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { RunningServer } from '../../server/app.ts';
import { ControlError, createControl, type Control } from '../../server/control-client.ts';
import { api, createChat, GUEST, isMemberChange, isMessage, sendMessage, sleep, start, StreamClient } from './helpers.ts';

const MANUAL = { routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' } };

describe('control API: chats and acting as the agent', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await start();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('lists chats with customer details and gets one with its messages', async () => {
    const chat = await createChat(server, MANUAL, { customFields: { firstName: 'Ann', subject: 'Refund', orderId: 'A-17' } });
    const stream = await StreamClient.open(chat.eventStreamUri);
    await sendMessage(server, chat, { body: 'hello' });
    const found = await control.waitForChat((c) => c.id === chat.id && c.messageCount === 2);
    assert.equal(found.state, 'queued');
    assert.equal(found.queue.name, 'Manual');
    assert.equal(found.deployment.id, '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e');
    assert.equal(found.customer.displayName, 'Ann Smith');
    assert.deepEqual(found.customer.customFields, { firstName: 'Ann', subject: 'Refund', orderId: 'A-17' });
    assert.equal(found.agent, null);
    assert.equal(found.lastMessage?.body, 'hello');
    assert.equal(found.sockets, 1);
    assert.ok((await control.chats('queued')).some((c) => c.id === chat.id));
    assert.ok(!(await control.chats('ended')).some((c) => c.id === chat.id));
    const detail = await control.chat(chat.id);
    assert.deepEqual(detail.messages.map((m) => [m.senderRole, m.bodyType, m.body]), [
      ['CUSTOMER', 'member-join', ''],
      ['CUSTOMER', 'standard', 'hello'],
    ]);
    await assert.rejects(control.chat('nope'), (err: unknown) => err instanceof ControlError && err.status === 404);
    stream.close();
  });

  it('accepts (ALERTING then CONNECTED), sends, types and ends as the agent', async () => {
    const chat = await createChat(server, MANUAL);
    const stream = await StreamClient.open(chat.eventStreamUri);
    const accepted = await control.accept(chat.id, 'Alice');
    assert.equal(accepted.state, 'connected');
    assert.equal(accepted.agent?.displayName, 'Alice');
    assert.equal(accepted.agent?.scripted, false);
    const agentId = accepted.agent!.id;
    const alerting = await stream.waitFor(isMemberChange(agentId, 'ALERTING'));
    const connected = await stream.waitFor(isMemberChange(agentId, 'CONNECTED'));
    assert.ok(stream.frames.indexOf(alerting) < stream.frames.indexOf(connected));
    await assert.rejects(control.accept(chat.id), (err: unknown) => err instanceof ControlError && err.status === 409);

    await control.typeAsAgent(chat.id);
    await stream.waitFor((f) => f.metadata?.type === 'typing-indicator' && f.eventBody.sender.id === agentId);
    const sent = await control.sendAsAgent(chat.id, 'How can I help?');
    assert.equal(sent.senderRole, 'AGENT');
    await stream.waitFor(isMessage((b) => b.id === sent.id && b.sender.id === agentId && b.body === 'How can I help?'));
    const notice = await control.sendAsAgent(chat.id, 'Transferring soon', 'notice');
    await stream.waitFor(isMessage((b) => b.id === notice.id && b.bodyType === 'notice'));

    const ended = await control.end(chat.id);
    assert.equal(ended.state, 'ended');
    await stream.waitFor(isMemberChange(chat.memberId, 'DISCONNECTED'));
    await assert.rejects(control.sendAsAgent(chat.id, 'late'), (err: unknown) => err instanceof ControlError && err.status === 400);
    await assert.rejects(control.end(chat.id), (err: unknown) => err instanceof ControlError && err.status === 400);
    stream.close();
  });

  it('refuses agent messages and typing before anyone accepted (409)', async () => {
    const chat = await createChat(server, MANUAL);
    await assert.rejects(control.sendAsAgent(chat.id, 'hi'), (err: unknown) => err instanceof ControlError && err.status === 409);
    await assert.rejects(control.typeAsAgent(chat.id), (err: unknown) => err instanceof ControlError && err.status === 409);
    const bad = await api(server, 'POST', `/control/chats/${chat.id}/messages`, { body: { body: '' } });
    assert.equal(bad.status, 400);
  });

  it('reports the effective configuration', async () => {
    const config = await control.config();
    assert.equal(config.organizationId, '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c');
    assert.equal(config.heartbeatMs, 150);
    assert.deepEqual((config.queues as Array<{ name: string }>).map((q) => q.name), ['Support', 'Manual']);
  });
});

describe('control API: fault injection', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await start();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('drop-sockets terminates every socket of the conversation without a close frame', async () => {
    const chat = await createChat(server, MANUAL);
    const s1 = await StreamClient.open(chat.eventStreamUri);
    const s2 = await StreamClient.open(chat.eventStreamUri);
    const other = await createChat(server, MANUAL);
    const s3 = await StreamClient.open(other.eventStreamUri);
    const { dropped } = await control.dropSockets(chat.id);
    assert.equal(dropped, 2);
    const [c1, c2] = await Promise.all([s1.closed, s2.closed]);
    assert.equal(c1.code, 1006); // abnormal closure: no close frame was sent
    assert.equal(c2.code, 1006);
    assert.equal(s3.ws.readyState, WebSocket.OPEN);
    // The same URL reconnects and the chat carries on.
    const again = await StreamClient.open(chat.eventStreamUri);
    await sendMessage(server, chat, { body: 'after reconnect' });
    await again.waitFor(isMessage((b) => b.body === 'after reconnect'));
    again.close();
    s3.close();
  });

  it('stops and resumes heartbeats for one conversation', async () => {
    const chat = await createChat(server, MANUAL);
    const other = await createChat(server, MANUAL);
    const stream = await StreamClient.open(chat.eventStreamUri);
    const otherStream = await StreamClient.open(other.eventStreamUri);
    await stream.waitFor((f) => f.topicName === 'channel.metadata', 1000);
    assert.deepEqual(await control.setHeartbeats(chat.id, false), { id: chat.id, heartbeats: false });
    const beats = () => stream.frames.filter((f) => f.topicName === 'channel.metadata').length;
    const otherBeats = () => otherStream.frames.filter((f) => f.topicName === 'channel.metadata').length;
    await sleep(50); // a heartbeat already in flight may still land
    const n = beats();
    const m = otherBeats();
    await sleep(500);
    assert.equal(beats(), n, 'no heartbeats while disabled');
    assert.ok(otherBeats() >= m + 2, 'the other conversation keeps its heartbeats');
    await control.setHeartbeats(chat.id, true);
    await sleep(350);
    assert.ok(beats() >= n + 1, 'heartbeats resumed');
    stream.close();
    otherStream.close();
  });

  it('fails the next N matching requests with an ErrorBody (500), scoped to one conversation', async () => {
    const chat = await createChat(server, MANUAL);
    const other = await createChat(server, MANUAL);
    await control.fault({ method: 'POST', path: `${GUEST}/conversations/${chat.id}/members/*/messages`, status: 500, count: 2 });
    const r1 = await sendMessage(server, chat, { body: 'one' });
    const r2 = await sendMessage(server, chat, { body: 'two' });
    const r3 = await sendMessage(server, chat, { body: 'three' });
    assert.deepEqual([r1.status, r2.status, r3.status], [500, 500, 200]);
    assert.equal(r1.body.code, 'internal.server.error');
    assert.equal(r1.body.status, 500);
    assert.equal(r1.body.contextId, r1.headers.get('inin-correlation-id'));
    assert.equal((await sendMessage(server, other, { body: 'unaffected' })).status, 200);
    // Failed sends were not stored.
    const list = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/messages`, { jwt: chat.jwt });
    assert.deepEqual(list.body.entities.map((m: any) => m.body), ['three']);
  });

  it('answers 429 with Retry-After and a custom code, then recovers', async () => {
    const chat = await createChat(server, MANUAL);
    await control.fault({ path: `${GUEST}/conversations/${chat.id}/**`, status: 429, retryAfter: 3 });
    const limited = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members`, { jwt: chat.jwt });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    assert.equal(limited.body.code, 'too.many.requests.retry.after');
    assert.equal((await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members`, { jwt: chat.jwt })).status, 200);

    await control.fault({ method: 'POST', path: `${GUEST}/conversations`, status: 503, code: 'chat.error.service.unavailable' });
    const create = await api(server, 'POST', `${GUEST}/conversations`, { body: {} });
    assert.equal(create.status, 503);
    assert.equal(create.body.code, 'chat.error.service.unavailable');
  });

  it('drops the connection for status 0 and refuses socket upgrades when the fault names the stream path', async () => {
    const chat = await createChat(server, MANUAL);
    await control.fault({ path: `${GUEST}/conversations/${chat.id}/members/*`, method: 'GET', status: 0 });
    await assert.rejects(api(server, 'GET', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`, { jwt: chat.jwt }));
    await control.fault({ path: '/v1/token/*', status: 503, count: 1 });
    await assert.rejects(StreamClient.open(chat.eventStreamUri), /upgrade refused: 503/);
    const ok = await StreamClient.open(chat.eventStreamUri);
    ok.close();
  });

  it('answers a web page in place of the service for status 200 with a page (a Wi-Fi sign-in, a proxy)', async () => {
    await control.fault({ method: 'POST', path: `${GUEST}/conversations`, status: 200, page: '<h1>Sign in to Wi-Fi</h1>' });
    const answer = await fetch(`${server.url}${GUEST}/conversations`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(await answer.text(), '<h1>Sign in to Wi-Fi</h1>');
    assert.equal((await api(server, 'POST', `${GUEST}/conversations`, { body: {} })).status, 400, 'the next request reaches the service');
    assert.equal((await api(server, 'POST', '/control/faults', { body: { path: '/x', status: 500, page: 'x' } })).status, 400);
  });

  it('phase "response" handles the request and only then fails it: the message is stored, the answer lost', async () => {
    const chat = await createChat(server, MANUAL);
    const path = `${GUEST}/conversations/${chat.id}/members/*/messages`;
    await control.fault({ method: 'POST', path, status: 503, phase: 'response' });
    assert.equal((await sendMessage(server, chat, { body: 'stored despite 503' })).status, 503);
    await control.fault({ method: 'POST', path, status: 0, phase: 'response' });
    await assert.rejects(sendMessage(server, chat, { body: 'stored despite the drop' }));
    const list = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/messages`, { jwt: chat.jwt });
    assert.deepEqual(
      list.body.entities.map((m: any) => m.body).filter((b: string) => b.startsWith('stored')),
      ['stored despite 503', 'stored despite the drop'],
    );
    assert.equal((await api(server, 'POST', '/control/faults', { body: { path: '/x', status: 500, phase: 'later' } })).status, 400);
  });

  it('delays matching responses (the echo can arrive first) and request handling', async () => {
    const chat = await createChat(server, MANUAL);
    const stream = await StreamClient.open(chat.eventStreamUri);
    await control.delay({ method: 'POST', path: `${GUEST}/conversations/${chat.id}/members/*/messages`, ms: 250, count: 1 });
    const startedAt = Date.now();
    let echoAt = 0;
    stream.waitFor(isMessage((b) => b.body === 'slow')).then(() => (echoAt = Date.now()));
    const res = await sendMessage(server, chat, { body: 'slow' });
    const answeredAt = Date.now();
    assert.equal(res.status, 200);
    assert.ok(answeredAt - startedAt >= 240, `response delayed (${answeredAt - startedAt} ms)`);
    assert.ok(echoAt > 0 && echoAt < answeredAt, 'the echo arrived before the delayed response');
    const fast = Date.now();
    await sendMessage(server, chat, { body: 'fast again' });
    assert.ok(Date.now() - fast < 200, 'count: 1 delays only once');

    await control.delay({ method: 'POST', path: `${GUEST}/conversations/${chat.id}/members/*/messages`, ms: 400, phase: 'request' });
    const before = stream.frames.length;
    const pending = sendMessage(server, chat, { body: 'held' });
    await sleep(150);
    assert.equal(stream.frames.slice(before).some((f) => f.eventBody?.body === 'held'), false, 'not handled yet');
    assert.equal((await pending).status, 200);
    await control.clearFaults();
    const listed = await api(server, 'GET', '/control/faults');
    assert.deepEqual(listed.body, { faults: [], delays: [] });
    const quick = Date.now();
    await sendMessage(server, chat, { body: 'cleared' });
    assert.ok(Date.now() - quick < 300);
    stream.close();
  });

  it('validates fault and delay specs and never applies faults to /control', async () => {
    assert.equal((await api(server, 'POST', '/control/faults', { body: { path: 'no-slash', status: 500 } })).status, 400);
    assert.equal((await api(server, 'POST', '/control/faults', { body: { path: '/x', status: 200 } })).status, 400);
    assert.equal((await api(server, 'POST', '/control/delays', { body: { path: '/x', ms: -1 } })).status, 400);
    await control.fault({ path: '/control/**', status: 500, count: 5 });
    assert.ok(Array.isArray(await control.chats()));
    await control.clearFaults();
  });
});

describe('control stream and the scripted agent standing down', () => {
  let token = '';
  function openConsole(url: string): Promise<{ ws: WebSocket; messages: any[] }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { 'x-gc-control-token': token } });
      const messages: any[] = [];
      ws.on('message', (d) => messages.push(JSON.parse(String(d))));
      ws.once('open', () => resolve({ ws, messages }));
      ws.once('error', reject);
    });
  }

  it('holds Support chats for an available person and hands them to the script when they leave', async () => {
    const server = await start({ routingDelayMs: 30 });
    token = server.controlToken;
    try {
      const wsBase = server.url.replace('http', 'ws');
      const consoleA = await openConsole(`${wsBase}/control/stream`);
      await sleep(30);
      assert.equal(consoleA.messages[0].type, 'snapshot');
      assert.equal(consoleA.messages[0].available, true);
      const chat = await createChat(server);
      const stream = await StreamClient.open(chat.eventStreamUri);
      await sleep(200);
      const waiting = await api(server, 'GET', `/control/chats/${chat.id}`);
      assert.equal(waiting.body.state, 'queued', 'the script stands down while a person is available');
      // The console saw the chat and its messages live.
      assert.ok(consoleA.messages.some((m) => m.type === 'chat' && m.chat.id === chat.id));
      await sendMessage(server, chat, { body: 'anyone?' });
      await sendMessage(server, chat, { body: 'hello?' });
      await api(server, 'POST', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}/typing`, { jwt: chat.jwt });
      await sleep(50);
      assert.ok(consoleA.messages.some((m) => m.type === 'message' && m.chatId === chat.id && m.message.body === 'anyone?'));
      assert.ok(consoleA.messages.some((m) => m.type === 'typing' && m.chatId === chat.id && m.role === 'CUSTOMER'));

      // Marking unavailable hands the waiting chat to the scripted agent.
      consoleA.ws.send(JSON.stringify({ type: 'availability', available: false }));
      await stream.waitFor(isMemberChange(undefined, 'ALERTING'), 2000, 'script takes over');
      const taken = await createControl(server.url, { token: server.controlToken }).waitForChat((c) => c.id === chat.id && c.state === 'connected');
      assert.equal(taken.agent?.scripted, true);

      // A console that starts with ?available=0 does not hold chats.
      consoleA.ws.close();
      const consoleB = await openConsole(`${wsBase}/control/stream?available=0`);
      const chat2 = await createChat(server);
      const stream2 = await StreamClient.open(chat2.eventStreamUri);
      await stream2.waitFor(isMemberChange(undefined, 'CONNECTED'), 2000);
      consoleB.ws.close();

      // Available console, then it disconnects: the script answers.
      const consoleC = await openConsole(`${wsBase}/control/stream`);
      const chat3 = await createChat(server);
      const stream3 = await StreamClient.open(chat3.eventStreamUri);
      await sleep(100);
      assert.equal((await api(server, 'GET', `/control/chats/${chat3.id}`)).body.state, 'queued');
      consoleC.ws.terminate();
      await stream3.waitFor(isMemberChange(undefined, 'ALERTING'), 2000);
      for (const s of [stream, stream2, stream3]) s.close();
    } finally {
      await server.close();
    }
  });
});
