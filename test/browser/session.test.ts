// The session (WebChatService) against the real local Genesys Cloud over real sockets.
import { expect } from '@open-wc/testing';
import { Reasons } from '../../src/session/errors.js';
import { memoryState } from '../../src/session/storage.js';
import type { LifecycleMetadata } from '../../src/session/types.js';
import { agent, cleanupSessions, newSession, record, SERVER, startConnectedChat, until } from './helpers.js';

afterEach(cleanupSessions);

const steps = (log: { name: string }[]) =>
  log.map((e) => e.name).filter((n) => ['ready', 'opened', 'submitted', 'started', 'cancelled', 'rejected', 'completed', 'closed'].includes(n));

describe('ChatSession lifecycle (seed 001 scenarios)', () => {
  it('opened then closed without a chat: ready → opened → cancelled → closed', async () => {
    const session = newSession();
    const log = record(session);
    session.ready();
    session.open();
    await session.close();
    expect(steps(log)).to.deep.equal(['ready', 'opened', 'cancelled', 'closed']);
    const closed = log.find((e) => e.name === 'closed')!.detail as { metadata: LifecycleMetadata };
    expect(closed.metadata.opened).to.be.a('number');
    expect(closed.metadata.cancelled).to.be.a('number');
    expect(closed.metadata.closed).to.be.a('number');
    expect(closed.metadata.started).to.equal(false);
    expect(closed.metadata.errors).to.equal(false);
  });

  it('ended before an agent connected: … started → cancelled → closed', async () => {
    const session = newSession();
    const log = record(session);
    session.ready();
    session.open();
    await session.startChat({ firstname: 'Ada' });
    await session.close();
    expect(steps(log)).to.deep.equal(['ready', 'opened', 'submitted', 'started', 'cancelled', 'closed']);
    const cancelled = log.find((e) => e.name === 'cancelled')!.detail as { metadata: LifecycleMetadata };
    expect(cancelled.metadata.numAgents).to.equal(0);
    expect(cancelled.metadata.agentReached).to.equal(false);
    expect(cancelled.metadata.form).to.deep.include({ firstname: 'Ada' });
    expect(cancelled.metadata.id).to.be.a('string');
  });

  it('fails to start: … submitted → rejected, with the service error in metadata', async () => {
    const session = newSession({ targetAddress: 'No Such Queue' });
    const log = record(session);
    session.ready();
    session.open();
    const error = await session.startChat({ firstname: 'Ada' }).catch((e) => e);
    expect(error.code).to.equal('chat.error.invalid.queue');
    expect(steps(log)).to.deep.equal(['ready', 'opened', 'submitted', 'rejected']);
    const rejected = log.find((e) => e.name === 'rejected')!.detail as { metadata: LifecycleMetadata };
    expect(rejected.metadata.rejected).to.be.a('number');
    expect(rejected.metadata.errors).to.deep.equal(['chat.error.invalid.queue']);
    expect(session.$state.get()).to.equal('idle');
  });

  it('met an agent and ended normally: … started → completed → closed, with counters and timings', async () => {
    const session = newSession();
    const log = record(session);
    session.ready();
    session.open();
    const id = await startConnectedChat(session);
    await session.sendMessage('Hello');
    await agent.say(id, 'Hi Ada, how can I help?');
    await until(() => session.$metadata.get().agentMessages === 1, 'agent message counted');
    await session.endChat();
    await session.close();
    expect(steps(log)).to.deep.equal(['ready', 'opened', 'submitted', 'started', 'completed', 'closed']);
    const metadata = (log.at(-1)!.detail as { metadata: LifecycleMetadata }).metadata;
    expect(metadata.numAgents).to.equal(1);
    expect(metadata.userMessages).to.equal(1);
    expect(metadata.agentMessages).to.equal(1);
    expect(metadata.systemMessages).to.be.greaterThan(0);
    expect(metadata.agentReached).to.be.a('number');
    expect(metadata.waitingForAgent).to.be.a('number');
    expect(metadata.elapsed).to.be.a('number');
    expect(metadata.completed).to.be.a('number');
  });
});

describe('ChatSession commands', () => {
  it('shows the guest message once, from the echo, and counts it', async () => {
    const session = newSession();
    const id = await startConnectedChat(session);
    await session.sendMessage({ message: 'Where is my parcel?' });
    await new Promise((r) => setTimeout(r, 200)); // let the echo frame arrive too
    const mine = session.$messages.get().filter((m) => m.text === 'Where is my parcel?');
    expect(mine).to.have.length(1);
    expect(mine[0].from.type).to.equal('Client');
    const server = await agent.chat(id);
    expect(server.messages.filter((m) => m.body === 'Where is my parcel?')).to.have.length(1);
  });

  it('announces agent join, typing with its timeout, typing stopped by a message, and leave', async () => {
    const session = newSession();
    const log = record(session);
    const id = await startConnectedChat(session);
    expect(log.some((e) => e.name === 'agentConnected')).to.equal(true);
    // Live messages join the transcript once per animation frame: the notice may follow the event by one frame.
    const joined = await until(() => session.$messages.get().find((m) => m.type === 'ParticipantJoined' && m.from.type === 'Agent'), 'join notice');
    expect(joined?.from.name).to.equal('Alex Agent');

    await agent.type(id);
    await until(() => session.$agentTyping.get(), 'agent typing shown');
    await until(() => log.some((e) => e.name === 'agentTypingTimeout'), 'typing timeout');
    expect(session.$agentTyping.get()).to.equal(null);

    await agent.type(id);
    await until(() => session.$agentTyping.get(), 'agent typing again');
    await agent.say(id, 'Found it.');
    await until(() => log.some((e) => e.name === 'agentTypingStopped'), 'typing stopped by message');
    expect(session.$agentTyping.get()).to.equal(null);

    await agent.end(id);
    await until(() => session.$state.get() === 'ended', 'chat ended by agent');
    expect(log.some((e) => e.name === 'agentDisconnected')).to.equal(true);
    expect(log.some((e) => e.name === 'ended')).to.equal(true);
    expect(log.some((e) => e.name === 'completed')).to.equal(true);
  });

  it('sends a custom notice as a notice message', async () => {
    const session = newSession();
    const id = await startConnectedChat(session);
    await session.sendCustomNotice({ message: 'cobrowse:ready' });
    await until(async () => (await agent.chat(id)).messages.some((m) => m.body === 'cobrowse:ready' && m.bodyType === 'notice'), 'notice');
  });

  it('sends typing once per burst', async () => {
    const session = newSession();
    const log = record(session);
    await startConnectedChat(session);
    await Promise.all([session.sendTyping(), session.sendTyping(), session.sendTyping()]);
    expect(log.filter((e) => e.name === 'clientTypingStarted')).to.have.length(1);
    await session.sendMessage('done typing');
    expect(log.filter((e) => e.name === 'clientTypingStopped')).to.have.length(1);
  });

  it('rejects commands with the seed reasons', async () => {
    const session = newSession();
    expect((await session.endChat().catch((e) => e)).message).to.equal(Reasons.noActiveSession);
    expect((await session.sendMessage('hi').catch((e) => e)).message).to.equal(Reasons.noActiveSession);
    expect((await session.sendTyping().catch((e) => e)).message).to.equal(Reasons.noActiveSession);
    expect((await session.sendFilteredMessage({ message: 'x', regex: /x/ }).catch((e) => e)).message).to.equal(Reasons.noActiveSessionShort);
    expect((await session.startChat({ userData: [] as never }).catch((e) => e)).message).to.equal(Reasons.malformedUserData);
    expect((await session.addPrefilter({ filters: 'abc' as never }).catch((e) => e)).message).to.equal(Reasons.invalidFilters);
    expect((await session.registerPreProcessor({ preprocessor: 'no' }).catch((e) => e)).message).to.equal(
      "No preprocessor function provided. Type provided was 'string'.",
    );
    expect((await session.registerTypingPreviewInput({ input: document.body }).catch((e) => e)).message).to.equal(Reasons.invalidTypingInput);
    expect((await session.poll().catch((e) => e)).message).to.equal(Reasons.polling);
    expect((await session.startPoll().catch((e) => e)).message).to.equal(Reasons.polling);
    expect((await session.stopPoll().catch((e) => e)).message).to.equal(Reasons.polling);
    expect((await session.resetPollExceptions().catch((e) => e)).message).to.equal(Reasons.resetPoll);
    expect((await session.sendFile().catch((e) => e)).message).to.equal(Reasons.fileUpload);
    expect((await session.fetchHistory().catch((e) => e)).message).to.equal(Reasons.noActiveSession);
    expect((await session.restore().catch((e) => e)).message).to.equal(Reasons.sessionNotFound);

    await startConnectedChat(session);
    expect((await session.startChat({}).catch((e) => e)).message).to.equal(Reasons.alreadyActive);
    expect((await session.sendMessage('   ').catch((e) => e)).message).to.equal(Reasons.noMessageText);
    expect((await session.updateUserData({ a: 1 }).catch((e) => e)).message).to.equal(Reasons.userDataDuringChat);
    expect((await session.restore().catch((e) => e)).message).to.equal(Reasons.restoreWhileActive);
  });

  it('merges userData before the chat and sends every field as a context.* participant attribute', async () => {
    const session = newSession({ userData: { customerId: '59606', phoneType: 'Cell' } });
    expect(await session.updateUserData({ addressCity: 'Lyon' })).to.deep.include({ customerId: '59606', addressCity: 'Lyon' });
    await session.setUserData({ tier: 'gold' });
    expect((await session.getUserData('tier')).userData.tier).to.equal('gold');
    await session.deleteUserData('tier');
    expect((await session.getUserData('tier')).userData.tier).to.equal(undefined);
    const { sessionId } = await session.startChat({
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: 'ada@example.com',
      subject: 'Billing',
      form: { accountNumber: '12345678', newsletter: true },
      userData: { campaign: 'spring' },
    });
    const chat = await agent.chat(sessionId);
    expect(chat.customer.displayName).to.equal('Ada Lovelace');
    expect(chat.customer.customFields).to.deep.include({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      subject: 'Billing',
      accountNumber: '12345678',
      newsletter: 'true',
      customerId: '59606',
      phoneType: 'Cell',
      addressCity: 'Lyon',
      campaign: 'spring',
      _genesys_source: 'web',
      _genesys_browser: 'Chrome',
      // The test runner's wtr-session-id parameter names a session: the safe default leaves it out.
      _genesys_url: `${location.origin}${location.pathname}`,
    });
    expect(chat.customer.customFields).to.have.property('_genesys_OS');
    expect(chat.customer.customFields).to.have.property('_genesys_pageTitle');
    expect(chat.customer.customFields).to.have.property('_genesys_referrer');
    expect(chat.customer.customFields).not.to.have.property('tier');

    // The agent side reads them as participant attributes through the conversations API.
    const token = await fetch(`${SERVER}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${btoa('demo-client:demo-secret')}` },
      body: 'grant_type=client_credentials',
    }).then((r) => r.json());
    const conversation = await fetch(`${SERVER}/api/v2/conversations/chats/${sessionId}`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    }).then((r) => r.json());
    const customer = conversation.participants.find((p: { purpose: string }) => p.purpose === 'customer');
    expect(customer.attributes).to.deep.include({
      'context.accountNumber': '12345678',
      'context.firstName': 'Ada',
      'context.customerId': '59606',
      'context.genesys.legacyRoutingTargetQueueAddress': 'Manual',
    });
  });

  it('hides prefiltered and filtered messages, and applies pre-processors', async () => {
    const session = newSession();
    const id = await startConnectedChat(session);
    await session.addPrefilter(/^#code:/);
    await session.registerPreProcessor((message) => ({ ...message, text: message.text.replace('secret', '******') }));
    await session.sendFilteredMessage({ message: 'token=abc123', regex: /^token=/ });
    await agent.say(id, '#code: 42');
    await agent.say(id, 'your secret is safe');
    await until(() => session.$messages.get().some((m) => m.text.includes('******')), 'pre-processed message');
    const texts = session.$messages.get().map((m) => m.text);
    expect(texts).not.to.include('token=abc123');
    expect(texts).not.to.include('#code: 42');
    expect(texts).to.include('your ****** is safe');
    const server = await agent.chat(id);
    expect(server.messages.map((m) => m.body)).to.include('token=abc123');
  });

  it('reports transcript, agents, stats, session data and verifySession', async () => {
    const session = newSession();
    expect(await session.verifySession()).to.deep.equal({ sessionActive: false });
    const id = await startConnectedChat(session);
    await session.sendMessage('one');
    expect(await session.verifySession()).to.deep.equal({ sessionActive: true });
    const agents = await session.getAgents();
    expect(agents).to.have.length(1);
    expect(agents[0]).to.include({ name: 'Alex Agent', connected: true, supervisor: false });
    expect(agents[0].connectedTime).to.be.a('number');
    const stats = await session.getStats();
    expect(stats.startTime).to.be.a('number');
    expect(stats.duration).to.be.a('number');
    expect(await session.getSessionData()).to.deep.equal({
      sessionId: id,
      participantId: session.sessionData()!.participantId,
      transportId: 'purecloud-v2-sockets',
    });
    const { messages } = await session.getTranscript();
    expect(messages.map((m) => m.text)).to.include('one');
  });

  it('drives typing from a registered input', async () => {
    const session = newSession();
    const log = record(session);
    await startConnectedChat(session);
    const input = document.createElement('textarea');
    document.body.append(input);
    await session.registerTypingPreviewInput({ input });
    input.value = 'h';
    input.dispatchEvent(new Event('input'));
    await until(() => log.some((e) => e.name === 'clientTypingStarted'), 'typing from input');
    input.remove();
  });
});

describe('ChatSession restore and history', () => {
  it('restores the chat, its transcript and state in a new session (a reload), with filters kept', async () => {
    const storage = memoryState();
    const first = newSession({ storage });
    const id = await startConnectedChat(first);
    await first.addPrefilter(/^hidden/);
    await first.sendMessage('before reload');
    await agent.say(id, 'hidden from view');
    await agent.say(id, 'agent reply');
    await until(() => first.$messages.get().some((m) => m.text === 'agent reply'), 'reply');
    first.dispose(); // the page goes away without ending the chat

    const second = newSession({ storage });
    const log = record(second);
    await second.restore();
    expect(second.$state.get()).to.equal('chatting');
    const texts = second.$messages.get().map((m) => m.text);
    expect(texts).to.include.members(['before reload', 'agent reply']);
    expect(texts).not.to.include('hidden from view');
    expect(second.$messages.get().every((m) => m.restoring)).to.equal(true);
    expect(log.some((e) => e.name === 'restored')).to.equal(true);
    await agent.say(id, 'after reload');
    await until(() => second.$messages.get().some((m) => m.text === 'after reload'), 'live message after restore');
    await second.sendMessage('still here');
    await until(() => second.$messages.get().filter((m) => m.text === 'still here').length === 1, 'own message');
  });

  it('fails to restore a chat that ended meanwhile, and forgets it', async () => {
    const storage = memoryState();
    const first = newSession({ storage });
    const id = await startConnectedChat(first);
    first.dispose();
    await agent.end(id);
    const second = newSession({ storage });
    const log = record(second);
    const error = await second.restore().catch((e) => e);
    expect(error).to.be.instanceOf(Error);
    expect(log.some((e) => e.name === 'restoreFailed')).to.equal(true);
    expect(await storage.read()).to.equal(null);
    expect(second.$state.get()).to.equal('idle');
  });

  it('restores the newest page and fetches older pages with fetchHistory', async () => {
    const storage = memoryState();
    const first = newSession({ storage });
    const id = await startConnectedChat(first);
    for (let i = 1; i <= 12; i++) await agent.say(id, `m${i}`);
    await until(() => first.$messages.get().some((m) => m.text === 'm12'), 'all messages');
    first.dispose();

    const second = newSession({ storage, maxMessagePageSize: 5 });
    await second.restore();
    expect(second.$messages.get().map((m) => m.text)).to.deep.equal(['m8', 'm9', 'm10', 'm11', 'm12']);
    expect(second.$hasMoreHistory.get()).to.equal(true);
    await second.fetchHistory();
    expect(second.$messages.get().map((m) => m.text)).to.deep.equal(['m3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12']);
    while (second.$hasMoreHistory.get()) await second.fetchHistory();
    expect((await second.fetchHistory().catch((e) => e)).message).to.equal(Reasons.noMoreHistory);
    expect(second.$messages.get()[0].type).to.equal('ParticipantJoined');

    const whole = newSession({ storage, maxMessagePageSize: 5, pagination: false });
    second.dispose();
    await whole.restore();
    expect(whole.$messages.get().filter((m) => /^m\d+$/.test(m.text))).to.have.length(12);
  });
});

describe('ChatSession connection', () => {
  it('announces disconnected and reconnected when the socket drops, and loses no message', async () => {
    const session = newSession({ reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    const log = record(session);
    const id = await startConnectedChat(session);
    await agent.dropSockets(id);
    await until(() => log.some((e) => e.name === 'disconnected'), 'disconnected');
    await agent.say(id, 'sent while you were away');
    await until(() => log.some((e) => e.name === 'reconnected'), 'reconnected');
    await until(() => session.$messages.get().some((m) => m.text === 'sent while you were away'), 'gap filled');
    expect(session.$messages.get().filter((m) => m.text === 'sent while you were away')).to.have.length(1);
    expect(session.$connection.get()).to.equal('online');
  });

  it('a reconnect whose gap fill fails tries again without leaving its socket open', async () => {
    const session = newSession({ reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    const log = record(session);
    const id = await startConnectedChat(session);
    // The first gap fill after the drop fails once the new socket is already open.
    await agent.fault({ method: 'GET', path: `/api/v2/webchat/guest/conversations/${id}/messages`, status: 500, count: 1 });
    await agent.dropSockets(id);
    await until(() => log.some((e) => e.name === 'reconnected'), 'reconnected');
    expect(log.filter((e) => e.name === 'disconnected').length).to.equal(1);
    await agent.say(id, 'one socket, one copy');
    await until(() => session.$messages.get().some((m) => m.text === 'one socket, one copy'), 'message received');
    expect((await agent.chat(id)).sockets).to.equal(1);
  });

  it('treats silence for two heartbeat periods as a lost connection', async () => {
    const session = newSession({ heartbeatTimeoutMs: 2500, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    const log = record(session);
    const id = await startConnectedChat(session);
    await agent.heartbeats(id, false);
    await until(() => log.some((e) => e.name === 'disconnected'), 'watchdog fired', 6000);
    await agent.heartbeats(id, true);
    await until(() => log.some((e) => e.name === 'reconnected'), 'reconnected', 6000);
  });
});
