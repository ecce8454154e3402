// The Web Messaging guest socket: sessions, messages both ways, typing, presence, the end of a
// conversation, limits, errors and origins, against the local Genesys Cloud.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { RunningServer } from '../../server/app.ts';
import { createControl, type Control } from '../../server/control-client.ts';
import {
  AUTH_DEPLOYMENT_ID,
  DEMO_DEPLOYMENT_ID,
  INACTIVE_DEPLOYMENT_ID,
  MANUAL_READONLY_DEPLOYMENT_ID,
  MANUAL_SEND_DEPLOYMENT_ID,
  RESTRICTED_ALLOWED_ORIGIN,
  RESTRICTED_DEPLOYMENT_ID,
} from '../fixtures/demo-deployments.ts';
import { sleep } from './helpers.ts';
import { Guest, isOutboundEvent, isOutboundText, socketUrl, startWm, type WmFrame } from './web-messaging-helpers.ts';

const MANUAL = MANUAL_READONLY_DEPLOYMENT_ID;

/** A configured guest on a Manual deployment whose conversation the test has accepted as agent "Alice". */
async function acceptedGuest(server: RunningServer, control: Control, deploymentId = MANUAL, attributes?: Record<string, string>) {
  const guest = await Guest.open(server, deploymentId);
  await guest.configure(deploymentId);
  await guest.text('Hello', attributes);
  const chat = await control.waitForMessagingChat(guest.token);
  await control.accept(chat.id, 'Alice');
  return { guest, chat };
}

describe('web messaging: sessions', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('configureSession answers a SessionResponse; the same token later restores it (newSession false)', async () => {
    const a = await Guest.open(server, MANUAL);
    const first = await a.configure(MANUAL);
    assert.equal(first.type, 'response');
    assert.equal(first.class, 'SessionResponse');
    assert.equal(first.code, 200);
    assert.equal(first.body.connected, true);
    assert.equal(first.body.newSession, true);
    assert.equal(first.body.readOnly, false);
    assert.equal(first.body.maxCustomDataBytes, 2048);
    assert.equal(first.body.durationSeconds, 259200);
    const now = Math.floor(Date.now() / 1000);
    assert.ok(Math.abs(first.body.expirationDate - (now + 259200)) <= 2, 'expirationDate is epoch seconds, duration ahead');
    a.close();

    const b = await Guest.open(server, MANUAL, a.token);
    const again = await b.configure(MANUAL);
    assert.equal(again.body.connected, true);
    assert.equal(again.body.newSession, false);
    b.close();
  });

  it('a fourth connection on one token closes the oldest with ConnectionClosedEvent', async () => {
    const first = await Guest.open(server, MANUAL);
    await first.configure(MANUAL);
    const others = [];
    for (let i = 0; i < 3; i++) {
      const g = await Guest.open(server, MANUAL, first.token);
      await g.configure(MANUAL);
      others.push(g);
    }
    const closedEvent = await first.waitFor((f) => f.class === 'ConnectionClosedEvent');
    assert.equal(closedEvent.type, 'message');
    assert.deepEqual(closedEvent.body, {});
    assert.equal((await first.closed).code, 1000);
    assert.equal((await control.messagingSession(first.token)).connections, 3);
    for (const g of others) assert.equal(g.received.some((f) => f.class === 'ConnectionClosedEvent'), false);
    others.forEach((g) => g.close());
  });

  it('unknown, non-Messenger and inactive deployments get string errors', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const unknown = await Guest.open(server, unknownId);
    const notFound = await unknown.configure(unknownId);
    assert.deepEqual([notFound.class, notFound.code, notFound.body], ['string', 404, 'Deployment not found.']);
    assert.equal(notFound.type, 'response');

    const v2Only = await Guest.open(server, AUTH_DEPLOYMENT_ID);
    assert.equal((await v2Only.configure(AUTH_DEPLOYMENT_ID)).code, 404);

    const inactive = await Guest.open(server, INACTIVE_DEPLOYMENT_ID);
    const refused = await inactive.configure(INACTIVE_DEPLOYMENT_ID);
    assert.deepEqual([refused.class, refused.code, refused.body], ['string', 403, 'Deployment is inactive.']);

    const mismatch = await Guest.open(server, MANUAL);
    const differs = await mismatch.configure(DEMO_DEPLOYMENT_ID);
    assert.equal(differs.code, 400);
    assert.match(differs.body, /deploymentId differs/);
    for (const g of [unknown, v2Only, inactive, mismatch]) g.close();
  });

  it('requests before configureSession, or with another token, are 4007; echo and getJwt answer', async () => {
    const g = await Guest.open(server, MANUAL);
    const early = await g.text('too soon');
    assert.deepEqual([early.class, early.code], ['string', 4007]);
    await g.configure(MANUAL);
    const foreign = await g.request({ action: 'getJwt', token: 'someone-else' });
    assert.equal(foreign.code, 4007);

    const echo = await g.echo();
    assert.equal(echo.type, 'response');
    assert.equal(echo.class, 'StructuredMessage');
    assert.equal(echo.body.text, 'ping');
    assert.equal(echo.body.direction, 'Inbound');
    assert.equal(echo.body.metadata.durationSeconds, '259200');
    assert.match(echo.body.metadata.expirationDate, /^\d{10}$/);

    const jwt = await g.getJwt();
    assert.equal(jwt.class, 'JwtResponse');
    assert.equal(jwt.body.jwt.split('.').length, 3);
    assert.ok(jwt.body.exp > Date.now() / 1000 && jwt.body.exp < Date.now() / 1000 + 2 * 86400, 'exp is epoch seconds');
    g.close();
  });
});

describe('web messaging: messages, attributes, typing, presence', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('the first message starts the conversation; its echo reaches every connection with the tracingId', async () => {
    const a = await Guest.open(server, MANUAL);
    await a.configure(MANUAL);
    const b = await Guest.open(server, MANUAL, a.token);
    await b.configure(MANUAL);
    assert.equal((await control.messagingSession(a.token)).conversationId, null, 'no conversation before a message');

    const tracingId = 'trace-first-message';
    const echo = await a.request({ action: 'onMessage', token: a.token, tracingId, message: { type: 'Text', text: 'I need help' } });
    assert.equal(echo.type, 'message');
    assert.equal(echo.class, 'StructuredMessage');
    assert.equal(echo.code, 200);
    assert.equal(echo.body.direction, 'Inbound');
    assert.equal(echo.body.type, 'Text');
    assert.equal(echo.body.text, 'I need help');
    assert.equal(echo.body.channel.messageId, echo.body.id);
    assert.ok(Math.abs(Date.parse(echo.body.channel.time) - Date.now()) < 5000);
    assert.equal(typeof echo.body.metadata.correlationId, 'string');
    assert.equal(echo.body.originatingEntity, '');
    const onB = await b.waitFor((f) => f.tracingId === tracingId);
    assert.deepEqual(onB, echo);

    const chat = await control.waitForMessagingChat(a.token);
    assert.equal(chat.channel, 'messaging');
    assert.equal(chat.queue.name, 'Manual');
    const detail = await control.chat(chat.id);
    assert.equal(detail.messages.filter((m) => m.bodyType === 'standard').at(-1)?.body, 'I need help');
    a.close();
    b.close();
  });

  it('customAttributes inside the message merge per key into the customer; the top-level channel is ignored', async () => {
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    await g.text('one', { firstName: 'Ana', orderId: 'A-1' });
    await g.text('two', { orderId: 'A-2', tier: 'gold' });
    await g.request({
      action: 'onMessage',
      token: g.token,
      channel: { metadata: { customAttributes: { legacy: 'ignored' } } },
      message: { type: 'Text', text: 'three' },
    });
    const chat = await control.waitForMessagingChat(g.token);
    const detail = await control.chat(chat.id);
    assert.deepEqual(detail.customer.customFields, { firstName: 'Ana', orderId: 'A-2', tier: 'gold' });
    assert.equal(detail.customer.displayName, 'Ana');
    g.close();
  });

  it('refuses attributes over 2,048 bytes (4013), text over 4,096 (4011) and non-string attributes', async () => {
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    const big = await g.text('hi', { blob: 'é'.repeat(1023) }); // 4 + 2046 bytes
    assert.deepEqual([big.class, big.code, big.body], ['string', 4013, 'Custom Attributes in channel metadata is larger than 2048 bytes']);
    const fits = await g.text('hi', { blob: 'é'.repeat(1022) }); // 4 + 2044 bytes
    assert.equal(fits.class, 'StructuredMessage');
    const long = await g.text('x'.repeat(5000));
    assert.deepEqual([long.class, long.code, long.body], ['string', 4011, 'Message length 5000 is larger than 4096']);
    const exact = await g.text('y'.repeat(4096));
    assert.equal(exact.class, 'StructuredMessage');
    const nested = await g.request({
      action: 'onMessage',
      token: g.token,
      message: { type: 'Text', text: 'hi', channel: { metadata: { customAttributes: { n: 1 } } } },
    });
    assert.equal(nested.code, 400);
    g.close();
  });

  it('more than the per-session message rate is TooManyRequestsErrorMessage 429 / 4029', async () => {
    const limited = await startWm({ webMessaging: { messagesPerSecond: 2 } });
    try {
      const g = await Guest.open(limited, MANUAL);
      await g.configure(MANUAL);
      const answers = await Promise.all([g.text('1'), g.text('2'), g.text('3')]);
      const refused = answers.filter((f) => f.class === 'TooManyRequestsErrorMessage');
      assert.equal(refused.length, 1);
      const [r] = refused as [WmFrame];
      assert.equal(r.type, 'response');
      assert.equal(r.code, 429);
      assert.equal(r.body.errorCode, 4029);
      assert.equal(r.body.retryAfter, 1);
      assert.equal(typeof r.body.errorMessage, 'string');
      const chat = await createControl(limited.url, { token: limited.controlToken }).waitForMessagingChat(g.token);
      const texts = (await createControl(limited.url, { token: limited.controlToken }).chat(chat.id)).messages.filter((m) => m.bodyType === 'standard');
      assert.equal(texts.length, 2, 'the refused message was not delivered');
      await sleep(1000);
      assert.equal((await g.text('4')).class, 'StructuredMessage', 'allowed again a second later');
      g.close();
    } finally {
      await limited.close();
    }
  });

  it('a Presence Join starts the conversation on an autoStart deployment, with its attributes', async () => {
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    const join = await g.join({ firstName: 'Jo', subject: 'Billing' });
    assert.equal(join.class, 'StructuredMessage');
    assert.equal(join.body.direction, 'Inbound');
    assert.equal(join.body.type, 'Event');
    assert.deepEqual(join.body.events, [{ eventType: 'Presence', presence: { type: 'Join' } }]);
    const chat = await control.waitForMessagingChat(g.token);
    assert.deepEqual((await control.chat(chat.id)).customer.customFields, { firstName: 'Jo', subject: 'Billing' });
    assert.equal(chat.state, 'queued');
    g.close();
  });

  it('a Presence Clear ends the conversation and forgets the session: SessionClearedEvent, then ConnectionClosedEvent', async () => {
    const { guest, chat } = await acceptedGuest(server, control);
    const tab = await Guest.open(server, MANUAL, guest.token);
    await tab.configure(MANUAL);
    guest.send({ action: 'onMessage', token: guest.token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    for (const g of [guest, tab]) {
      await g.waitFor((f) => f.class === 'ConnectionClosedEvent');
      const classes = g.received.map((f) => f.class);
      assert.ok(classes.indexOf('SessionClearedEvent') >= 0 && classes.indexOf('SessionClearedEvent') < classes.indexOf('ConnectionClosedEvent'));
      assert.equal((await g.closed).code, 1000);
    }
    const ended = await control.chat(chat.id);
    assert.deepEqual([ended.state, ended.endedBy], ['ended', 'customer']);
    await assert.rejects(control.messagingSession(guest.token), (err: any) => err.status === 404);
    const again = await Guest.open(server, MANUAL, guest.token);
    assert.equal((await again.configure(MANUAL)).body.newSession, true);
    again.close();
  });

  it('a Presence Clear is refused (403) where the deployment has conversationClear off', async () => {
    const base = server.config.deployments.find((d) => d.id === MANUAL)!;
    const noClear = await startWm({ deployments: [{ ...base, messenger: { ...base.messenger!, conversationClear: false } }] });
    try {
      const g = await Guest.open(noClear, MANUAL);
      await g.configure(MANUAL);
      const refused = await g.request({ action: 'onMessage', token: g.token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
      assert.deepEqual([refused.class, refused.code], ['string', 403]);
      assert.match(refused.body, /Conversation Clear/);
      g.close();
    } finally {
      await noClear.close();
    }
  });

  it('typing: the guest\'s reaches the console; the agent\'s arrives as an Outbound Typing event', async () => {
    const consoleWs = new WebSocket(`${server.url.replace(/^http/, 'ws')}/control/stream?available=0`, { headers: { 'x-gc-control-token': server.controlToken } });
    const consoleFrames: any[] = [];
    consoleWs.on('message', (d) => consoleFrames.push(JSON.parse(String(d))));
    await new Promise((resolve) => consoleWs.once('open', resolve));
    const { guest, chat } = await acceptedGuest(server, control);
    guest.typing();
    for (let i = 0; i < 100 && !consoleFrames.some((f) => f.type === 'typing' && f.chatId === chat.id); i++) await sleep(20);
    const typing = consoleFrames.find((f) => f.type === 'typing' && f.chatId === chat.id);
    assert.equal(typing?.role, 'CUSTOMER');
    assert.equal(guest.received.some((f) => f.body?.type === 'Event' && f.body.direction === 'Inbound' && f.body.events[0].eventType === 'Typing'), false);

    await control.typeAsAgent(chat.id);
    const agentTyping = await guest.waitFor(isOutboundEvent('Typing'));
    assert.deepEqual(agentTyping.body.events, [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }]);
    consoleWs.close();
    guest.close();
  });

  it('agent messages arrive as Outbound Text with channel.from and originatingEntity Human', async () => {
    const { guest, chat } = await acceptedGuest(server, control);
    await control.sendAsAgent(chat.id, 'Hi, Alice here');
    const f = await guest.waitFor(isOutboundText('Hi, Alice here'));
    assert.equal(f.type, 'message');
    assert.equal(f.body.originatingEntity, 'Human');
    assert.deepEqual(f.body.channel.from, { nickname: 'Alice', firstName: 'Alice' });
    assert.equal(f.body.channel.type, 'Private');
    assert.equal(f.tracingId, undefined);
    guest.close();
  });
});

describe('web messaging: the scripted agent and the end of a conversation', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('Support (demo deployment): greets by first name, types, answers, and /end makes the session read-only', async () => {
    const g = await Guest.open(server, DEMO_DEPLOYMENT_ID);
    const other = await Guest.open(server, DEMO_DEPLOYMENT_ID, g.token);
    await g.configure(DEMO_DEPLOYMENT_ID);
    await other.configure(DEMO_DEPLOYMENT_ID);
    await g.join({ firstName: 'Ana' });
    const greeting = await g.waitFor(isOutboundText(/^Hi Ana, I'm Sam from the Support team/));
    assert.equal(greeting.body.originatingEntity, 'Human', 'the scripted agent plays a person');
    assert.equal(greeting.body.channel.from.nickname, 'Sam');
    const typingAt = g.received.findIndex(isOutboundEvent('Typing'));
    assert.ok(typingAt >= 0 && typingAt < g.received.indexOf(greeting), 'typing comes before the greeting');

    await g.text('Where is my order?');
    await g.waitFor(isOutboundText(/Where is my order\?/));
    const firstChat = (await control.messagingSession(g.token)).conversationId;

    await g.text('/end');
    await g.waitFor(isOutboundText('Thanks for chatting with us today. Goodbye!'));
    const disconnect = await g.waitFor(isOutboundEvent('Presence'));
    assert.deepEqual(disconnect.body.events, [{ eventType: 'Presence', presence: { type: 'Disconnect' } }]);
    assert.deepEqual(disconnect.body.metadata, { readOnly: 'true' });
    await other.waitFor(isOutboundEvent('Presence'));
    assert.equal((await control.chat(firstChat!)).state, 'ended');

    const refused = await g.text('still there?');
    assert.deepEqual([refused.class, refused.code], ['string', 409]);
    g.close();

    const reload = await Guest.open(server, DEMO_DEPLOYMENT_ID, g.token);
    const restored = await reload.configure(DEMO_DEPLOYMENT_ID);
    assert.equal(restored.body.newSession, false);
    assert.equal(restored.body.readOnly, true);

    // "Start new chat" from read-only: closeSession, then configureSession with startNew.
    const closed = await reload.closeSession(true);
    assert.equal(closed.class, 'SessionResponse');
    assert.equal(closed.body.connected, false);
    const closedEvent = await other.waitFor((f) => f.class === 'ConnectionClosedEvent');
    assert.equal(closedEvent.type, 'message');
    const fresh = await reload.configure(DEMO_DEPLOYMENT_ID, { startNew: true });
    assert.equal(fresh.body.newSession, true);
    assert.equal(fresh.body.readOnly, false);
    await reload.text('Hello again');
    const second = await control.waitForMessagingChat(g.token, { exceptId: firstChat! });
    assert.notEqual(second.id, firstChat);
    assert.deepEqual((await control.messagingSession(g.token)).conversationIds, [second.id]);
    reload.close();
  });

  it('disconnect type Send: a Disconnect without readOnly, and the next message starts a new conversation', async () => {
    const { guest, chat } = await acceptedGuest(server, control, MANUAL_SEND_DEPLOYMENT_ID);
    await control.end(chat.id);
    const disconnect = await guest.waitFor(isOutboundEvent('Presence'));
    assert.equal(disconnect.body.metadata, undefined);
    const echo = await guest.text('one more thing');
    assert.equal(echo.class, 'StructuredMessage');
    const next = await control.waitForMessagingChat(guest.token, { exceptId: chat.id, deploymentId: MANUAL_SEND_DEPLOYMENT_ID });
    assert.equal(next.state, 'queued');
    assert.equal((await control.messagingSession(guest.token)).conversationIds.length, 2);
    guest.close();
  });

  it('the console\'s accept, messages and end work on messaging conversations; ended ones refuse agent messages', async () => {
    const { guest, chat } = await acceptedGuest(server, control, MANUAL, { firstName: 'Bo' });
    const detail = await control.chat(chat.id);
    assert.equal(detail.agent?.displayName, 'Alice');
    assert.equal(detail.customer.customFields.firstName, 'Bo');
    await control.end(chat.id);
    await guest.waitFor(isOutboundEvent('Presence'));
    await assert.rejects(control.sendAsAgent(chat.id, 'late'), (err: any) => err.status === 400);
    guest.close();
  });
});

describe('web messaging: expiry, malformed frames, origins', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('a session whose lifetime ends gets SessionExpiredEvent; later requests are 4006 until startNew', async () => {
    const short = await startWm({ webMessaging: { sessionDurationSeconds: 1 } });
    try {
      const g = await Guest.open(short, MANUAL);
      await g.configure(MANUAL);
      const expired = await g.waitFor((f) => f.class === 'SessionExpiredEvent', 3000);
      assert.deepEqual(expired.body, {});
      assert.equal((await g.text('hello?')).code, 4006);
      assert.equal((await g.configure(MANUAL)).code, 4006);
      const fresh = await g.configure(MANUAL, { startNew: true });
      assert.equal(fresh.body.newSession, true);
      g.close();
    } finally {
      await short.close();
    }
  });

  it('malformed frames get error frames and the socket keeps working', async () => {
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    const next = () => g.waitFor((f) => f.class === 'string' && !seen.has(f), 2000).then((f) => (seen.add(f), f));
    const seen = new Set<WmFrame>();
    const cases: Array<[unknown, number, RegExp]> = [
      ['not json', 400, /not valid JSON/],
      ['[1,2]', 400, /JSON object/],
      [{ token: g.token }, 4020, /Missing parameter: action/],
      [{ action: 42, token: g.token }, 400, /action must be a string/],
      [{ action: 'dance', token: g.token }, 400, /unknown action "dance"/],
      [{ action: 'onAttachment', token: g.token }, 4020, /Missing parameter: fileName/],
      [{ action: 'configureAuthenticatedSession', token: g.token }, 4000, /not available/],
      [{ action: 'onMessage', token: g.token }, 4020, /Missing parameter: message/],
      [{ action: 'onMessage', token: g.token, message: 'hi' }, 400, /message must be an object/],
      [{ action: 'onMessage', token: g.token, message: { type: 'Video' } }, 400, /message.type/],
      [{ action: 'onMessage', token: g.token, message: { type: 'Text', text: 7 } }, 400, /text must be a string/],
      [{ action: 'onMessage', token: g.token, message: { type: 'Event', events: [{ eventType: 'Dance' }] } }, 400, /supported events/],
      [{ action: 'configureSession', token: g.token }, 4020, /deploymentId/],
      [{ action: 'configureSession', deploymentId: MANUAL, token: g.token, startNew: 'yes' }, 400, /startNew/],
      [{ action: 'closeSession', token: 5 }, 400, /token must be a string/],
    ];
    for (const [frame, code, message] of cases) {
      g.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      const answer = await next();
      assert.equal(answer.code, code, `${JSON.stringify(frame)} → ${answer.body}`);
      assert.match(answer.body, message);
      assert.equal(answer.type, 'response');
    }
    g.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.match((await next()).body, /JSON text/);
    assert.equal((await g.echo()).class, 'StructuredMessage', 'still answering');

    g.ws.send(JSON.stringify({ action: 'echo', token: g.token, message: { type: 'Text', text: 'x'.repeat(70_000) } }));
    assert.equal((await g.closed).code, 1009, 'frames over maxFrameBytes close the socket');
    const h = await Guest.open(server, MANUAL, g.token);
    assert.equal((await h.configure(MANUAL)).body.newSession, false, 'the server is fine');
    h.close();
  });

  it('allowed domains: other origins get HTTP 403 on the upgrade; no deploymentId is 400', async () => {
    await assert.rejects(Guest.open(server, RESTRICTED_DEPLOYMENT_ID, undefined, { origin: 'https://evil.example' }), /upgrade refused: 403/);
    await assert.rejects(Guest.open(server, RESTRICTED_DEPLOYMENT_ID), /upgrade refused: 403/);
    const ok = await Guest.open(server, RESTRICTED_DEPLOYMENT_ID, undefined, { origin: RESTRICTED_ALLOWED_ORIGIN });
    assert.equal((await ok.configure(RESTRICTED_DEPLOYMENT_ID)).body.connected, true);
    ok.close();
    const sub = await Guest.open(server, RESTRICTED_DEPLOYMENT_ID, undefined, { origin: 'https://shop.allowed.example:8443' });
    sub.close();
    const any = await Guest.open(server, MANUAL, undefined, { origin: 'https://anywhere.example' });
    any.close();
    const bare = new Guest(`${server.url.replace(/^http/, 'ws')}/v1`);
    await assert.rejects(bare.opened, /upgrade refused: 400/);
    const withApp = new Guest(socketUrl(server, MANUAL, 'gc-webchat-1.0.0'));
    await withApp.opened;
    withApp.close();
  });
});

describe('web messaging: control API faults', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('rateLimited answers the next N messages 4029 without delivering them', async () => {
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    await g.text('first');
    await control.messagingFaults(g.token, { rateLimited: 2 });
    assert.equal((await g.text('a')).body.errorCode, 4029);
    assert.equal((await g.text('b')).body.errorCode, 4029);
    assert.equal((await g.text('c')).class, 'StructuredMessage');
    const chat = await control.waitForMessagingChat(g.token);
    const texts = (await control.chat(chat.id)).messages.filter((m) => m.bodyType === 'standard').map((m) => m.body);
    assert.deepEqual(texts, ['first', 'c']);
    g.close();
  });

  it('reorder swaps the next two outbound frames; delayMs holds them back', async () => {
    const { guest, chat } = await acceptedGuest(server, control);
    await control.messagingFaults(guest.token, { reorder: 1 });
    await control.sendAsAgent(chat.id, 'one');
    await control.sendAsAgent(chat.id, 'two');
    await guest.waitFor(isOutboundText('one'));
    const order = guest.received.filter(isOutboundText()).map((f) => f.body.text);
    assert.deepEqual(order, ['two', 'one']);
    assert.ok(Date.parse(guest.received.find(isOutboundText('one'))!.body.channel.time) <= Date.parse(guest.received.find(isOutboundText('two'))!.body.channel.time));

    await control.messagingFaults(guest.token, { delayMs: 300, delayCount: 1 });
    const sentAt = Date.now();
    await control.sendAsAgent(chat.id, 'slow');
    await guest.waitFor(isOutboundText('slow'));
    assert.ok(Date.now() - sentAt >= 280, 'held back');
    guest.close();
  });

  it('drop-sockets destroys the connections (1006); expire sends SessionExpiredEvent', async () => {
    const g = await Guest.open(server, MANUAL);
    await g.configure(MANUAL);
    assert.deepEqual(await control.dropMessagingSockets(g.token), { dropped: 1 });
    assert.equal((await g.closed).code, 1006);
    const h = await Guest.open(server, MANUAL, g.token);
    await h.configure(MANUAL);
    const view = await control.expireMessagingSession(h.token);
    assert.equal(view.expired, true);
    await h.waitFor((f) => f.class === 'SessionExpiredEvent');
    assert.equal((await h.echo()).code, 4006);
    await assert.rejects(control.messagingSession('no-such-token'), (err: any) => err.status === 404);
    h.close();
  });

  it('an HTTP fault on /v1 refuses the guest socket upgrade', async () => {
    await control.fault({ path: '/v1', status: 503 });
    await assert.rejects(Guest.open(server, MANUAL), /upgrade refused: 503/);
    const g = await Guest.open(server, MANUAL);
    g.close();
  });
});
