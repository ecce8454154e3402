import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { RunningServer } from '../../server/app.ts';
import { JwtSigner } from '../../server/jwt.ts';
import {
  api, createChat, DEPLOYMENT_ID, GUEST, isMemberChange, isMessage, ORG_ID, sendMessage, sleep, start,
  StreamClient, TEST_SECRET,
} from './helpers.ts';

const MANUAL = { routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' } };

describe('event stream', () => {
  let server: RunningServer;
  before(async () => {
    server = await start();
  });
  after(() => server.close());

  it('sends frames with the captured envelope, heartbeats, and echoes guest messages', async () => {
    const chat = await createChat(server, MANUAL);
    const stream = await StreamClient.open(chat.eventStreamUri);
    const joined = await stream.waitFor(isMemberChange(chat.memberId, 'CONNECTED'));
    assert.equal(joined.topicName, `v2.conversations.chats.${chat.id}.members`);
    assert.equal(joined.version, '2');
    assert.match(joined.metadata!.CorrelationId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(Object.keys(joined.eventBody).sort(), ['conversation', 'member', 'timestamp']);
    assert.deepEqual(joined.eventBody.member, { id: chat.memberId, state: 'CONNECTED' });
    assert.deepEqual(joined.eventBody.conversation, { id: chat.id });

    const join = await stream.waitFor(isMessage((b) => b.bodyType === 'member-join'));
    assert.equal(join.eventBody.sender.id, chat.memberId);

    const sent = await sendMessage(server, chat, { body: 'echo me' });
    const echo = await stream.waitFor(isMessage((b) => b.body === 'echo me'));
    assert.equal(echo.topicName, `v2.conversations.chats.${chat.id}.messages`);
    assert.equal(echo.metadata!.type, 'message');
    assert.deepEqual(echo.eventBody, {
      id: sent.body.id,
      conversation: { id: chat.id },
      sender: { id: chat.memberId },
      body: 'echo me',
      bodyType: 'standard',
      timestamp: sent.body.timestamp,
    });

    const beat = await stream.waitFor((f) => f.topicName === 'channel.metadata', 1000, 'heartbeat');
    assert.deepEqual(beat, { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
    // Periodic: at least two more arrive within ~3 periods.
    const count = stream.frames.filter((f) => f.topicName === 'channel.metadata').length;
    await sleep(400);
    assert.ok(stream.frames.filter((f) => f.topicName === 'channel.metadata').length >= count + 2);
    stream.close();
  });

  it('does not route a chat until the stream is attached', async () => {
    const chat = await createChat(server);
    await sleep(150); // three routing delays
    const before = await api(server, 'GET', `/control/chats/${chat.id}`);
    assert.equal(before.body.state, 'queued');
    assert.equal(before.body.routedAt, null);
    assert.equal(before.body.agent, null);
    const stream = await StreamClient.open(chat.eventStreamUri);
    await stream.waitFor(isMemberChange(undefined, 'ALERTING'), 2000, 'agent alerting');
    stream.close();
  });

  it('has the scripted agent join (ALERTING, CONNECTED, member-join), greet by name, type before each answer and quote the customer', async () => {
    const chat = await createChat(server);
    const stream = await StreamClient.open(chat.eventStreamUri);
    const alerting = await stream.waitFor(isMemberChange(undefined, 'ALERTING'), 2000, 'alerting');
    const agentId = alerting.eventBody.member.id;
    assert.notEqual(agentId, chat.memberId);
    await stream.waitFor(isMemberChange(agentId, 'CONNECTED'));
    await stream.waitFor(isMessage((b) => b.bodyType === 'member-join' && b.sender.id === agentId));
    const greeting = await stream.waitFor(isMessage((b) => b.sender.id === agentId && b.bodyType === 'standard'), 2000, 'greeting');
    assert.match(greeting.eventBody.body, /Ann/);
    assert.deepEqual(Object.keys(greeting.eventBody.sender), ['id']);
    const agent = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/members/${agentId}`, { jwt: chat.jwt });
    assert.equal(agent.body.role, 'AGENT');
    assert.equal(agent.body.displayName, 'Sam');

    await sendMessage(server, chat, { body: 'My order 1234 is late' });
    const reply = await stream.waitFor(isMessage((b) => b.sender.id === agentId && b.body.includes('My order 1234 is late')), 2000, 'reply');
    const events = stream.events();
    const replyIndex = events.indexOf(reply);
    const typing = events.findIndex((f, i) => i < replyIndex && f.metadata?.type === 'typing-indicator' && f.eventBody.sender.id === agentId && i > events.findIndex((g) => g.eventBody?.body === 'My order 1234 is late'));
    assert.ok(typing >= 0, 'a typing-indicator precedes the answer');
    const t = events[typing]!;
    assert.equal(t.topicName, `v2.conversations.chats.${chat.id}.messages`);
    assert.deepEqual(t.eventBody.conversation, { id: chat.id });
    assert.ok(t.eventBody.id && t.eventBody.timestamp);
    stream.close();
  });

  it('"/end" makes the scripted agent end the chat: agent DISCONNECTED + member-leave, then the guest', async () => {
    const chat = await createChat(server);
    const stream = await StreamClient.open(chat.eventStreamUri);
    const alerting = await stream.waitFor(isMemberChange(undefined, 'ALERTING'), 2000);
    const agentId = alerting.eventBody.member.id;
    await stream.waitFor(isMemberChange(agentId, 'CONNECTED'));
    await sendMessage(server, chat, { body: '/end' });
    await stream.waitFor(isMessage((b) => b.bodyType === 'member-leave' && b.sender.id === chat.memberId), 3000, 'guest left');
    const labels = stream
      .events()
      .filter((f) => ['member-change', 'message'].includes(f.metadata!.type))
      .map((f) =>
        f.metadata!.type === 'member-change'
          ? `${f.eventBody.member.id === agentId ? 'agent' : 'guest'} ${f.eventBody.member.state}`
          : `${f.eventBody.sender.id === agentId ? 'agent' : 'guest'} ${f.eventBody.bodyType}`,
      );
    const tail = labels.slice(labels.lastIndexOf('agent standard') + 1);
    assert.deepEqual(tail, ['agent DISCONNECTED', 'agent member-leave', 'guest DISCONNECTED', 'guest member-leave']);
    // The socket is closed by the server after the grace period.
    const closed = await stream.closed;
    assert.equal(closed.code, 1000);
    const summary = await api(server, 'GET', `/control/chats/${chat.id}`);
    assert.equal(summary.body.state, 'ended');
    assert.equal(summary.body.endedBy, 'agent');
  });

  it('guest DELETE ends the chat: guest DISCONNECTED + member-leave, then the agent', async () => {
    const chat = await createChat(server, MANUAL);
    const stream = await StreamClient.open(chat.eventStreamUri);
    const accepted = await api(server, 'POST', `/control/chats/${chat.id}/accept`, { body: { agentName: 'Alice' } });
    const agentId = accepted.body.agent.id;
    await stream.waitFor(isMemberChange(agentId, 'CONNECTED'));
    const del = await api(server, 'DELETE', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}`, { jwt: chat.jwt });
    assert.equal(del.status, 204);
    const guestGone = await stream.waitFor(isMemberChange(chat.memberId, 'DISCONNECTED'));
    const agentGone = await stream.waitFor(isMemberChange(agentId, 'DISCONNECTED'));
    assert.ok(stream.frames.indexOf(guestGone) < stream.frames.indexOf(agentGone));
    await stream.waitFor(isMessage((b) => b.bodyType === 'member-leave' && b.sender.id === chat.memberId));
    await stream.waitFor(isMessage((b) => b.bodyType === 'member-leave' && b.sender.id === agentId));
    assert.equal((await stream.closed).code, 1000);
    // Join and leave messages are part of the transcript.
    const list = await api(server, 'GET', `${GUEST}/conversations/${chat.id}/messages`, { jwt: chat.jwt });
    assert.deepEqual(
      list.body.entities.map((m: any) => m.bodyType),
      ['member-join', 'member-join', 'member-leave', 'member-leave'],
    );
  });

  it('delivers to several sockets of one conversation and keeps conversations apart', async () => {
    const a = await createChat(server, MANUAL);
    const b = await createChat(server, MANUAL);
    const a1 = await StreamClient.open(a.eventStreamUri);
    const a2 = await StreamClient.open(a.eventStreamUri);
    const b1 = await StreamClient.open(b.eventStreamUri);
    await sendMessage(server, a, { body: 'only for a' });
    await a1.waitFor(isMessage((m) => m.body === 'only for a'));
    await a2.waitFor(isMessage((m) => m.body === 'only for a'));
    await sleep(50);
    assert.equal(b1.frames.some((f) => f.eventBody?.body === 'only for a'), false);
    const count = await api(server, 'GET', `/control/chats/${a.id}`);
    assert.equal(count.body.sockets, 2);
    for (const s of [a1, a2, b1]) s.close();
  });

  it('does not echo the guest its own typing indicator, but shows the agent typing', async () => {
    const chat = await createChat(server, MANUAL);
    const stream = await StreamClient.open(chat.eventStreamUri);
    await api(server, 'POST', `/control/chats/${chat.id}/accept`, {});
    await api(server, 'POST', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}/typing`, { jwt: chat.jwt });
    const agentTyping = await api(server, 'POST', `/control/chats/${chat.id}/typing`);
    assert.equal(agentTyping.status, 200);
    const frame = await stream.waitFor((f) => f.metadata?.type === 'typing-indicator');
    assert.equal(frame.eventBody.sender.id, agentTyping.body.memberId);
    assert.equal(stream.frames.filter((f) => f.metadata?.type === 'typing-indicator').length, 1);
    stream.close();
  });

  it('refuses an upgrade with a bad or unknown token (401)', async () => {
    const chat = await createChat(server, MANUAL);
    const base = chat.eventStreamUri.slice(0, chat.eventStreamUri.indexOf('/v1/token/'));
    const statusOf = (url: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => undefined);
      });
    assert.equal(await statusOf(`${base}/v1/token/garbage`), 401);
    const ghost = '00000000-0000-4000-8000-00000000beef';
    const unknown = new JwtSigner(TEST_SECRET).sign({ conversationId: ghost, deploymentId: DEPLOYMENT_ID, memberId: ghost, organizationId: ORG_ID }, 60);
    assert.equal(await statusOf(`${base}/v1/token/${unknown}`), 401);
    assert.equal(await statusOf(`${base}/v1/elsewhere`), 404);
    assert.equal(await statusOf(chat.eventStreamUri), 101);
  });

  it('closes sockets after the grace period when a chat ends, late reconnects included', async () => {
    const chat = await createChat(server, MANUAL);
    const first = await StreamClient.open(chat.eventStreamUri);
    // A queued chat can be ended from the agent side too (nobody ever answered).
    assert.equal((await api(server, 'POST', `/control/chats/${chat.id}/end`)).status, 200);
    assert.equal((await first.closed).code, 1000);
    const late = await StreamClient.open(chat.eventStreamUri);
    assert.equal((await late.closed).code, 1000);
  });
});

describe('idle auto-disconnect and routing with a Manual queue', () => {
  it('disconnects a guest that is silent for idleDisconnectMs while connected to an agent', async () => {
    const server = await start({ idleDisconnectMs: 400 });
    try {
      const chat = await createChat(server, MANUAL);
      const stream = await StreamClient.open(chat.eventStreamUri);
      await api(server, 'POST', `/control/chats/${chat.id}/accept`, {});
      await sleep(250);
      await sendMessage(server, chat, { body: 'still here' }); // resets the timer
      await sleep(250);
      assert.equal((await api(server, 'GET', `/control/chats/${chat.id}`)).body.state, 'connected');
      await stream.waitFor(isMemberChange(chat.memberId, 'DISCONNECTED'), 2000, 'idle disconnect');
      assert.equal((await api(server, 'GET', `/control/chats/${chat.id}`)).body.endedBy, 'idle');
      stream.close();
    } finally {
      await server.close();
    }
  });

  it('never answers a Manual chat automatically', async () => {
    const server = await start({ routingDelayMs: 10 });
    try {
      const chat = await createChat(server, MANUAL);
      const stream = await StreamClient.open(chat.eventStreamUri);
      await sleep(200);
      const summary = await api(server, 'GET', `/control/chats/${chat.id}`);
      assert.equal(summary.body.state, 'queued');
      assert.equal(summary.body.agent, null);
      assert.equal(summary.body.queue.name, 'Manual');
      stream.close();
    } finally {
      await server.close();
    }
  });
});
