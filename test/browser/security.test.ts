// Safe to embed: each test replays what a hostile or broken service, a hostile agent or a careless page could
// do to the widget, and checks the visitor's data stays where it belongs and the transcript keeps working.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcRegistrationForm } from '../../src/elements/gc-registration-form.js';
import type { GcTranscript } from '../../src/elements/gc-transcript.js';
import { pageAddress } from '../../src/session/page-context.js';
import type { ChatSession } from '../../src/session/session.js';
import { memoryState } from '../../src/session/storage.js';
import { createUrlPolicy } from '../../src/transport/url-policy.js';
import { agent, cleanupSessions, DEPLOYMENT, newSession, startConnectedChat, until } from './helpers.js';

afterEach(cleanupSessions);

/** Replaces window.WebSocket for the test, recording every socket the widget opens. */
function recordSockets(): { sockets: WebSocket[]; urls: string[]; restore(): void } {
  const Original = window.WebSocket;
  const sockets: WebSocket[] = [];
  const urls: string[] = [];
  class Recording extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      urls.push(String(url));
      super(url, protocols);
      sockets.push(this);
    }
  }
  window.WebSocket = Recording;
  return { sockets, urls, restore: () => void (window.WebSocket = Original) };
}

/** Rewrites the JSON answers of matching requests, as a hostile service (or something in its place) would. */
function rewriteAnswers(match: (url: string, method: string) => boolean, rewrite: (body: any) => unknown): () => void {
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    if (!match(String(input), init?.method ?? 'GET') || !response.ok) return response;
    const body = await response.json();
    return new Response(JSON.stringify(rewrite(body)), { status: response.status, headers: { 'Content-Type': 'application/json' } });
  };
  return () => void (window.fetch = original);
}

const messageFrame = (conversationId: string, senderId: string, id: string, body: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    topicName: `v2.conversations.chats.${conversationId}.messages`,
    version: '2',
    eventBody: { id, conversation: { id: conversationId }, sender: { id: senderId }, body, bodyType: 'standard', timestamp: new Date().toISOString(), ...extra },
    metadata: { CorrelationId: id, type: 'message' },
  });

/** Left edge of one character of a text node, to see where the browser actually draws it. */
function charLeft(node: Node, index: number): number {
  const range = document.createRange();
  range.setStart(node, index);
  range.setEnd(node, index + 1);
  return range.getBoundingClientRect().left;
}

describe('security: where the widget connects', () => {
  it('never opens an event stream on a host the service names outside itself (the token was in the path)', async () => {
    const recorder = recordSockets();
    let created: { id: string; jwt: string } | undefined;
    const restoreFetch = rewriteAnswers(
      (url, method) => method === 'POST' && url.endsWith('/api/v2/webchat/guest/conversations'),
      (body) => {
        created = body;
        return { ...body, eventStreamUri: `ws://attacker.example:9/steal/${body.jwt}` };
      },
    );
    try {
      const session = newSession();
      const failure = await session.startChat({ firstname: 'Ada' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure, 'the start is refused').to.not.equal(undefined);
      expect(recorder.urls.filter((url) => url.includes('steal'))).to.deep.equal([]);
      expect(recorder.urls.some((url) => created && url.includes(created.jwt))).to.equal(false);
      // And the chat it could not follow is left, so no agent waits for it.
      await until(async () => (await agent.chat(created!.id)).state === 'ended', 'chat left');
    } finally {
      restoreFetch();
      recorder.restore();
    }
  });

  it('allows only secure schemes on https pages and only the service, its sibling hosts or listed hosts', () => {
    const https = createUrlPolicy({ serviceUrl: 'https://api.mypurecloud.com', pageProtocol: 'https:' });
    expect(https.check('wss://carrierpigeon.mypurecloud.com/v1/token/x', 'socket')?.host).to.equal('carrierpigeon.mypurecloud.com');
    expect(https.check('wss://webmessaging.mypurecloud.com/v1?deploymentId=d', 'socket')).to.not.equal(undefined);
    expect(https.check('ws://carrierpigeon.mypurecloud.com/v1/token/x', 'socket')).to.equal(undefined);
    expect(https.check('wss://evil.example/steal/x', 'socket')).to.equal(undefined);
    expect(https.check('wss://mypurecloud.com.evil.example/x', 'socket')).to.equal(undefined);
    expect(https.check('wss://a.b.mypurecloud.com/x', 'socket')).to.equal(undefined);
    expect(https.check('wss://user:pw@carrierpigeon.mypurecloud.com/x', 'socket')).to.equal(undefined);
    expect(https.check('https://api.mypurecloud.com/api/v2/x', 'http')).to.not.equal(undefined);
    expect(https.check('http://api.mypurecloud.com/api/v2/x', 'http')).to.equal(undefined);
    expect(https.check({ toString: () => 'wss://api.mypurecloud.com' }, 'socket')).to.equal(undefined);
    const proxied = createUrlPolicy({ serviceUrl: 'https://chat.shop.example', pageProtocol: 'https:', allowedHosts: ['stream.shop.example'] });
    expect(proxied.check('wss://stream.shop.example/v1', 'socket')).to.not.equal(undefined);
    expect(proxied.check('wss://other.shop.example/v1', 'socket')).to.equal(undefined);
    // A developer's local server: plain ws only while the page and the service are both plain http.
    const local = createUrlPolicy({ serviceUrl: 'http://127.0.0.1:8787', pageProtocol: 'http:' });
    expect(local.check('ws://127.0.0.1:8787/v1/token/x', 'socket')).to.not.equal(undefined);
    expect(local.check('ws://127.0.0.1:9999/v1/token/x', 'socket')).to.equal(undefined);
    expect(createUrlPolicy({ serviceUrl: 'http://127.0.0.1:8787', pageProtocol: 'https:' }).check('ws://127.0.0.1:8787/v1', 'socket')).to.equal(undefined);
  });
});

describe('security: what the widget sends about the page', () => {
  const original = location.href;
  afterEach(() => history.replaceState(null, '', original));

  it('never sends the fragment, and by default drops query parameters that carry credentials', async () => {
    history.replaceState(null, '', `${location.pathname}?resetToken=s3cr3t&utm_source=mail&code=abc#access_token=zz`);
    const session = newSession();
    const { sessionId } = await session.startChat({ firstname: 'Ada' });
    const sent = (await agent.chat(sessionId)).customer.customFields._genesys_url!;
    expect(sent).to.contain('utm_source=mail');
    expect(sent).to.not.contain('s3cr3t');
    expect(sent).to.not.contain('abc');
    expect(sent).to.not.contain('access_token');
    expect(sent).to.not.contain('#');
  });

  it('sends the whole query or none when the page asks (page-url-query), never the fragment', async () => {
    history.replaceState(null, '', `${location.pathname}?resetToken=s3cr3t&utm_source=mail#access_token=zz`);
    const full = await newSession({ pageUrlQuery: 'full' }).startChat({ firstname: 'Ada' });
    const fullUrl = (await agent.chat(full.sessionId)).customer.customFields._genesys_url!;
    expect(fullUrl).to.contain('resetToken=s3cr3t');
    expect(fullUrl).to.not.contain('access_token');
    const none = await newSession({ pageUrlQuery: 'none' }).startChat({ firstname: 'Ada' });
    expect((await agent.chat(none.sessionId)).customer.customFields._genesys_url).to.equal(`${location.origin}${location.pathname}`);
    expect(pageAddress('https://x.example/p?SAMLResponse=1&X-Amz-Signature=2&promocode=Z#t')).to.equal('https://x.example/p?promocode=Z');
  });

  it('keeps the registration answers out of storage and out of the tab channel', async () => {
    const storage = memoryState();
    const session = newSession({ storage, tabSync: true });
    await session.joinTabs();
    const heard: string[] = [];
    const channel = new BroadcastChannel(`gc-webchat:${DEPLOYMENT}:Manual`);
    channel.onmessage = (event) => heard.push(JSON.stringify(event.data));
    // Another tab of the site joins as every tab does, with a hello: the chat is shared with it from then on.
    channel.postMessage({ type: 'hello', from: 'another-tab' });
    try {
      const sessionId = await startConnectedChat(session, { email: 'ada@example.com', form: { accountNumber: '12345678' } });
      await agent.say(sessionId, 'hi');
      await until(() => heard.some((frame) => frame.includes('"snapshot"') && frame.includes('hi')), 'a snapshot on the tab channel');
      const stored = JSON.stringify(storage.read());
      expect(stored).to.contain('jwt');
      for (const secret of ['12345678', 'ada@example.com', 'Lovelace']) expect(stored, 'storage').to.not.contain(secret);
      for (const secret of ['12345678', 'ada@example.com']) expect(heard.join('\n'), 'tab channel').to.not.contain(secret);
      expect(session.metadata.form).to.deep.include({ accountNumber: '12345678' }, 'the page itself still has them');
    } finally {
      channel.close();
    }
  });
});

describe('security: what agents and the service can make the transcript show', () => {
  it('links read left to right with the address they go to, whatever direction marks surround them', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
    const id = await startConnectedChat(session);
    await agent.say(id, '\u202Ehttps://evil.example/?moc.knab-doog//:sptth');
    const link = (await until(() => el.shadowRoot!.querySelector<HTMLAnchorElement>('li.agent a'), 'link shown'))!;
    expect(link.getAttribute('dir')).to.equal('ltr');
    expect(link.textContent).to.equal(link.href);
    expect(new URL(link.href).hostname).to.equal('evil.example');
    // Drawn as it reads: the "h" of https left of the "e" of evil.example, not mirrored into a bank's name.
    const text = document.createTreeWalker(link, NodeFilter.SHOW_TEXT).nextNode()!;
    expect(charLeft(text, 0)).to.be.lessThan(charLeft(text, 8));
  });

  it('isolates agent names so direction marks cannot reorder the time beside them or the sentences about them', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
    const { sessionId } = await session.startChat({ firstname: 'Ada' });
    await until(async () => (await agent.chat(sessionId)).sockets > 0, 'stream attached');
    await agent.accept(sessionId, 'Alex\u202E');
    await agent.say(sessionId, 'hello');
    const sender = (await until(() => el.shadowRoot!.querySelector('li.agent [part~="sender"]'), 'message shown'))!;
    expect(sender.querySelector('bdi')?.textContent).to.equal('Alex\u202E');
    const time = sender.parentElement!.querySelector('time')!;
    const digits = document.createTreeWalker(time, NodeFilter.SHOW_TEXT).nextNode()!;
    const last = digits.textContent!.length - 1;
    expect(charLeft(digits, 0), 'the time reads left to right').to.be.lessThan(charLeft(digits, last));
    const notice = (await until(() => [...el.shadowRoot!.querySelectorAll('[part~="notice"]')].find((n) => n.textContent!.includes('Alex')), 'join notice'))!;
    expect(notice.querySelector('bdi')?.textContent).to.equal('Alex\u202E');
  });

  it('drops frames of the wrong types and keeps every valid message before and after them', async () => {
    const recorder = recordSockets();
    const restoreFetch = rewriteAnswers(
      (url) => url.includes('/members/hostile-'),
      () => ({ id: 'hostile-name', role: 'AGENT', state: 'CONNECTED', displayName: { toString: 1 } }),
    );
    try {
      const session = newSession();
      const errors: string[] = [];
      session.on('error', ({ code }) => errors.push(code));
      const el = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
      const id = await startConnectedChat(session);
      const agentId = (await agent.chat(id)).agent!.id;
      const socket = recorder.sockets.at(-1)!;
      const push = (data: string) => socket.dispatchEvent(new MessageEvent('message', { data }));
      push(messageFrame(id, agentId, 'valid-before', 'before'));
      push(messageFrame(id, agentId, 'bad-body', 42));
      push(messageFrame(id, agentId, 'bad-body-object', { text: 'x' }));
      push(messageFrame(id, agentId, 'bad-type', 'x', { bodyType: { no: 1 } }));
      push(messageFrame(id, { id: 1 } as unknown as string, 'bad-sender', 'x'));
      push(JSON.stringify({ topicName: 'x', eventBody: { member: { id: 7 } }, metadata: { type: 'member-change' } }));
      push('[1,2,3]');
      push(messageFrame(id, 'hostile-name', 'object-name', 'from a member whose name is an object'));
      push(messageFrame(id, agentId, 'valid-after', 'after'));
      await until(() => el.shadowRoot!.textContent!.includes('after'), 'the message after the bad ones');
      const bubbles = [...el.shadowRoot!.querySelectorAll('li.agent [part~="bubble"]')].map((b) => b.textContent);
      expect(bubbles).to.include.members(['before', 'from a member whose name is an object', 'after']);
      expect(bubbles.some((b) => b === '42' || b?.includes('[object'))).to.equal(false);
      expect(errors.filter((code) => code === 'frame.invalid').length).to.be.greaterThanOrEqual(5);
      // And the transcript still renders new messages.
      await agent.say(id, 'still working');
      await until(() => el.shadowRoot!.textContent!.includes('still working'), 'a later message');
    } finally {
      restoreFetch();
      recorder.restore();
    }
  });

  it('takes 10,000 frames in a burst without freezing the page (54 s before)', async function () {
    this.timeout(60_000);
    const recorder = recordSockets();
    try {
      const session: ChatSession = newSession();
      const el = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
      const id = await startConnectedChat(session);
      const agentId = (await agent.chat(id)).agent!.id;
      const socket = recorder.sockets.at(-1)!;
      const before = session.$messages.get().length;
      const started = performance.now();
      for (let i = 0; i < 10_000; i++) socket.dispatchEvent(new MessageEvent('message', { data: messageFrame(id, agentId, `burst-${i}`, `message ${i}`) }));
      await until(() => session.$messages.get().length >= before + 10_000, 'every message', 30_000);
      await el.updateComplete;
      const took = performance.now() - started;
      expect(el.shadowRoot!.textContent).to.contain('message 9999');
      expect(took, `${Math.round(took)} ms`).to.be.lessThan(10_000);
    } finally {
      recorder.restore();
    }
  });
});

describe('security: form fields named like Object methods', () => {
  it('starts toString and valueOf fields empty and sends what the visitor typed', async () => {
    const form = JSON.stringify({ inputs: [{ name: 'firstname', label: 'First name' }, { name: 'toString', label: 'A' }, { name: 'valueOf', label: 'B' }] });
    const el = await fixture<GcRegistrationForm>(html`<gc-registration-form form=${form}></gc-registration-form>`);
    for (const name of ['toString', 'valueOf']) {
      expect(el.shadowRoot!.querySelector<HTMLInputElement>(`[name="${name}"]`)!.value, name).to.equal('');
      expect(el.shadowRoot!.querySelector<HTMLInputElement>(`[name="${name}"]`)!.getAttribute('autocomplete'), name).to.equal('on');
    }
    expect(el.values).to.deep.equal({ firstname: '', toString: '', valueOf: '' });
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('[name="toString"]')!;
    input.value = 'typed';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.values.toString).to.equal('typed');
  });
});
