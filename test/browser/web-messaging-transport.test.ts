// The Web Messaging transport against a scripted Guest API: what a visitor would notice when the service
// answers in every way it can (rate limits, refusals, silence, drops, broken or hostile frames).
import { expect } from '@open-wc/testing';
import type { ChatTransport } from '../../src/transport/contract.js';
import {
  agentEvent,
  agentMessage,
  defaultResponder,
  errorFrame,
  eventsOf,
  fakeHttp,
  fakeTransport,
  FakeSocket,
  inboundEcho,
  sessionResponse,
  type FakeHttp,
  type Logged,
} from './web-messaging-fakes.js';
import { until } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('web-messaging transport (scripted service)', () => {
  let http: FakeHttp;
  let transport: ChatTransport;
  let log: Logged[];

  beforeEach(() => {
    FakeSocket.reset();
    http = fakeHttp();
  });
  afterEach(() => {
    transport?.dispose();
    http.restore();
  });

  async function started(options = {}, attributes: Record<string, string> = {}) {
    ({ transport, log } = await fakeTransport(options));
    await transport.start({ displayName: 'Ana', attributes });
    return FakeSocket.last;
  }

  const sentOf = (action: string) => FakeSocket.sentEverywhere().filter((frame) => frame.action === action);

  describe('starting', () => {
    it('reads the deployment first, then configures a session on a fresh guest token', async () => {
      const socket = await started();
      const [configure] = socket.sent;
      expect(configure).to.include({ action: 'configureSession', deploymentId: '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e', startNew: false });
      expect(configure.token).to.match(/^[0-9a-f-]{36}$/);
      expect(transport.resumeToken()).to.include({ token: configure.token });
      // getSessionData's ids are never the token: the token reads the transcript.
      expect(JSON.stringify(transport.ids())).not.to.include(configure.token);
      expect(transport.capabilities).to.deep.equal({ history: 'cursor', attachments: false, midChatAttributes: true, customNotice: false, readOnlyAfterEnd: true, markdown: false });
    });

    it('an inactive deployment is a clear error and no socket is opened', async () => {
      http.deployment.status = 'Inactive';
      ({ transport, log } = await fakeTransport());
      const error = await transport.start({ displayName: 'Ana', attributes: {} }).catch((e) => e);
      expect(error.code).to.equal('deployment.inactive');
      expect(error.message).to.match(/inactive/);
      expect(FakeSocket.instances).to.have.length(0);
    });

    it('with autoStart the attributes ride on the Join, inside message.channel.metadata, and not again', async () => {
      http.deployment.autoStart = true;
      await started({}, { firstName: 'Ana', orderId: 'A-1001' });
      const [join] = sentOf('onMessage');
      expect(join.message).to.deep.equal({
        type: 'Event',
        events: [{ eventType: 'Presence', presence: { type: 'Join' } }],
        channel: { metadata: { customAttributes: { firstName: 'Ana', orderId: 'A-1001' } } },
      });
      expect(join).not.to.have.property('channel');
      await transport.send('Hello', { correlationId: 'c-1' });
      expect(sentOf('onMessage')[1].message).to.deep.equal({ type: 'Text', text: 'Hello' });
    });

    it('without autoStart the first message carries the attributes, later ones only what changed', async () => {
      await started({}, { firstName: 'Ana' });
      await transport.send('one', { correlationId: 'c-1' });
      await transport.send('two', { correlationId: 'c-2' });
      transport.updateAttributes!({ firstName: 'Ana', plan: 'gold' });
      await transport.send('three', { correlationId: 'c-3' });
      const messages = sentOf('onMessage').map((frame) => frame.message.channel?.metadata.customAttributes);
      expect(messages).to.deep.equal([{ firstName: 'Ana' }, undefined, { plan: 'gold' }]);
    });

    it('attributes over 2,048 bytes of UTF-8 are refused before anything is sent', async () => {
      ({ transport, log } = await fakeTransport());
      // 700 three-byte characters: 700 characters, 2,100 bytes.
      const error = await transport.start({ displayName: 'Ana', attributes: { note: '€'.repeat(700) } }).catch((e) => e);
      expect(error.code).to.equal('4013');
      expect(error.message).to.match(/2048 bytes/);
      expect(FakeSocket.instances).to.have.length(0);
    });

    it('a refused autoStart Join fails the start and leaves no socket behind', async () => {
      http.deployment.autoStart = true;
      FakeSocket.responder = (s, frame) =>
        frame.action === 'onMessage' ? s.receive(errorFrame(4013, 'Custom Attributes in channel metadata is larger than 1024 bytes', frame.tracingId)) : defaultResponder(s, frame);
      ({ transport, log } = await fakeTransport());
      const error = await transport.start({ displayName: 'Ana', attributes: { a: 'b' } }).catch((e) => e);
      expect(error.code).to.equal('4013');
      await until(() => FakeSocket.last.readyState === 3, 'socket closed');
    });

    it('a refused first upgrade is reported as the site missing from the allowed domains, and not retried', async () => {
      FakeSocket.refuse = 5;
      ({ transport, log } = await fakeTransport());
      const error = await transport.start({ displayName: 'Ana', attributes: {} }).catch((e) => e);
      expect(error.code).to.equal('websocket.denied');
      expect(error.message).to.match(/allowed domains/);
      await sleep(200);
      expect(FakeSocket.instances).to.have.length(1);
    });
  });

  describe('sending', () => {
    it('resolves accepted on the echo with its tracing id, which is also the visitor\'s message, shown once', async () => {
      const socket = await started();
      const delivery = await transport.send('Hello', { correlationId: 'corr-1' });
      const onMessage = sentOf('onMessage')[0];
      expect(onMessage).to.include({ tracingId: 'corr-1', action: 'onMessage', token: socket.sent[0].token });
      expect(delivery.outcome).to.equal('accepted');
      const messages = eventsOf(log, 'message');
      expect(messages).to.have.length(1);
      expect(messages[0]).to.include({ own: true, text: 'Hello', correlationId: 'corr-1', kind: 'text' });
      expect(delivery).to.deep.equal({ outcome: 'accepted', id: messages[0].id });
      // The same echo again (another tab's connection, a replay) is not a second message.
      socket.receive(inboundEcho(onMessage, { id: messages[0].id }));
      expect(eventsOf(log, 'message')).to.have.length(1);
    });

    it('a rate limit answer means retry after the time it gives', async () => {
      const socket = await started();
      FakeSocket.responder = (s, frame) => {
        if (frame.action !== 'onMessage') return defaultResponder(s, frame);
        s.receive({ type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, tracingId: frame.tracingId, body: { retryAfter: 3, errorCode: 4029, errorMessage: 'Message rate too high for this session' } });
      };
      const delivery = await transport.send('Hello', { correlationId: 'c-1' });
      expect(delivery.outcome).to.equal('retry');
      expect(delivery.outcome === 'retry' && delivery.retryAfterMs).to.equal(3000);
      expect(eventsOf(log, 'message')).to.have.length(0);
      expect(socket.readyState).to.equal(1);
    });

    it('too long, attributes too large and read-only are refused with what to do', async () => {
      await started();
      const answers: Record<string, [number, string]> = {
        long: [4011, 'Message length 5000 is larger than 4096'],
        attrs: [4013, 'Custom Attributes in channel metadata is larger than 2048 bytes'],
        ro: [409, 'Conversation is read-only'],
        bad: [400, 'Request failed.'],
      };
      FakeSocket.responder = (s, frame) => {
        if (frame.action !== 'onMessage') return defaultResponder(s, frame);
        const [code, text] = answers[frame.message.text];
        s.receive(errorFrame(code, text, frame.tracingId));
      };
      const outcome = async (text: string) => {
        const delivery = await transport.send(text, { correlationId: `c-${text}` });
        expect(delivery.outcome, text).to.equal('refused');
        return delivery.outcome === 'refused' ? delivery.error : undefined;
      };
      expect((await outcome('long'))?.message).to.match(/4,096 bytes/);
      expect((await outcome('attrs'))?.message).to.match(/custom attributes are too large/);
      expect((await outcome('bad'))?.code).to.equal('400');
      expect(eventsOf(log, 'ended')).to.deep.equal([]);
      const readOnly = await outcome('ro');
      expect(readOnly?.status).to.equal(409);
      expect(readOnly?.message).to.match(/read-only/);
      // The disconnect was missed: the chat ends read-only so the visitor can start a new one.
      await until(() => eventsOf(log, 'ended').length === 1, 'ended');
      expect(eventsOf(log, 'ended')).to.deep.equal([{ reason: 'agent', readOnly: true }]);
    });

    it('attributes that grew too large mid-chat are refused with the message, dropped, and the next message goes', async () => {
      await started({}, { firstName: 'Ana' });
      await transport.send('one', { correlationId: 'c-1' });
      transport.updateAttributes!({ notes: 'x'.repeat(3000) });
      const refused = await transport.send('two', { correlationId: 'c-2' });
      expect(refused.outcome).to.equal('refused');
      expect(refused.outcome === 'refused' && refused.error.code).to.equal('4013');
      expect((await transport.send('three', { correlationId: 'c-3' })).outcome).to.equal('accepted');
      expect(sentOf('onMessage').map((frame) => [frame.message.text, frame.message.channel?.metadata.customAttributes])).to.deep.equal([
        ['one', { firstName: 'Ana' }],
        ['three', undefined],
      ]);
    });

    it('a message over 4,096 bytes is refused without being sent', async () => {
      await started();
      const delivery = await transport.send('é'.repeat(2049), { correlationId: 'c-1' });
      expect(delivery.outcome).to.equal('refused');
      expect(delivery.outcome === 'refused' && delivery.error.code).to.equal('4011');
      expect(sentOf('onMessage')).to.have.length(0);
    });

    it('an error frame without a tracing id answers the oldest waiting send', async () => {
      await started();
      FakeSocket.responder = (s, frame) => (frame.action === 'onMessage' ? undefined : defaultResponder(s, frame));
      const first = transport.send('first', { correlationId: 'c-1' });
      const second = transport.send('second', { correlationId: 'c-2' });
      await until(() => sentOf('onMessage').length === 2, 'both sent');
      FakeSocket.last.receive(errorFrame(4011, 'message too long'));
      expect((await first).outcome).to.equal('refused');
      FakeSocket.last.receive(inboundEcho(sentOf('onMessage')[1]));
      expect((await second).outcome).to.equal('accepted');
    });

    it('the socket dropping before the answer, or no answer in time, is unknown', async () => {
      const socket = await started({ requestTimeoutMs: 300 });
      FakeSocket.responder = (s, frame) => (frame.action === 'onMessage' ? undefined : defaultResponder(s, frame));
      const silent = await transport.send('lost in the void', { correlationId: 'c-1' });
      expect(silent.outcome).to.equal('unknown');
      expect(silent.outcome === 'unknown' && silent.error.code).to.equal('client.timeout');
      const pending = transport.send('mid-drop', { correlationId: 'c-2' });
      await until(() => sentOf('onMessage').length === 2, 'sent');
      socket.drop();
      const dropped = await pending;
      expect(dropped.outcome).to.equal('unknown');
      expect(dropped.outcome === 'unknown' && dropped.error.code).to.equal('socket.closed');
    });
  });

  describe('hearing the agent', () => {
    it('agent and bot messages arrive with who said them; each sender joins once', async () => {
      const socket = await started();
      socket.receive(agentMessage('m-1', 'Hi, I am Sam', { image: 'https://cdn.example/sam.png' }));
      socket.receive(agentMessage('m-2', 'Still me'));
      socket.receive(agentMessage('m-3', 'Beep', { nickname: 'Helper', entity: 'Bot' }));
      const messages = eventsOf(log, 'message');
      expect(messages.map((m) => [m.text, m.from.name, m.from.role, m.own])).to.deep.equal([
        ['Hi, I am Sam', 'Sam', 'agent', false],
        ['Still me', 'Sam', 'agent', false],
        ['Beep', 'Helper', 'bot', false],
      ]);
      expect(messages[0].from.avatarUrl).to.equal('https://cdn.example/sam.png');
      const joined = eventsOf(log, 'participant').filter((p) => p.change === 'joined' && !p.participant.own);
      expect(joined.map((p) => p.participant.name)).to.deep.equal(['Sam', 'Helper']);
      expect((await transport.participants()).map((p) => p.name)).to.deep.equal(['Sam', 'Helper']);
    });

    it('an avatar that is not an http(s) picture is left out', async () => {
      const socket = await started();
      socket.receive(agentMessage('m-1', 'hi', { image: 'javascript:alert(1)' }));
      expect(eventsOf(log, 'message')[0].from).not.to.have.property('avatarUrl');
    });

    it('an agent announced by a Presence Join is in the chat before speaking, and joins once', async () => {
      const socket = await started();
      const join = agentEvent('e-1', [{ eventType: 'Presence', presence: { type: 'Join' } }]);
      join.body.channel = { time: new Date().toISOString(), from: { nickname: 'Sam' } } as typeof join.body.channel;
      socket.receive(join);
      socket.receive(agentMessage('m-1', 'Hi'));
      const joined = eventsOf(log, 'participant').filter((p) => p.change === 'joined' && !p.participant.own);
      expect(joined.map((p) => p.participant.name)).to.deep.equal(['Sam']);
    });

    it('agent typing shows for the duration the service gives, or 5 s', async () => {
      const socket = await started();
      socket.receive(agentMessage('m-1', 'hello'));
      socket.receive(agentEvent('e-1', [{ eventType: 'Typing', typing: { type: 'On', duration: 3000 } }]));
      socket.receive(agentEvent('e-2', [{ eventType: 'Typing', typing: { type: 'On' } }]));
      const typing = eventsOf(log, 'typing');
      expect(typing.map((t) => [t.participant.name, t.durationMs])).to.deep.equal([
        ['Sam', 3000],
        ['Sam', 5000],
      ]);
    });

    it('agent typing is not shown when the deployment turns it off', async () => {
      http.deployment.showAgentTypingIndicator = false;
      const socket = await started();
      socket.receive(agentEvent('e-1', [{ eventType: 'Typing', typing: { type: 'On', duration: 3000 } }]));
      socket.receive(agentMessage('m-1', 'after'));
      expect(eventsOf(log, 'typing')).to.have.length(0);
      expect(eventsOf(log, 'message')).to.have.length(1);
    });

    it('a disconnect makes the agents leave and ends the chat read-only when the service says so', async () => {
      const socket = await started();
      socket.receive(agentMessage('m-1', 'Bye now'));
      socket.receive(agentEvent('e-1', [{ eventType: 'Presence', presence: { type: 'Disconnect' } }], { readOnly: 'true' }));
      expect(eventsOf(log, 'participant').filter((p) => p.change === 'left').map((p) => p.participant.name)).to.deep.equal(['Sam']);
      expect(eventsOf(log, 'ended')).to.deep.equal([{ reason: 'agent', readOnly: true }]);
      expect(await transport.participants()).to.deep.equal([]);
      const after = await transport.send('anyone?', { correlationId: 'c-9' });
      expect(after.outcome).to.equal('refused');
    });

    it('a disconnect without readOnly ends the chat with nothing kept read-only', async () => {
      const socket = await started();
      socket.receive(agentEvent('e-1', [{ eventType: 'Presence', presence: { type: 'Disconnect' } }]));
      expect(eventsOf(log, 'ended')).to.deep.equal([{ reason: 'agent', readOnly: false }]);
    });

    for (const [frameClass, reason] of [
      ['SessionExpiredEvent', 'expired'],
      ['ConnectionClosedEvent', 'elsewhere'],
      ['LogoutEvent', 'server'],
    ] as const) {
      it(`${frameClass} ends the chat (${reason}) and nothing reconnects`, async () => {
        const socket = await started();
        socket.receive({ type: 'message', class: frameClass, code: 200, body: {} });
        expect(eventsOf(log, 'ended')).to.deep.equal([{ reason, readOnly: false }]);
        await sleep(150);
        expect(FakeSocket.instances).to.have.length(1);
        expect(eventsOf(log, 'connection')).to.have.length(0);
      });
    }

    it('error 4007 with nobody waiting ends the chat as expired', async () => {
      const socket = await started();
      socket.receive(errorFrame(4007, 'Session not found'));
      expect(eventsOf(log, 'ended')).to.deep.equal([{ reason: 'expired', readOnly: false }]);
    });
  });

  describe('broken and hostile frames', () => {
    it('each bad frame is dropped with one error, and the frames around it still arrive', async () => {
      const socket = await started();
      const bad: (Record<string, unknown> | string)[] = [
        'not json {',
        '[1,2,3]',
        agentMessage('b-1', 42),
        agentMessage('b-2', 'nickname is an object', { nickname: { first: 'Sam' } }),
        { type: 'message', class: 'NoSuchClass', code: 200, body: {} },
        agentMessage('b-3', 'x'.repeat(40_000)),
        { ...agentMessage('b-4', 'no direction'), body: { id: 'b-4', type: 'Text', text: 'hi' } },
        { ...agentMessage('b-5', 'hi'), code: '200' },
        agentMessage('b-6', 'bad time', { time: 'yesterday' }),
        agentEvent('b-7', [{ eventType: 'Typing', typing: { type: 'On', duration: -1 } }]),
        { type: 'message', class: 'StructuredMessage', code: 200, body: null },
        JSON.stringify(agentMessage('b-8', 'y')).padEnd(600_000, ' '),
      ];
      socket.receive(agentMessage('ok-1', 'before'));
      for (const frame of bad) socket.receive(frame);
      socket.receive(agentMessage('ok-2', 'after'));
      socket.receive(agentEvent('ok-3', [{ eventType: 'Typing', typing: { type: 'On', duration: 1000 } }]));
      expect(eventsOf(log, 'message').map((m) => m.text)).to.deep.equal(['before', 'after']);
      expect(eventsOf(log, 'typing')).to.have.length(1);
      const errors = eventsOf(log, 'error');
      expect(errors).to.have.length(bad.length);
      expect(errors.every((e) => e.code === 'frame.invalid')).to.equal(true);
      expect(errors[3].message).to.match(/nickname is a object/);
      expect(errors[4].message).to.match(/NoSuchClass/);
      // The connection is untouched: sending still works.
      expect((await transport.send('still here', { correlationId: 'c-1' })).outcome).to.equal('accepted');
    });

    it('a listener that throws does not stop the next frames', async () => {
      const socket = await started();
      let calls = 0;
      transport.on('message', () => {
        calls++;
        if (calls === 1) throw new Error('listener bug');
      });
      socket.receive(agentMessage('m-1', 'one'));
      socket.receive(agentMessage('m-2', 'two'));
      expect(eventsOf(log, 'message').map((m) => m.text)).to.deep.equal(['one', 'two']);
      expect(eventsOf(log, 'error').map((e) => e.message)).to.deep.equal(['listener bug']);
    });
  });

  describe('typing from the visitor', () => {
    it('sends at most one typing event per 5 s', async () => {
      await started();
      await transport.typing();
      await transport.typing();
      await transport.typing();
      const typing = sentOf('onMessage');
      expect(typing).to.have.length(1);
      expect(typing[0].message).to.deep.equal({ type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] });
    });

    it('sends none when the deployment hides the visitor\'s typing', async () => {
      http.deployment.showUserTypingIndicator = false;
      await started();
      await transport.typing();
      expect(sentOf('onMessage')).to.have.length(0);
    });
  });

  describe('the connection', () => {
    it('silence sends an echo; still nothing and the socket is replaced on the same token', async () => {
      const socket = await started({ heartbeatTimeoutMs: 150 });
      FakeSocket.responder = (s, frame) => (frame.action === 'echo' && s === socket ? undefined : defaultResponder(s, frame));
      await until(() => socket.sent.some((frame) => frame.action === 'echo'), 'an echo on silence');
      const echo = socket.sent.find((frame) => frame.action === 'echo')!;
      expect(echo).to.deep.equal({ action: 'echo', token: socket.sent[0].token, tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=', message: { type: 'Text', text: 'ping' } });
      await until(() => eventsOf(log, 'connection').some((c) => c.state === 'online'), 'back online', 3000);
      expect(eventsOf(log, 'connection').map((c) => c.state)).to.deep.equal(['offline', 'online']);
      expect(FakeSocket.instances).to.have.length(2);
      expect(FakeSocket.last.sent[0]).to.include({ action: 'configureSession', token: socket.sent[0].token, startNew: false });
    });

    it('an answered echo keeps the connection, with echoes at most twice a minute', async () => {
      const socket = await started({ heartbeatTimeoutMs: 100 });
      await sleep(700);
      expect(socket.sent.filter((frame) => frame.action === 'echo')).to.have.length(1);
      expect(FakeSocket.instances).to.have.length(1);
      expect(eventsOf(log, 'connection')).to.have.length(0);
    });

    it('after a drop the gap is filled from history: each missed message once, in service time order', async () => {
      const socket = await started();
      socket.receive(agentMessage('m-1', 'before the drop', { time: '2026-12-06T10:00:00.000Z' }));
      socket.drop();
      // History is newest first; the service delivered the missed ones out of time order.
      http.history = [
        agentMessage('m-4', 'fourth', { time: '2026-12-06T10:00:04.000Z' }).body,
        agentMessage('m-2', 'second', { time: '2026-12-06T10:00:02.000Z' }).body,
        agentMessage('m-3', 'third', { time: '2026-12-06T10:00:03.000Z' }).body,
        agentMessage('m-1', 'before the drop', { time: '2026-12-06T10:00:00.000Z' }).body,
      ];
      // While the gap is filled the new socket pushes a message already in history and a newer one.
      FakeSocket.responder = (s, frame) => {
        defaultResponder(s, frame);
        if (frame.action === 'configureSession') {
          s.receive(agentMessage('m-4', 'fourth', { time: '2026-12-06T10:00:04.000Z' }));
          s.receive(agentMessage('m-5', 'fifth', { time: '2026-12-06T10:00:05.000Z' }));
        }
      };
      await until(() => eventsOf(log, 'connection').some((c) => c.state === 'online'), 'back online', 3000);
      expect(eventsOf(log, 'message').map((m) => m.text)).to.deep.equal(['before the drop', 'second', 'third', 'fourth', 'fifth']);
      expect(http.requests.filter((r) => r.url.includes('/webmessaging/messages'))[0].authorization).to.equal('Bearer jwt-1');
    });

    it('a send while the connection is down is a retry, not a loss', async () => {
      const socket = await started({ reconnect: { initialDelayMs: 400, maxDelayMs: 400 } });
      socket.drop();
      const delivery = await transport.send('hello?', { correlationId: 'c-1' });
      expect(delivery.outcome).to.equal('retry');
      expect(sentOf('onMessage')).to.have.length(0);
    });

    it('a reconnect that finds the conversation read-only shows what was missed, then ends it read-only', async () => {
      const socket = await started();
      socket.receive(agentMessage('m-1', 'hello'));
      socket.drop();
      http.history = [agentMessage('m-2', 'goodbye', { time: new Date(Date.now() + 1000).toISOString() }).body, agentMessage('m-1', 'hello').body];
      FakeSocket.responder = (s, frame) =>
        frame.action === 'configureSession' ? s.receive(sessionResponse(frame.tracingId, { newSession: false, readOnly: true })) : defaultResponder(s, frame);
      await until(() => eventsOf(log, 'ended').length === 1, 'ended');
      expect(eventsOf(log, 'message').map((m) => m.text)).to.deep.equal(['hello', 'goodbye']);
      expect(eventsOf(log, 'ended')).to.deep.equal([{ reason: 'agent', readOnly: true }]);
    });
  });

  describe('history, resume, a new chat, leaving', () => {
    it('history pages come oldest first behind a page cursor, with one JWT reused', async () => {
      await started();
      http.history = Array.from({ length: 5 }, (_, i) => agentMessage(`h-${5 - i}`, `message ${5 - i}`, { time: `2026-12-06T10:00:0${5 - i}.000Z` }).body);
      const newest = await transport.history(undefined, 2);
      expect(newest.messages.map((m) => m.text)).to.deep.equal(['message 4', 'message 5']);
      const older = await transport.history(newest.before, 2);
      expect(older.messages.map((m) => m.text)).to.deep.equal(['message 2', 'message 3']);
      const oldest = await transport.history(older.before, 2);
      expect(oldest.messages.map((m) => m.text)).to.deep.equal(['message 1']);
      expect(oldest.before).to.equal(undefined);
      expect(sentOf('getJwt')).to.have.length(1);
    });

    it('a JWT about to expire is renewed', async () => {
      await started();
      FakeSocket.responder = (s, frame) =>
        frame.action === 'getJwt'
          ? s.receive({ type: 'response', class: 'JwtResponse', code: 200, tracingId: frame.tracingId, body: { jwt: 'short', exp: Math.floor(Date.now() / 1000) + 3 } })
          : defaultResponder(s, frame);
      await transport.history();
      await transport.history();
      expect(sentOf('getJwt')).to.have.length(2);
    });

    it('resume: live, read-only (history still readable) or ended', async () => {
      ({ transport, log } = await fakeTransport());
      expect(await transport.resume({ token: 'known-1' })).to.equal('live');
      expect(FakeSocket.last.sent[0]).to.include({ action: 'configureSession', token: 'known-1', startNew: false });
      transport.dispose();

      FakeSocket.responder = (s, frame) =>
        frame.action === 'configureSession' ? s.receive(sessionResponse(frame.tracingId, { newSession: false, readOnly: true })) : defaultResponder(s, frame);
      ({ transport, log } = await fakeTransport());
      expect(await transport.resume({ token: 'known-2' })).to.equal('readOnly');
      http.history = [agentMessage('m-1', 'the transcript').body];
      expect((await transport.history()).messages.map((m) => m.text)).to.deep.equal(['the transcript']);
      transport.dispose();

      FakeSocket.responder = defaultResponder;
      ({ transport, log } = await fakeTransport());
      expect(await transport.resume({ token: 'forgotten' })).to.equal('ended');
    });

    it('a new chat after an ended one keeps the guest token and asks for a new conversation', async () => {
      ({ transport, log } = await fakeTransport());
      let configures = 0;
      FakeSocket.responder = (s, frame) => {
        if (frame.action !== 'configureSession') return defaultResponder(s, frame);
        // Another tab still holds the old conversation read-only the first time.
        s.receive(sessionResponse(frame.tracingId, configures++ === 0 ? { newSession: false, readOnly: true } : { newSession: true }));
      };
      await transport.start({ displayName: 'Ana', attributes: {}, previous: { token: 'known-old' } });
      expect(FakeSocket.sentEverywhere().map((f) => [f.action, f.token, f.startNew, f.closeAllConnections])).to.deep.equal([
        ['configureSession', 'known-old', true, undefined],
        ['closeSession', 'known-old', undefined, true],
        ['configureSession', 'known-old', true, undefined],
      ]);
      expect(transport.resumeToken()).to.include({ token: 'known-old' });
    });

    it('leaving closes every connection on the token and stops', async () => {
      const socket = await started();
      await transport.leave();
      expect(sentOf('closeSession')).to.have.length(1);
      expect(sentOf('closeSession')[0]).to.include({ closeAllConnections: true });
      expect(socket.readyState).to.equal(3);
      await sleep(150);
      expect(FakeSocket.instances).to.have.length(1);
    });

    it('markSeen: messages the page already shows are not delivered again by a gap fill', async () => {
      const socket = await started();
      http.history = [agentMessage('m-2', 'new').body, agentMessage('m-1', 'restored').body];
      transport.markSeen([{ id: 'm-1', kind: 'text', text: 'restored', time: '', from: { id: 'x', role: 'agent', own: false }, own: false, raw: null }]);
      await transport.sync();
      expect(eventsOf(log, 'message').map((m) => m.text)).to.deep.equal(['new']);
      expect(socket.readyState).to.equal(1);
    });
  });
});
