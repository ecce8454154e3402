// The session against a transport double: what the visitor sees when a service delivers out of order, limits
// the rate, refuses a message or leaves its outcome unknown; bots and agents answering; attributes mid-chat; a
// chat that ended while away; a new chat on the same visitor. No server: the double plays the service.
import { expect } from '@open-wc/testing';
import { memoryState } from '../../src/session/storage.js';
import type { PersistedState } from '../../src/session/types.js';
import { at, bot, DOUBLE, refused, retryAfter, sam, text, TransportDouble, unknown, visitor } from './fixtures/transport-double.js';
import { cleanupSessions, newSession, record, until } from './helpers.js';

async function started(overrides = {}) {
  const storage = memoryState();
  const session = newSession({ transport: DOUBLE, storage, ...overrides });
  await session.startChat({ firstname: 'Ada' });
  return { session, storage, service: TransportDouble.last! };
}

const texts = (session: ReturnType<typeof newSession>) => session.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);

describe('the session on the transport contract (a transport double plays the service)', function () {
  this.timeout(10_000);
  afterEach(cleanupSessions);

  it('places a message the service delivers late by its time, and shows a repeated one once', async () => {
    const { session, service } = await started();
    const first = text(sam, 'first');
    const second = text(sam, 'second');
    const third = text(sam, 'third');
    service.emit('message', first);
    service.emit('message', third);
    service.emit('message', second); // the service does not promise order
    service.emit('message', third); // nor that it says a thing once
    await until(() => texts(session).length === 3, 'three messages');
    expect(texts(session)).to.deep.equal(['first', 'second', 'third']);
  });

  it('a rate limit: the message waits as long as the service asks, goes again, and is shown once', async () => {
    const { session, service } = await started();
    service.answers.push(() => retryAfter(300));
    const began = Date.now();
    await session.sendMessage('hello');
    expect(service.sent.map((s) => s.text)).to.deep.equal(['hello', 'hello']);
    expect(Date.now() - began).to.be.greaterThanOrEqual(290);
    await until(() => session.$outbox.get().length === 0, 'delivered');
    expect(texts(session)).to.deep.equal(['hello']);
  });

  it('a refusal: the message fails with the service reason, stays for the visitor to retry or discard, and is not sent again by itself', async () => {
    const { session, service } = await started();
    const log = record(session);
    service.answers.push(() => refused('4011', 'The message is too long.'));
    const error = await session.sendMessage('x'.repeat(10)).catch((e) => e);
    expect(error.code).to.equal('4011');
    const [entry] = session.$outbox.get();
    expect(entry).to.include({ state: 'failed', rejected: true });
    expect(entry.error).to.deep.equal({ code: '4011', message: 'The message is too long.' });
    expect(log.find((e) => e.name === 'messageFailed')).to.not.equal(undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(service.sent).to.have.length(1);
    session.retryMessage(entry.id);
    await until(() => session.$outbox.get().length === 0, 'sent on retry');
    expect(service.sent).to.have.length(2);
  });

  it('an unknown outcome: the session asks the service what it has before sending again', async () => {
    const { session, service } = await started({ reconnect: { initialDelayMs: 20, maxDelayMs: 40 } });
    service.answers.push(() => unknown());
    await session.sendMessage('did it land?');
    expect(service.syncs, 'checked before the second attempt').to.be.greaterThanOrEqual(1);
    expect(service.sent.map((s) => s.text)).to.deep.equal(['did it land?', 'did it land?']);
  });

  it('echoes are matched by correlation id: the same text twice is two messages, each sent once', async () => {
    const { session, service } = await started();
    await Promise.all([session.sendMessage('same'), session.sendMessage('same')]);
    await until(() => texts(session).length === 2, 'two echoes');
    expect(service.sent).to.have.length(2);
    const [a, b] = service.sent.map((s) => s.options.correlationId);
    expect(a).to.match(/^[0-9a-f-]{36}$/);
    expect(a).to.not.equal(b);
    expect(session.$outbox.get()).to.deep.equal([]);
  });

  it('a bot answering ends the wait; the lifecycle counts agents only', async () => {
    const { session, service } = await started();
    expect(session.$state.get()).to.equal('waiting');
    service.emit('participant', { participant: bot, change: 'joined' });
    service.emit('message', text(bot, 'Hi, I am a bot'));
    expect(session.$state.get()).to.equal('chatting');
    await until(() => session.$messages.get().length === 1, 'the bot message');
    expect(session.metadata.numAgents).to.equal(0);
    expect(session.metadata.agentReached).to.equal(false);
    expect(session.$messages.get()[0]?.from.type).to.equal('Bot');
    service.emit('participant', { participant: sam, change: 'joined', time: at() });
    expect(session.metadata.numAgents).to.equal(1);
    expect(session.metadata.agentReached).to.be.a('number');
    expect(session.$agents.get().map((a) => a.name)).to.deep.equal(['Sam']);
  });

  it('userData changed during a chat goes to the transport, which sends it with the next message', async () => {
    const { session, service } = await started();
    await session.updateUserData({ plan: 'Green Flex', vip: true });
    expect(service.attributes).to.deep.equal([{ plan: 'Green Flex', vip: 'true' }]);
    expect(service.started[0].attributes).to.include({ firstName: 'Ada' });
  });

  it('a chat that ended read-only while the visitor was away comes back as a transcript that is over', async () => {
    const { session, storage, service } = await started();
    service.emit('message', text(sam, 'Anything else?'));
    const saved = storage.read() as PersistedState;
    session.dispose();

    const later = newSession({ transport: DOUBLE, storage });
    storage.write(saved);
    TransportDouble.next = { resumeResult: 'readOnly', history: [text(visitor, 'my question'), text(sam, 'Anything else?')] };
    await later.restore();
    expect(TransportDouble.last).to.not.equal(service);
    expect(later.$state.get()).to.equal('ended');
    expect(later.$ending.get()).to.deep.equal({ reason: 'agent', readOnly: true });
    expect(texts(later)).to.deep.equal(['my question', 'Anything else?']);
    expect(storage.read(), 'nothing left to restore').to.equal(null);
  });

  it('after the end, a new chat starts on the same visitor identity the transport gave', async () => {
    const { session, service } = await started();
    const first = service.resumeToken()!;
    service.emit('ended', { reason: 'agent', readOnly: true });
    expect(session.$state.get()).to.equal('ended');
    expect(session.$ending.get(), 'who ended it, and that it stays readable').to.deep.equal({ reason: 'agent', readOnly: true });
    session.startOver();
    expect(session.$ending.get()).to.equal(null);
    expect(session.$state.get()).to.equal('idle');
    expect(session.$messages.get()).to.deep.equal([]);
    await session.startChat({ firstname: 'Ada' });
    const next = TransportDouble.last!;
    expect(next.started[0].previous).to.deep.equal(first);
    expect(next.resumeToken()!.visitor).to.equal(first.visitor);
  });

  it("an agent's typing shows for as long as the service says", async () => {
    const { session, service } = await started({ agentTypingTimeoutMs: undefined });
    const log = record(session);
    service.emit('participant', { participant: sam, change: 'joined' });
    service.emit('typing', { participant: sam, durationMs: 150 });
    expect(session.$agentTyping.get()?.name).to.equal('Sam');
    await until(() => session.$agentTyping.get() === null, 'typing over', 1000);
    expect(log.map((e) => e.name)).to.include('agentTypingTimeout');
  });
});
