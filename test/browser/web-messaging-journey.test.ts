// The visitor's whole journey on Web Messaging, the default transport, with <gc-webchat> and the session as a
// page uses them, against the local Genesys Cloud: the form's fields arrive as the conversation's participant
// data, messages go both ways, the chat survives a reload, a second tab, a dropped socket and a rate limit, and
// ends read-only with a way to start again.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import '../../src/define.js';
import { memoryState } from '../../src/session/storage.js';
import type { PersistedState } from '../../src/session/types.js';
import { agent, cleanupSessions, MESSENGER, messagingToken, newSession, record, SERVER, until } from './helpers.js';

const FORM = {
  inputs: [
    { name: 'firstname', label: 'First name', required: true },
    { name: 'lastname', label: 'Last name' },
    { name: 'accountNumber', label: 'Account number' },
  ],
};

function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

function transcriptText(el: GcWebchat): string {
  return shadow(el).querySelector('gc-transcript')?.shadowRoot?.textContent ?? '';
}

async function widget(deployment = MESSENGER.readOnly): Promise<GcWebchat> {
  return fixture<GcWebchat>(html`<gc-webchat
    environment=${SERVER}
    deployment-key=${deployment}
    user-data=${JSON.stringify({ customerId: '59606' })}
    form=${JSON.stringify(FORM)}
  ></gc-webchat>`);
}

/** The visitor fills the form; the test (the agent) finds the conversation and accepts it. */
async function startAndAccept(el: GcWebchat, deployment = MESSENGER.readOnly): Promise<{ token: string; conversationId: string }> {
  const started = oneEvent(el, 'gc-started');
  await el.show({ form: { firstname: 'Ana', lastname: 'Lima', accountNumber: '12345678', autoSubmit: true } });
  await started;
  const token = (await until(() => messagingToken(deployment), 'the guest token stored for the site'))!;
  const chat = await agent.waitForMessagingChat(token, { deploymentId: deployment });
  await agent.accept(chat.id, 'Alex Agent');
  return { token, conversationId: chat.id };
}

describe('Web Messaging: the visitor journey with <gc-webchat>', function () {
  this.timeout(30_000);

  beforeEach(() => localStorage.clear());
  afterEach(async () => {
    await cleanupSessions();
    localStorage.clear();
  });

  it('needs no transport attribute: the form and user-data arrive as participant data the agent side reads', async () => {
    const el = await widget();
    const { conversationId } = await startAndAccept(el);
    const chat = await agent.chat(conversationId);
    expect(chat.channel).to.equal('messaging');
    expect(chat.customer.customFields).to.include({ firstName: 'Ana', lastName: 'Lima', accountNumber: '12345678', customerId: '59606' });
    // Genesys's own way in: the conversations API, read by the gc-attributes command.
    const cli = (await executeServerCommand('gc-attributes', {
      args: [conversationId, '--client-id', 'demo-client', '--client-secret', 'demo-secret'],
    })) as { code: number; stdout: string; stderr: string };
    expect(cli.code, cli.stderr).to.equal(0);
    expect(JSON.parse(cli.stdout)).to.include({ 'context.firstName': 'Ana', 'context.accountNumber': '12345678', 'context.customerId': '59606' });
    await el.endChat();
  });

  it('messages both ways, shown once each, and the agent typing', async () => {
    const el = await widget();
    const { conversationId } = await startAndAccept(el);
    const session = el.session!;
    await el.sendMessage('Hello from the visitor');
    await agent.type(conversationId);
    await until(() => session.$agentTyping.get() !== null, 'the agent typing shown');
    await agent.say(conversationId, 'Hello Ana, how can I help?');
    await until(() => transcriptText(el).includes('Hello Ana, how can I help?'), 'the agent message');
    expect(session.$state.get()).to.equal('chatting');
    expect(session.$agentTyping.get(), 'typing stops when the agent speaks').to.equal(null);
    const texts = session.$messages.get().filter((m) => m.type === 'Message').map((m) => `${m.from.type} ${m.from.name}: ${m.text}`);
    expect(texts).to.deep.equal(['Client Ana Lima: Hello from the visitor', 'Agent Alex Agent: Hello Ana, how can I help?']);
    expect(session.$outbox.get(), 'nothing left waiting').to.deep.equal([]);
    await el.endChat();
  });

  it('survives a reload and shows a second tab the same conversation, each message once', async () => {
    const options = { transport: 'web-messaging', environment: SERVER, deploymentKey: MESSENGER.readOnly, storage: undefined, tabSync: false };
    const first = newSession(options);
    await first.startChat({ firstname: 'Reload' });
    const token = messagingToken(MESSENGER.readOnly)!;
    const { id } = await agent.waitForMessagingChat(token, { deploymentId: MESSENGER.readOnly });
    await agent.accept(id);
    await first.sendMessage('before the reload');
    await agent.say(id, 'noted');
    await until(() => first.$messages.get().length >= 2, 'both messages');
    first.dispose(); // the page goes away without ending the chat

    const reloaded = newSession(options);
    await reloaded.restore();
    const texts = () => reloaded.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);
    expect(texts()).to.deep.equal(['before the reload', 'noted']);
    expect(reloaded.active).to.equal(true);

    // Another tab of the site: the same guest token, the same conversation, nothing twice.
    const otherTab = newSession(options);
    await otherTab.restore();
    await agent.say(id, 'to both tabs');
    const otherTexts = () => otherTab.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);
    await until(() => texts().includes('to both tabs') && otherTexts().includes('to both tabs'), 'both tabs');
    await otherTab.sendMessage('from the second tab');
    // The sending tab shows it as sent once its own echo is back, which may come after the other tab's copy.
    await until(() => texts().includes('from the second tab') && otherTexts().includes('from the second tab'), 'both tabs show what the second sent');
    expect(texts()).to.deep.equal(['before the reload', 'noted', 'to both tabs', 'from the second tab']);
    expect(otherTexts()).to.deep.equal(texts());
    expect((await agent.messagingSession(token, MESSENGER.readOnly)).conversationIds).to.have.length(1);
  });

  it('a dropped socket and a rate-limit burst: everything arrives once, in order', async () => {
    const storage = memoryState();
    const session = newSession({ transport: 'web-messaging', environment: SERVER, deploymentKey: MESSENGER.readOnly, storage, reconnect: { initialDelayMs: 200, maxDelayMs: 400 } });
    await session.startChat({ firstname: 'Flaky' });
    const token = (storage.read() as PersistedState).resume.token as string;
    const { id } = await agent.waitForMessagingChat(token, { deploymentId: MESSENGER.readOnly });
    await agent.accept(id);
    const log = record(session);

    // The socket goes; the agent speaks while the visitor is away; the gap is filled once the socket is back.
    await agent.dropMessagingSockets(token, MESSENGER.readOnly);
    await until(() => session.$connection.get() === 'offline', 'offline');
    await agent.say(id, 'said while you were away');
    await until(() => session.$connection.get() === 'online', 'back online');
    await until(() => session.$messages.get().some((m) => m.text === 'said while you were away'), 'the gap filled');

    // The service refuses three messages in a row for their rate: each is sent again after its wait.
    await agent.messagingFaults(token, { rateLimited: 3 }, MESSENGER.readOnly);
    for (const text of ['one', 'two', 'three']) void session.sendMessage(text).catch(() => undefined);
    await until(() => session.$outbox.get().length === 0, 'all delivered', 20_000);
    const texts = session.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);
    expect(texts).to.deep.equal(['said while you were away', 'one', 'two', 'three']);
    const server = (await agent.chat(id)).messages.filter((m: { bodyType: string }) => m.bodyType === 'standard').map((m: { body: string }) => m.body);
    expect(server, 'the service has each once').to.deep.equal(texts);
    expect(log.filter((e) => e.name === 'disconnected')).to.have.length(1);
    expect(log.filter((e) => e.name === 'reconnected')).to.have.length(1);
  });

  it('ends read-only when the agent ends: the transcript stays, the composer explains, and a new chat starts on the same visitor', async () => {
    const el = await widget();
    const { token, conversationId } = await startAndAccept(el);
    await agent.say(conversationId, 'Anything else?');
    await until(() => transcriptText(el).includes('Anything else?'), 'agent message');
    await agent.end(conversationId);
    await until(() => el.session!.$state.get() === 'ended', 'ended');
    expect(transcriptText(el)).to.include('Anything else?');
    expect(shadow(el).querySelector('gc-composer'), 'nothing more can be written').to.equal(null);
    // Why the composer is gone, and what to do: the agent ended it, the conversation stays readable.
    await el.updateComplete;
    const ended = shadow(el).querySelector('[part="ended"] [role="status"]')!.textContent!;
    expect(ended).to.include('Alex Agent ended the chat.');
    expect(ended).to.include('You can still read it here; to write again, start a new chat.');
    const again = [...shadow(el).querySelectorAll('button')].find((b) => /new chat/i.test(b.textContent ?? ''));
    expect(again, 'a way to start again').to.not.equal(undefined);
    again!.click();
    const started = oneEvent(el, 'gc-started');
    await until(() => shadow(el).querySelector('gc-registration-form'), 'the form again');
    await el.startChat({ firstname: 'Ana' });
    await started;
    // The same visitor (guest token), a brand-new conversation.
    const next = await agent.waitForMessagingChat(token, { deploymentId: MESSENGER.readOnly, exceptId: conversationId });
    expect(next.id).to.not.equal(conversationId);
    expect((await agent.messagingSession(token, MESSENGER.readOnly)).readOnly).to.equal(false);
    await el.endChat();
  });
});
