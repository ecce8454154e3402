// Tabs of one site share one chat. Two sessions in this page stand for two tabs: each has its own storage
// (sessionStorage is per tab), and they meet over BroadcastChannel and Web Locks exactly as tabs do.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import type { ChatSession } from '../../src/session/session.js';
import { memoryState } from '../../src/session/storage.js';
import { agent, cleanupSessions, DEPLOYMENT, newSession, ORG, record, SERVER, startConnectedChat, until } from './helpers.js';

afterEach(cleanupSessions);

const texts = (session: ChatSession) => session.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);
const tab = () => newSession({ tabSync: true, storage: memoryState(), reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });

describe('tabs', () => {
  it('a second tab mirrors the chat; a message sent in either shows once in both; one socket', async () => {
    const first = tab();
    expect(await first.joinTabs()).to.equal('alone');
    const id = await startConnectedChat(first);
    await agent.say(id, 'hello from the agent');
    await until(() => texts(first).includes('hello from the agent'), 'first tab has it');

    const second = tab();
    const secondLog = record(second);
    expect(await second.joinTabs()).to.equal('mirror');
    expect(second.$state.get()).to.equal('chatting');
    expect(texts(second)).to.deep.equal(texts(first));

    await second.sendMessage('typed in the second tab');
    await first.sendMessage('typed in the first tab');
    await agent.say(id, 'answer to both');
    const expected = ['hello from the agent', 'typed in the second tab', 'typed in the first tab', 'answer to both'];
    await until(() => texts(first).length === 4 && texts(second).length === 4, 'both tabs up to date');
    expect(texts(first)).to.deep.equal(expected);
    expect(texts(second)).to.deep.equal(expected);
    const server = (await agent.chat(id)).messages.filter((m) => m.bodyType === 'standard').map((m) => m.body);
    expect(server).to.deep.equal(expected);
    expect((await agent.chat(id)).sockets, 'only the owning tab holds a socket').to.equal(1);
    const announced = secondLog.filter((e) => e.name === 'messageReceived').flatMap((e) => (e.detail as { messages: { text: string }[] }).messages.map((m) => m.text));
    expect(announced.filter((t) => t === 'answer to both'), 'the mirror hears each new message once').to.have.length(1);
  });

  it('closing the owning tab hands the chat over: no message lost or doubled', async () => {
    const first = tab();
    await first.joinTabs();
    const id = await startConnectedChat(first);
    const second = tab();
    expect(await second.joinTabs()).to.equal('mirror');
    await first.sendMessage('before the handover');
    await until(() => texts(second).includes('before the handover'), 'mirrored');

    first.dispose(); // the tab closes
    await agent.say(id, 'said during the handover');
    await until(() => !second.mirroring && second.$state.get() === 'chatting', 'second tab took over');
    await until(() => texts(second).includes('said during the handover'), 'gap filled');
    await second.sendMessage('after the handover');
    await until(() => texts(second).includes('after the handover'), 'sent by the new owner');
    expect(texts(second)).to.deep.equal(['before the handover', 'said during the handover', 'after the handover']);
    await until(async () => (await agent.chat(id)).sockets === 1, 'one socket again');
  });

  it('the end of the chat reaches every tab, and either can start the next one', async () => {
    const first = tab();
    await first.joinTabs();
    const id = await startConnectedChat(first);
    const second = tab();
    await second.joinTabs();
    await second.endChat(); // ending from the mirror ends it for real
    await until(() => first.$state.get() === 'ended' && second.$state.get() === 'ended', 'ended in both');
    expect((await agent.chat(id)).state).to.equal('ended');
    expect(second.mirroring).to.equal(false);
    const next = await startConnectedChat(second);
    expect(next).not.to.equal(id);
    await until(() => first.mirroring && first.$state.get() === 'chatting', 'the first tab mirrors the new chat');
  });

  it('a mirror handed the chat before it heard the chat ended shows the end too; the chat does not bounce back', async () => {
    const first = tab();
    await first.joinTabs();
    const id = await startConnectedChat(first);
    await agent.say(id, 'last words');
    // The second tab's channel lags: what the first tab says after the end reaches it only when released,
    // so the lock the first tab lets go of comes first (the order a busy browser sometimes delivers).
    const held: (() => void)[] = [];
    let lagging = false;
    const Channel = BroadcastChannel;
    globalThis.BroadcastChannel = class extends Channel {
      override set onmessage(handler: (event: MessageEvent) => void) {
        super.onmessage = (event) => (lagging ? held.push(() => handler(event)) : handler(event));
      }
    } as typeof BroadcastChannel;
    const second = tab();
    const secondLog = record(second);
    try {
      expect(await second.joinTabs()).to.equal('mirror');
    } finally {
      globalThis.BroadcastChannel = Channel;
    }
    await until(() => texts(second).includes('last words'), 'mirrored');

    lagging = true;
    await first.endChat();
    const firstStates: string[] = [];
    first.$state.listen((state) => firstStates.push(state));
    await until(() => second.$state.get() === 'ended', 'the second tab took the chat over and found it ended');
    expect(secondLog.some((e) => e.name === 'restoreFailed'), 'no failed restore').to.equal(false);
    expect(secondLog.some((e) => e.name === 'ended')).to.equal(true);
    expect(texts(second), 'the transcript stays').to.deep.equal(['last words']);
    lagging = false;
    for (const deliver of held.splice(0)) deliver();
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for a bounce to show
    expect([first.$state.get(), second.$state.get()]).to.deep.equal(['ended', 'ended']);
    expect([first.mirroring, second.mirroring]).to.deep.equal([false, false]);
    expect(firstStates, 'the tab that ended the chat does not pick it up again').to.deep.equal([]);

    await startConnectedChat(first);
    await until(() => second.mirroring && second.$state.get() === 'chatting', 'the second tab mirrors the next chat');
  });

  it('two tabs that joined before any chat: the one that starts a chat shows it in the other', async () => {
    const first = tab();
    const second = tab();
    expect(await first.joinTabs()).to.equal('alone');
    expect(await second.joinTabs()).to.equal('alone');
    // The first tab heard no hello after its own, and nothing of the second until it answers that hello.
    const id = await startConnectedChat(first);
    await agent.say(id, 'seen in both');
    await until(() => second.mirroring && texts(second).includes('seen in both'), 'the second tab mirrors the chat');
    expect(second.$state.get()).to.equal('chatting');
  });

  it('two widgets: the one opened later shows the same chat and its composer sends through the owner', async () => {
    const attrs = { 'data-url': SERVER, 'deployment-key': DEPLOYMENT, 'org-guid': ORG, 'target-address': 'Manual' };
    sessionStorage.clear();
    const one = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" data-url=${attrs['data-url']} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await one.show({ form: { firstname: 'Two', lastname: 'Tabs', autoSubmit: true } });
    await until(() => one.session?.$state.get() === 'waiting', 'started');
    const { sessionId } = (await one.getSessionData())!;
    await agent.accept(sessionId);
    await agent.say(sessionId, 'visible everywhere');

    const two = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" data-url=${attrs['data-url']} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual" open></gc-webchat>`);
    await until(() => two.session?.mirroring && two.session.$state.get() === 'chatting', 'second widget mirrors');
    const transcript = () => two.shadowRoot!.querySelector('gc-transcript')!.shadowRoot!.textContent!;
    await until(() => transcript().includes('visible everywhere'), 'rendered in the second widget');
    await two.sendMessage('sent from the second widget');
    await until(() => one.session!.$messages.get().some((m) => m.text === 'sent from the second widget'), 'owner has it');
    await until(() => transcript().includes('sent from the second widget'), 'second widget has it');
    await one.endChat();
    await until(() => two.session!.$state.get() === 'ended', 'ended in the second widget');
  });
});

describe('new-message alert across tabs', () => {
  const setVisibility = (state: 'hidden' | 'visible') => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  afterEach(() => {
    delete (document as { visibilityState?: string }).visibilityState; // back to the prototype's getter
  });

  it('flags the title once for two widgets on one chat while the page is hidden, and restores it', async () => {
    sessionStorage.clear();
    const original = document.title;
    const one = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await one.show({ form: { firstname: 'Title', lastname: 'Alert', autoSubmit: true } });
    await until(() => one.session?.$state.get() === 'waiting', 'started');
    const { sessionId } = (await one.getSessionData())!;
    await agent.accept(sessionId);
    const two = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await until(() => two.session?.mirroring && two.session.$state.get() === 'chatting', 'second widget mirrors');

    await agent.say(sessionId, 'seen while you look');
    await until(() => two.session!.$messages.get().some((m) => m.text === 'seen while you look'), 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(document.title, 'no alert while the page is visible').to.equal(original);

    setVisibility('hidden');
    await agent.say(sessionId, 'while you were away');
    await until(() => document.title !== original, 'title flagged');
    await new Promise((resolve) => setTimeout(resolve, 400)); // time for a second tab to (wrongly) add its own
    expect(document.title).to.equal(`(1) New message · ${original}`);
    await agent.say(sessionId, 'and again');
    await until(() => document.title.startsWith('(2)'), 'counted');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(document.title).to.equal(`(2) New messages · ${original}`);

    setVisibility('visible');
    expect(document.title).to.equal(original);
    await one.endChat();
  });

  it('keeps a title the page sets while flagged: the alert moves to it, and the page gets it back', async () => {
    sessionStorage.clear();
    const original = document.title;
    const chat = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await chat.show({ form: { firstname: 'Single', lastname: 'Page', autoSubmit: true } });
    await until(() => chat.session?.$state.get() === 'waiting', 'started');
    const { sessionId } = (await chat.getSessionData())!;
    await agent.accept(sessionId);

    setVisibility('hidden');
    await agent.say(sessionId, 'first');
    await until(() => document.title === `(1) New message · ${original}`, 'title flagged');
    document.title = 'Billing – Northwind Energy'; // the app routed to another view
    await agent.say(sessionId, 'second');
    await until(() => document.title === '(2) New messages · Billing – Northwind Energy', 'the new title flagged');

    setVisibility('visible');
    expect(document.title, "the app's title, not the one it replaced").to.equal('Billing – Northwind Energy');
    document.title = original;
    await chat.endChat();
  });
});
