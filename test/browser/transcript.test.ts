// <gc-transcript>: text never becomes markup, only safe links, timestamps, announcements, binding by `for`.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcTranscript } from '../../src/elements/gc-transcript.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { linkify } from '../../src/elements/linkify.js';
import { agent, cleanupSessions, DEPLOYMENT, newSession, ORG, SERVER, startConnectedChat, until } from './helpers.js';

afterEach(cleanupSessions);

const log = (el: GcTranscript) => el.shadowRoot!.querySelector('.log')!;

describe('<gc-transcript>', () => {
  it('renders hostile agent text and names as text, and links only http(s), mailto and tel', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
    const id = await startConnectedChat(session);
    (window as unknown as { pwned?: boolean }).pwned = false;
    const hostile = [
      '<img src=x onerror="window.pwned=true">',
      '<script>window.pwned=true</script>',
      '[click](javascript:window.pwned=true)',
      'javascript:window.pwned=true',
      '<svg onload="window.pwned=true"></svg>',
      'see https://example.com/help?a=1&b=2, or mail help@example.com via mailto:help@example.com or call tel:+441234567890',
    ];
    for (const body of hostile) await agent.say(id, body);
    await until(() => log(el).textContent!.includes('tel:+441234567890'), 'all messages');
    await el.updateComplete;
    expect((window as unknown as { pwned?: boolean }).pwned).to.equal(false);
    expect(log(el).querySelector('img, script, svg')).to.equal(null);
    expect(log(el).textContent).to.contain('<img src=x onerror="window.pwned=true">');
    const links = [...log(el).querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://example.com/help?a=1&b=2',
      'mailto:help@example.com',
      'tel:+441234567890',
    ]);
    for (const link of links) expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
  });

  it('never turns javascript:, data: or vbscript: text into links', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:msgbox(1)', 'JaVaScRiPt:alert(1)']) {
      expect(linkify(text).every((part) => part.kind === 'text')).to.equal(true);
    }
    expect(linkify('visit www.example.org.')).to.deep.equal([
      { kind: 'text', text: 'visit ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('shows 12 or 24 hour timestamps', async () => {
    const session = newSession();
    const twelve = await fixture<GcTranscript>(html`<gc-transcript lang="en" time-format="12" .session=${session}></gc-transcript>`);
    const twentyFour = await fixture<GcTranscript>(html`<gc-transcript lang="en" time-format="24" .session=${session}></gc-transcript>`);
    session.$messages.set([
      { id: 'a', index: 0, type: 'Message', text: 'late', timestamp: new Date(2026, 0, 1, 21, 5).getTime(), from: { type: 'Agent', name: 'Sam', id: 'x' } },
    ]);
    await twelve.updateComplete;
    await twentyFour.updateComplete;
    expect(twelve.shadowRoot!.querySelector('time')!.textContent).to.match(/9:05\s?PM/);
    expect(twentyFour.shadowRoot!.querySelector('time')!.textContent).to.equal('21:05');
  });

  it('announces new agent messages and typing to screen readers, not restored ones', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
    const id = await startConnectedChat(session);
    const region = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await agent.say(id, 'Your refund is on its way');
    await until(() => region.textContent!.includes('Alex Agent said: Your refund is on its way'), 'announcement');
    await agent.type(id);
    await until(() => region.textContent!.includes('Alex Agent is typing'), 'typing announced');
    expect(el.shadowRoot!.querySelector('[part="typing"]')!.textContent).to.contain('Alex Agent is typing');
  });

  it('stays usable at thousands of messages: renders them all, keeps the newest in view, appends live', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript style="height: 400px" .session=${session}></gc-transcript>`);
    const many = Array.from({ length: 3000 }, (_, i) => ({
      id: `m${i}`,
      index: i,
      type: 'Message' as const,
      text: `message number ${i}`,
      timestamp: Date.now() - (3000 - i) * 1000,
      from: { type: i % 2 ? ('Agent' as const) : ('Client' as const), name: 'Sam', id: i % 2 ? 'agent' : 'me' },
    }));
    session.$messages.set(many);
    await el.updateComplete;
    const list = log(el);
    expect(list.querySelectorAll('li')).to.have.length(3000);
    await until(() => list.scrollHeight - list.scrollTop - list.clientHeight < 50, 'scrolled to the newest');
    session.$messages.set([...many, { ...many[0], id: 'new', text: 'the newest one' }]);
    await el.updateComplete;
    expect(list.lastElementChild!.textContent).to.contain('the newest one');
    await until(() => list.scrollHeight - list.scrollTop - list.clientHeight < 50, 'still at the bottom');
  });

  it('binds to a <gc-webchat> elsewhere on the page with for=', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <gc-webchat id="chat" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual" storage="none"></gc-webchat>
      <gc-transcript for="chat"></gc-transcript>
    </div>`);
    const chat = page.querySelector<GcWebchat>('gc-webchat')!;
    const transcript = page.querySelector<GcTranscript>('gc-transcript')!;
    const { sessionId } = await chat.startChat({ firstname: 'Ada' });
    await until(async () => (await agent.chat(sessionId)).sockets > 0, 'stream');
    await agent.accept(sessionId, 'Robin');
    await until(() => log(transcript).textContent!.includes('Robin joined the chat'), 'outside transcript shows the chat');
    await chat.endChat();
  });
});
