// The Web Messaging transport against the local Genesys Cloud: a visitor's whole journey with the test as
// the agent, every frame the transport sends checked against the documented request shapes, and every
// frame the server sends against the documented server shapes.
import { expect } from '@open-wc/testing';
import type { ChatTransport, CommonOptions } from '../../src/transport/contract.js';
import { webMessaging } from '../../src/transport/web-messaging/definition.js';
import { checkClientRequest, checkServerFrame } from '../fixtures/web-messaging-shapes.js';
import { CONTROL, SERVER, until } from './helpers.js';
import { eventsOf, recordTransport, type Logged } from './web-messaging-fakes.js';

const READ_ONLY_DEPLOYMENT = '6a1b7c4d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
const SEND_DEPLOYMENT = '7b2c8d5e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';
const RESTRICTED_DEPLOYMENT = '8c3d9e6f-0a1b-4c2d-9e3f-4a5b6c7d8e9f';
const INACTIVE_DEPLOYMENT = '2c7d3e0f-4a5b-4c6d-9e8f-7a6b5c4d3e2f';

/** Every frame each way on every socket the transports open. */
const sent: unknown[] = [];
const received: unknown[] = [];
let upgrades = 0;

class RecordingSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    upgrades++;
    this.addEventListener('message', (event) => received.push(JSON.parse(event.data as string)));
  }
  override send(data: string): void {
    sent.push(JSON.parse(data));
    super.send(data);
  }
}

async function control<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${path.startsWith('/control/') ? CONTROL : SERVER}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

const agent = {
  session: (token: string) => control('GET', `/control/messaging/sessions/${encodeURIComponent(token)}`),
  chat: (id: string) => control('GET', `/control/chats/${id}`),
  accept: (id: string) => control('POST', `/control/chats/${id}/accept`, { agentName: 'Alex Agent' }),
  say: (id: string, body: string) => control('POST', `/control/chats/${id}/messages`, { body }),
  type: (id: string) => control('POST', `/control/chats/${id}/typing`),
  end: (id: string) => control('POST', `/control/chats/${id}/end`),
  drop: (token: string) => control('POST', `/control/messaging/sessions/${encodeURIComponent(token)}/drop-sockets`),
  faults: (token: string, faults: object) => control('POST', `/control/messaging/sessions/${encodeURIComponent(token)}/faults`, faults),
};

const transports: ChatTransport[] = [];

async function transportFor(deploymentKey: string, options: CommonOptions = {}): Promise<{ transport: ChatTransport; log: Logged[] }> {
  const { config, errors } = webMessaging.readConfig({ deploymentKey, environment: SERVER });
  expect(errors).to.deep.equal([]);
  const transport = (await webMessaging.load())(config!, {
    WebSocketImpl: RecordingSocket,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    requestTimeoutMs: 4000,
    ...options,
  });
  transports.push(transport);
  return { transport, log: recordTransport(transport) };
}

const tokenOf = (transport: ChatTransport) => transport.resumeToken()!.token as string;

describe('web-messaging transport (local Genesys Cloud)', function () {
  this.timeout(30_000);

  afterEach(() => {
    for (const transport of transports.splice(0)) transport.dispose();
  });

  it('a whole journey: attributes, messages both ways, typing, a gap, a rate limit, a read-only end, resume, a new chat', async () => {
    sent.length = 0;
    received.length = 0;
    // A slow first reconnect, so that the agent's next messages are said while the visitor is away.
    const { transport, log } = await transportFor(READ_ONLY_DEPLOYMENT, { reconnect: { initialDelayMs: 1500, maxDelayMs: 1600 } });
    await transport.start({ displayName: 'Ana', attributes: { firstName: 'Ana', orderId: 'A-1001' } });
    const token = tokenOf(transport);
    const conversationId: string = (await until(async () => (await agent.session(token)).conversationId, 'autoStart conversation')) as string;

    // The deployment autoStarts: the Join carried the attributes, and the agent side sees them.
    expect((await agent.chat(conversationId)).customer.customFields).to.deep.equal({ firstName: 'Ana', orderId: 'A-1001' });

    await agent.accept(conversationId);
    await agent.say(conversationId, 'Hello Ana, how can I help?');
    await until(() => eventsOf(log, 'message').length === 1, 'agent greeting');
    const greeting = eventsOf(log, 'message')[0];
    expect(greeting).to.include({ text: 'Hello Ana, how can I help?', own: false });
    expect(greeting.from.role).to.equal('agent');
    expect(eventsOf(log, 'participant').some((p) => p.change === 'joined' && !p.participant.own)).to.equal(true);

    const delivery = await transport.send('My order is late', { correlationId: 'corr-1' });
    expect(delivery.outcome).to.equal('accepted');
    const own = eventsOf(log, 'message').filter((m) => m.own);
    expect(own.map((m) => [m.text, m.correlationId])).to.deep.equal([['My order is late', 'corr-1']]);
    expect(delivery).to.deep.equal({ outcome: 'accepted', id: own[0].id });

    await transport.typing();
    await agent.type(conversationId);
    await until(() => eventsOf(log, 'typing').length > 0, 'agent typing shown');

    // The socket goes; the agent speaks while it is down; the gap is filled, each message once, in order.
    await agent.drop(token);
    await until(() => eventsOf(log, 'connection').some((c) => c.state === 'offline'), 'offline');
    await agent.say(conversationId, 'Checking now');
    await agent.say(conversationId, 'It ships tomorrow');
    expect(eventsOf(log, 'connection').map((c) => c.state)).to.deep.equal(['offline']);
    await until(() => eventsOf(log, 'connection').some((c) => c.state === 'online'), 'back online', 10_000);
    await until(() => eventsOf(log, 'message').length === 4, 'missed messages', 5000);
    const texts = eventsOf(log, 'message').map((m) => m.text);
    expect(texts).to.deep.equal(['Hello Ana, how can I help?', 'My order is late', 'Checking now', 'It ships tomorrow']);
    expect(new Set(eventsOf(log, 'message').map((m) => m.id)).size).to.equal(4);

    // A burst over the rate limit: retry after the time the service gives, then it goes through.
    await agent.faults(token, { rateLimited: 2 });
    const limited = [await transport.send('one', { correlationId: 'corr-2' }), await transport.send('one', { correlationId: 'corr-2' })];
    expect(limited.map((d) => d.outcome)).to.deep.equal(['retry', 'retry']);
    expect(limited[0].outcome === 'retry' && limited[0].retryAfterMs).to.be.greaterThan(0);
    expect((await transport.send('one', { correlationId: 'corr-2' })).outcome).to.equal('accepted');

    // The agent ends the conversation on a ReadOnly deployment.
    await agent.end(conversationId);
    await until(() => eventsOf(log, 'ended').length === 1, 'ended');
    expect(eventsOf(log, 'ended')).to.deep.equal([{ reason: 'agent', readOnly: true }]);
    expect(eventsOf(log, 'participant').some((p) => p.change === 'left')).to.equal(true);

    // Another page picks the token up: read-only, and the transcript is still there.
    const { transport: later } = await transportFor(READ_ONLY_DEPLOYMENT);
    expect(await later.resume({ token })).to.equal('readOnly');
    const page = await later.history();
    expect(page.messages.map((m) => m.text)).to.include.members(['Hello Ana, how can I help?', 'It ships tomorrow', 'one']);
    const times = page.messages.map((m) => Date.parse(m.time));
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    const refused = await later.send('hello?', { correlationId: 'corr-3' });
    expect(refused.outcome).to.equal('refused');

    // A new chat on the same guest token: a new conversation that takes messages again.
    const { transport: next, log: nextLog } = await transportFor(READ_ONLY_DEPLOYMENT);
    await next.start({ displayName: 'Ana', attributes: { firstName: 'Ana' }, previous: later.resumeToken() });
    expect(tokenOf(next)).to.equal(token);
    const newConversation = await until(async () => {
      const id = (await agent.session(token)).conversationId;
      return id && id !== conversationId ? id : undefined;
    }, 'a new conversation');
    expect(newConversation).not.to.equal(conversationId);
    expect((await next.send('Back again', { correlationId: 'corr-4' })).outcome).to.equal('accepted');
    expect(eventsOf(nextLog, 'message').map((m) => m.text)).to.deep.equal(['Back again']);

    // Every frame the transports sent is a documented request; every frame the server sent a documented frame.
    expect(sent.length).to.be.greaterThan(10);
    const badRequests = sent.map((frame) => ({ frame, problems: checkClientRequest(frame) })).filter((f) => f.problems.length);
    expect(badRequests).to.deep.equal([]);
    const actions = new Set(sent.map((frame) => (frame as { action: string }).action));
    expect([...actions].sort()).to.deep.equal(['configureSession', 'getJwt', 'onMessage']);
    const badFrames = received.map((frame) => ({ frame, problems: checkServerFrame(frame) })).filter((f) => f.problems.length);
    expect(badFrames).to.deep.equal([]);
  });

  it('leaving and the keep-alive echo are documented requests too', async () => {
    sent.length = 0;
    const { transport, log } = await transportFor(SEND_DEPLOYMENT, { heartbeatTimeoutMs: 300 });
    await transport.start({ displayName: 'Bo', attributes: {} });
    await until(() => sent.some((frame) => (frame as { action: string }).action === 'echo'), 'an echo on silence', 3000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    // The server answered: no reconnect.
    expect(eventsOf(log, 'connection')).to.deep.equal([]);
    await transport.leave();
    expect(sent.map((frame) => (frame as { action: string }).action)).to.include.members(['echo', 'closeSession']);
    expect(sent.flatMap((frame) => checkClientRequest(frame))).to.deep.equal([]);
  });

  it('a Send-type deployment ends the chat without keeping it read-only', async () => {
    const { transport, log } = await transportFor(SEND_DEPLOYMENT);
    await transport.start({ displayName: 'Bo', attributes: {} });
    const token = tokenOf(transport);
    const id = (await until(async () => (await agent.session(token)).conversationId, 'conversation')) as string;
    await agent.accept(id);
    await agent.end(id);
    await until(() => eventsOf(log, 'ended').length === 1, 'ended');
    expect(eventsOf(log, 'ended')).to.deep.equal([{ reason: 'agent', readOnly: false }]);
    expect(transport.capabilities.readOnlyAfterEnd).to.equal(false);
  });

  it('an expired session ends the chat as expired, and a later page finds it gone', async () => {
    const { transport, log } = await transportFor(SEND_DEPLOYMENT);
    await transport.start({ displayName: 'Cy', attributes: {} });
    const token = tokenOf(transport);
    await control('POST', `/control/messaging/sessions/${encodeURIComponent(token)}/expire`);
    await until(() => eventsOf(log, 'ended').length === 1, 'ended');
    expect(eventsOf(log, 'ended')).to.deep.equal([{ reason: 'expired', readOnly: false }]);
    const { transport: later } = await transportFor(SEND_DEPLOYMENT);
    expect(await later.resume({ token })).to.equal('ended');
  });

  it('two tabs on one guest token: each shows the other\'s messages once, as the visitor\'s own', async () => {
    const { transport: first, log: firstLog } = await transportFor(SEND_DEPLOYMENT);
    await first.start({ displayName: 'Di', attributes: {} });
    const { transport: second, log: secondLog } = await transportFor(SEND_DEPLOYMENT);
    expect(await second.resume(first.resumeToken()!)).to.equal('live');
    expect((await first.send('from tab one', { correlationId: 'tab-1' })).outcome).to.equal('accepted');
    expect((await second.send('from tab two', { correlationId: 'tab-2' })).outcome).to.equal('accepted');
    for (const log of [firstLog, secondLog]) {
      await until(() => eventsOf(log, 'message').length === 2, 'both messages in each tab');
      expect(eventsOf(log, 'message').map((m) => [m.text, m.own])).to.deep.equal([
        ['from tab one', true],
        ['from tab two', true],
      ]);
    }
  });

  it('a page outside the allowed domains gets a configuration error once, with no retry loop', async () => {
    const before = upgrades;
    const { transport } = await transportFor(RESTRICTED_DEPLOYMENT);
    const error = await transport.start({ displayName: 'Ana', attributes: {} }).catch((e) => e);
    expect(error.code).to.equal('websocket.denied');
    expect(error.message).to.match(/allowed domains/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(upgrades - before).to.equal(1);
  });

  it('an inactive deployment says so before any socket is opened', async () => {
    const before = upgrades;
    const { transport } = await transportFor(INACTIVE_DEPLOYMENT);
    const error = await transport.start({ displayName: 'Ana', attributes: {} }).catch((e) => e);
    expect(error.code).to.equal('deployment.inactive');
    expect(upgrades).to.equal(before);
  });
});
