// Network faults at awkward moments of a chat, through the local server's fault injection and real sockets:
// each case is one a visitor on a bad network meets, and each asserts what they would see (or miss).
import { expect } from '@open-wc/testing';
import { memoryState } from '../../src/session/storage.js';
import type { ChatSession } from '../../src/session/session.js';
import type { PersistedState } from '../../src/session/types.js';
import { createControl } from '../../server/control-client.js';
import { agent, cleanupSessions, CONTROL, newSession, record, SERVER, startConnectedChat, until } from './helpers.js';

const GUEST = '/api/v2/webchat/guest';
const control = createControl(CONTROL);
/** Reconnect slowly enough that a test can act between two attempts. */
const steady = { reconnect: { initialDelayMs: 300, maxDelayMs: 600 } };
const fast = { reconnect: { initialDelayMs: 50, maxDelayMs: 250 } };

/** The faults the server still holds (how many uses each has left). */
const pendingFaults = async (): Promise<{ remaining: number }[]> => (await (await fetch(`${CONTROL}/control/faults`)).json()).faults;

/** The visitor's network goes: the socket drops and cannot come back until the test clears the faults. */
async function cutOff(session: ChatSession, id: string): Promise<void> {
  await agent.fault({ path: '/v1/token/*', status: 503, count: 50 });
  await agent.dropSockets(id);
  await until(() => session.$connection.get() === 'offline', 'offline');
}

const texts = (session: ChatSession) => session.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);

afterEach(async () => {
  await agent.clearFaults();
  await cleanupSessions();
});

describe('faults at awkward moments', () => {
  it('a gap fill that fails while the new socket already delivers: the missed message still comes, in order', async () => {
    const session = newSession(steady);
    const log = record(session);
    const id = await startConnectedChat(session);
    // Offline: the stream cannot come back while the agent writes.
    await cutOff(session, id);
    await agent.say(id, 'missed while offline');
    // The network returns, but the first reads of the transcript fail: the new socket is open meanwhile.
    await agent.clearFaults();
    await agent.fault({ method: 'GET', path: `${GUEST}/conversations/${id}/messages`, status: 500, count: 3 });
    await until(async () => (await agent.chat(id)).sockets > 0, 'a new socket attached');
    await agent.say(id, 'said after the return');
    await until(() => log.some((e) => e.name === 'reconnected'), 'reconnected', 10_000);
    await until(() => texts(session).includes('said after the return'), 'live message');
    await until(() => texts(session).includes('missed while offline'), 'the missed message');
    expect(texts(session)).to.deep.equal(['missed while offline', 'said after the return']);
  });

  it("the agent's last words before ending, while the visitor's socket was down, are shown before the end", async () => {
    const session = newSession(fast);
    const id = await startConnectedChat(session);
    await cutOff(session, id);
    await agent.say(id, 'Goodbye, and thanks');
    await agent.end(id);
    await agent.clearFaults();
    await until(() => session.$state.get() === 'ended', 'ended');
    expect(texts(session)).to.deep.equal(['Goodbye, and thanks']);
    expect(session.$connection.get()).to.equal('online');
  });

  it('ending the chat while offline: it ends for the visitor at once, and for the agent once the network returns', async () => {
    const session = newSession(fast);
    const id = await startConnectedChat(session);
    await agent.fault({ path: `${GUEST}/conversations/${id}/**`, status: 0, count: 3 });
    await cutOff(session, id);
    await session.endChat();
    expect(session.$state.get()).to.equal('ended');
    await agent.say(id, 'are you still there?'); // the service does not know yet
    await agent.clearFaults();
    await until(async () => (await agent.chat(id)).state === 'ended', 'the agent sees the visitor leave', 10_000);
    expect((await agent.chat(id)).endedBy).to.equal('customer');
    expect(texts(session), 'nothing arrives in an ended chat').to.deep.equal([]);
    expect(session.$state.get()).to.equal('ended');
  });

  it('a reload on a flaky network: a failed call while restoring is retried, the chat and its outbox come back', async () => {
    const storage = memoryState();
    const before = newSession({ storage, ...fast });
    const id = await startConnectedChat(before);
    await cutOff(before, id);
    void before.sendMessage('written before the reload').catch(() => undefined);
    before.dispose();
    await agent.clearFaults();

    // The first reads after the reload fail: a 503, then a dropped connection.
    await agent.fault({ method: 'GET', path: `${GUEST}/conversations/${id}/members/*`, status: 503, count: 1 });
    await agent.fault({ method: 'GET', path: `${GUEST}/conversations/${id}/messages`, status: 0, count: 1 });
    const after = newSession({ storage, ...fast });
    const log = record(after);
    await after.restore();
    expect(after.$state.get()).to.equal('chatting');
    expect(log.some((e) => e.name === 'restoreFailed')).to.equal(false);
    await until(() => texts(after).includes('written before the reload'), 'the queued message sent');
    const chat = await agent.chat(id);
    expect(chat.messages.filter((m) => m.senderRole === 'CUSTOMER' && m.bodyType === 'standard').map((m) => m.body)).to.deep.equal([
      'written before the reload',
    ]);
  });

  it('a reload met by a 429: the restore waits as long as Retry-After asks, then comes back', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    const id = await startConnectedChat(before);
    before.dispose();
    // Every call is refused until the test lifts it, a while after the first 429 (well inside its 3 s): four
    // tries on the fast backoff alone would all be spent by then.
    await agent.fault({ path: `${GUEST}/conversations/${id}/**`, status: 429, retryAfter: 3, count: 100 });
    const after = newSession({ storage, ...fast });
    const restored = after.restore();
    await until(async () => (await pendingFaults())[0]?.remaining < 100, 'the first 429');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await agent.clearFaults();
    await restored;
    expect(after.$state.get()).to.equal('chatting');
  });

  it('a restore that keeps failing gives restoreFailed but keeps the chat for the next reload', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    const id = await startConnectedChat(before);
    before.dispose();

    await agent.fault({ method: 'GET', path: `${GUEST}/conversations/${id}/members/*`, status: 503, count: 20 });
    const after = newSession({ storage, ...fast });
    const log = record(after);
    const error = await after.restore().catch((e) => e);
    expect(error.code).to.equal('service.unavailable');
    expect(log.filter((e) => e.name === 'restoreFailed')).to.have.length(1);
    expect(after.$state.get()).to.equal('idle');
    expect(storage.read(), 'the chat is still there to restore').to.not.equal(null);

    await agent.clearFaults();
    const later = newSession({ storage, ...fast });
    await later.restore();
    expect(later.$state.get()).to.equal('chatting');
  });

  for (const [what, corrupt] of [
    ['filters not a list', { filters: null }],
    ['a filter that is null', { filters: [null] }],
    ['a resume token not an object', { resume: 'x' }],
    ['an outbox that is not a list', { outbox: 'x' }],
    ['metadata and ui not objects', { metadata: 7, ui: 'open' }],
  ] as const) {
    it(`a stored chat with ${what}: it comes back or fails cleanly, never a spinner for ever`, async () => {
      const storage = memoryState();
      const before = newSession({ storage });
      await startConnectedChat(before);
      before.dispose();
      storage.write({ ...(storage.read() as PersistedState), ...(corrupt as object) } as PersistedState);

      const after = newSession({ storage });
      const log = record(after);
      const outcome = await after.restore().then(
        () => 'restored',
        (error: Error) => error.message,
      );
      expect(after.$state.get(), outcome).to.be.oneOf(['idle', 'waiting', 'chatting']);
      if (outcome !== 'restored' && after.$state.get() === 'idle') expect(log.some((e) => e.name === 'restoreFailed') || /cannot be found/.test(outcome), outcome).to.equal(true);
    });
  }

  it("an agent lookup that fails once does not leave the agent nameless for the rest of the chat", async () => {
    const session = newSession();
    const { sessionId: id } = await session.startChat({ firstname: 'Ada' });
    await until(async () => (await agent.chat(id)).sockets > 0, 'event stream attached');
    await agent.fault({ method: 'GET', path: `${GUEST}/conversations/${id}/members/*`, status: 500, count: 1 });
    await agent.accept(id, 'Alex Agent');
    await until(() => session.$state.get() === 'chatting', 'agent connected');
    await agent.say(id, 'hello');
    await until(() => texts(session).includes('hello'), 'agent message');
    const hello = session.$messages.get().find((m) => m.text === 'hello')!;
    expect(hello.from.name).to.equal('Alex Agent');
    expect(session.$agents.get().map((a) => a.name)).to.deep.equal(['Alex Agent']);
  });

  it('a start whose event stream cannot open: a clear error, a working retry, and no ghost chat left waiting for an agent', async () => {
    const session = newSession();
    const log = record(session);
    await agent.fault({ path: '/v1/token/*', status: 503, count: 1 });
    const error = await session.startChat({ firstname: 'Ghostly' }).catch((e) => e);
    expect(error.code).to.equal('socket.error');
    expect(error.message).to.equal('The chat event stream could not be opened.');
    expect(session.$state.get()).to.equal('idle');
    expect(log.map((e) => e.name)).to.include('rejected');
    const [first] = (await control.chats()).filter((c) => c.customer.displayName === 'Ghostly');
    await until(async () => (await agent.chat(first.id)).state === 'ended', 'the half-created chat ended');

    const { sessionId } = await session.startChat({ firstname: 'Ghostly' });
    await until(async () => (await agent.chat(sessionId)).sockets > 0, 'event stream attached');
    expect((await control.chats()).filter((c) => c.customer.displayName === 'Ghostly' && c.state !== 'ended').map((c) => c.id)).to.deep.equal([
      sessionId,
    ]);
  });

  for (const [what, fault, code] of [
    ['a 500', { status: 500 }, 'internal.server.error'],
    ['a 429 with Retry-After', { status: 429, retryAfter: 3 }, 'too.many.requests.retry.after'],
    // Chromium resends a request whose connection closed before any answer by itself: drop every try.
    ['a dropped connection', { status: 0, count: 10 }, 'network.error'],
  ] as const) {
    it(`a start refused with ${what}: rejected with the service's reason, nothing created, the next try works`, async () => {
      const session = newSession();
      await agent.fault({ method: 'POST', path: `${GUEST}/conversations`, count: 1, ...fault });
      const error = await session.startChat({ firstname: 'Retrying' }).catch((e) => e);
      expect(error.code).to.equal(code);
      expect(session.$state.get()).to.equal('idle');
      expect(session.sessionData()).to.equal(undefined);
      await agent.clearFaults();
      await startConnectedChat(session, { firstname: 'Retrying' });
      await session.sendMessage('made it');
    });
  }

  it('ending while the chat is still being created: it stays ended, and no agent is offered a visitor who left', async () => {
    const session = newSession(fast);
    const log = record(session);
    await agent.delay({ method: 'POST', path: `${GUEST}/conversations`, ms: 600, count: 1 });
    const started = session.startChat({ firstname: 'Impatient' }).catch(() => undefined);
    await until(() => session.$state.get() === 'starting', 'starting');
    await session.endChat();
    expect(session.$state.get()).to.equal('ended');
    const data = await started;
    await until(async () => (await agent.chat(data!.sessionId)).state === 'ended', 'the created chat ended');
    expect((await agent.chat(data!.sessionId)).endedBy).to.equal('customer');
    expect((await agent.chat(data!.sessionId)).sockets).to.equal(0);
    expect(session.$state.get()).to.equal('ended');
    expect(log.some((e) => e.name === 'messageReceived' || e.name === 'clientConnected'), 'nothing arrives after the end').to.equal(false);
  });

  it('"load earlier" that fails: a clear rejection, the button stays useful, and the retry brings each message once', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    const id = await startConnectedChat(before);
    for (let i = 1; i <= 7; i++) await agent.say(id, `m${i}`);
    await until(() => texts(before).length === 7, 'seven messages');
    before.dispose();
    const after = newSession({ storage, maxMessagePageSize: 5 });
    await after.restore();
    await agent.fault({ method: 'GET', path: `${GUEST}/conversations/${id}/messages`, status: 503, count: 1 });
    const error = await after.fetchHistory().catch((e) => e);
    expect(error.code).to.equal('service.unavailable');
    expect(after.$hasMoreHistory.get()).to.equal(true);
    await after.fetchHistory();
    expect(texts(after)).to.deep.equal(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  });

  it('a web page in place of the service (a Wi-Fi sign-in): a clear start error, and a send it catches is not lost', async () => {
    const page = '<!doctype html><title>Sign in to Hotel Wi-Fi</title><h1>Accept the terms to continue</h1>';
    const session = newSession(fast);
    await agent.fault({ method: 'POST', path: `${GUEST}/conversations`, status: 200, page });
    const refused = await session.startChat({ firstname: 'Ada' }).then(() => undefined, (error: Error & { code?: string }) => error);
    expect(refused?.code).to.equal('bad.response');
    expect(refused?.message).to.match(/answered with a web page/);
    expect(session.$state.get()).to.equal('idle');

    const id = await startConnectedChat(session);
    await agent.fault({ method: 'POST', path: `${GUEST}/conversations/${id}/members/*/messages`, status: 200, page });
    await session.sendMessage('Is my bill right?').catch(() => undefined);
    await until(async () => (await agent.chat(id)).messages.some((m) => m.body === 'Is my bill right?'), 'the message reaches the agent');
    await until(() => session.$outbox.get().length === 0, 'outbox empty');
    expect(texts(session).filter((text) => text === 'Is my bill right?')).to.have.length(1);
  });

  it('the conversation gone on reconnect (404): the chat ends, and a message waiting to go shows as not sent', async () => {
    const session = newSession(fast);
    const id = await startConnectedChat(session);
    await cutOff(session, id);
    void session.sendMessage('into the void').catch(() => undefined);
    await agent.fault({ method: 'GET', path: `${GUEST}/conversations/${id}/members/*`, status: 404, code: 'chat.error.not.found', count: 50 });
    await until(() => session.$state.get() === 'ended', 'ended');
    expect(session.$connection.get()).to.equal('online');
    expect(session.$outbox.get().map((m) => [m.text, m.state, m.error?.code])).to.deep.equal([['into the void', 'failed', 'chat.ended']]);
  });
});
