// <gc-transcript>: text never becomes markup, only safe links, timestamps, announcements, binding by `for`.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcTranscript } from '../../src/elements/gc-transcript.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { linkify } from '../../src/elements/linkify.js';
import { agent, cleanupSessions, DEPLOYMENT, newSession, ORG, SERVER, showMessages, startConnectedChat, until } from './helpers.js';

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
    showMessages(session, [
      { id: 'a', index: 0, type: 'Message', text: 'late', timestamp: new Date(2026, 0, 1, 21, 5).getTime(), from: { type: 'Agent', name: 'Sam', id: 'x' } },
    ]);
    await twelve.updateComplete;
    await twentyFour.updateComplete;
    expect(twelve.shadowRoot!.querySelector('time')!.textContent).to.match(/9:05\s?PM/);
    expect(twentyFour.shadowRoot!.querySelector('time')!.textContent).to.equal('21:05');
    // Switched on a shown transcript: the times already there change too.
    twelve.setAttribute('time-format', '24');
    await twelve.updateComplete;
    expect(twelve.shadowRoot!.querySelector('time')!.textContent).to.equal('21:05');
  });

  it('sets each message in its own direction: Arabic right to left in an English transcript', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript lang="en" .session=${session}></gc-transcript>`);
    showMessages(session, [
      { id: 'a', index: 0, type: 'Message', text: 'مرحبا، كيف يمكنني مساعدتك؟', timestamp: Date.now(), from: { type: 'Agent', name: 'Sam', id: 'x' } },
      { id: 'b', index: 1, type: 'Message', text: 'Hello, how can I help?', timestamp: Date.now(), from: { type: 'Agent', name: 'Sam', id: 'x' } },
    ]);
    await el.updateComplete;
    const directions = [...log(el).querySelectorAll('.bubble')].map((bubble) => getComputedStyle(bubble).direction);
    expect(directions).to.deep.equal(['rtl', 'ltr']);
    expect(getComputedStyle(log(el)).direction, 'the transcript itself stays left to right').to.equal('ltr');
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

  it('keeps announcing after it is moved in the page', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
    const id = await startConnectedChat(session);
    // Out of the page and back in elsewhere (inside the fixture's container, which the test runner removes).
    const elsewhere = document.createElement('div');
    el.parentElement!.append(elsewhere);
    elsewhere.append(el);
    await el.updateComplete;
    const region = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await agent.say(id, 'Still here after the move');
    await until(() => region.textContent!.includes('Alex Agent said: Still here after the move'), 'announcement after the move');
  });

  it('keeps the DOM bounded at 10,000 messages: newest in view, older on scrolling up, new ones behind a jump button', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript style="height: 400px" .session=${session}></gc-transcript>`);
    const id = await startConnectedChat(session);
    // Live messages join the transcript on the next frame: the agent's join notice is in before the test fills it.
    await until(() => session.$messages.get().some((m) => m.type === 'ParticipantJoined' && m.from.type === 'Agent'), 'agent join shown');
    const total = 10_000;
    // The history a restore brings back, in the store the session fills when restoring.
    const history = Array.from({ length: total }, (_, i) => ({
      id: `m${i}`,
      index: i,
      type: 'Message' as const,
      text: `message number ${i}`,
      timestamp: Date.now() - (total - i) * 1000,
      from: { type: i % 2 ? ('Agent' as const) : ('Client' as const), name: 'Sam', id: i % 2 ? 'agent' : 'me' },
      restoring: true,
    }));
    showMessages(session, [...session.$messages.get(), ...history]);
    await el.updateComplete;
    const list = log(el);
    const items = () => [...list.querySelectorAll<HTMLElement>('li[data-id]')];
    const position = (item: Element) => Number(item.getAttribute('aria-posinset'));
    const inView = (item: Element) => {
      const box = item.getBoundingClientRect();
      const frame = list.getBoundingClientRect();
      return box.bottom > frame.top && box.top < frame.bottom;
    };

    // Bounded: a page of messages, not ten thousand, and the newest is on screen.
    await until(() => list.scrollHeight - list.scrollTop - list.clientHeight < 50, 'scrolled to the newest');
    expect(items().length).to.be.within(50, 300);
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.below(8000);
    const newest = items().at(-1)!;
    expect(newest.textContent).to.contain('message number 9999');
    expect(inView(newest)).to.equal(true);
    expect(newest.getAttribute('aria-setsize')).to.equal(String(session.$messages.get().length));

    // Scrolling up brings older messages in above, keeping the one being read where it was.
    const firstBefore = items()[0]!;
    const firstPosition = position(firstBefore);
    list.scrollTop = 0;
    await until(() => position(items()[0]!) < firstPosition, 'older messages rendered');
    expect(list.scrollTop).to.be.above(0);
    expect(firstBefore.isConnected).to.equal(true);
    // The keyboard does the same: the log is focusable, and Home goes to the top of what is rendered.
    (list as HTMLElement).focus();
    await until(
      async () => {
        await sendKeys({ press: 'Home' });
        await el.updateComplete;
        return position(items()[0]!) <= total - 1000;
      },
      'older messages rendered from the keyboard',
      12_000,
    );
    expect(position(items()[0]!)).to.be.at.most(total - 1000);
    expect(items().length).to.be.at.most(300);
    expect(items().at(-1)!.textContent).not.to.contain('message number 9999');
    // Keyboard scrolling is animated, and an animation still running would carry on after the jump below
    // (Chromium keeps applying what is left of it): let it finish first.
    let lastTop = -1;
    await until(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const settled = list.scrollTop === lastTop;
      lastTop = list.scrollTop;
      return settled;
    }, 'keyboard scrolling settled');

    // A live message while the visitor reads far above: not forced on them, counted on the jump button, announced.
    const region = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await agent.say(id, 'a brand new message');
    const jump = (await until(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="jump"]'), 'jump button'))!;
    expect(jump.textContent).to.contain('(1)');
    await until(() => region.textContent!.includes('Alex Agent said: a brand new message'), 'announced');
    expect(items().some((item) => item.textContent!.includes('a brand new message'))).to.equal(false);

    jump.click();
    await until(() => items().at(-1)?.textContent?.includes('a brand new message') && inView(items().at(-1)!), 'jumped to the newest');
    await until(() => !el.shadowRoot!.querySelector('[part="jump"]'), 'jump button gone');
    expect(items().length).to.be.at.most(300);

    // At the bottom, live messages keep coming into view and the DOM stays bounded.
    await agent.say(id, 'and one more');
    await until(() => items().at(-1)?.textContent?.includes('and one more'), 'appended');
    await until(() => list.scrollHeight - list.scrollTop - list.clientHeight < 50, 'still at the bottom');
    expect(items().length).to.be.at.most(300);
  });

  it('reveals earlier messages already loaded with "Load earlier messages" before asking the service', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript style="height: 300px" .session=${session}></gc-transcript>`);
    showMessages(session, 
      Array.from({ length: 1000 }, (_, i) => ({
        id: `m${i}`, index: i, type: 'Message' as const, text: `line ${i}`, timestamp: Date.now(),
        from: { type: 'Agent' as const, name: 'Sam', id: 'agent' },
      })),
    );
    await el.updateComplete;
    const list = log(el);
    const first = () => Number(list.querySelector('li[data-id]')!.getAttribute('aria-posinset'));
    const before = first();
    expect(before).to.be.above(1);
    list.querySelector<HTMLButtonElement>('[part="load-older"]')!.click();
    await until(() => first() < before, 'earlier messages shown');
  });

  it('binds to a <gc-webchat> elsewhere on the page with for=', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <gc-webchat transport="purecloud-v2-sockets" id="chat" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual" storage="none"></gc-webchat>
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

describe('<gc-transcript> groups', () => {
  it('shows one name and time per run of messages from one sender, with initials beside the agent\'s', async () => {
    const session = newSession();
    const el = await fixture<GcTranscript>(html`<gc-transcript lang="en" .session=${session}></gc-transcript>`);
    const at = new Date(2026, 0, 1, 9, 0).getTime();
    const from = (type: 'Agent' | 'Client', name: string) => ({ type, name, id: type === 'Agent' ? 'agent-1' : 'me' });
    showMessages(session, [
      { id: 'a', index: 0, type: 'Message', text: 'Hello', timestamp: at, from: from('Agent', 'Sam Rivera') },
      { id: 'b', index: 1, type: 'Message', text: 'How can I help?', timestamp: at + 5_000, from: from('Agent', 'Sam Rivera') },
      { id: 'c', index: 2, type: 'Message', text: 'My bill', timestamp: at + 20_000, from: from('Client', 'Ada') },
      { id: 'd', index: 3, type: 'Message', text: 'It went up', timestamp: at + 25_000, from: from('Client', 'Ada') },
      { id: 'e', index: 4, type: 'Message', text: 'Still there?', timestamp: at + 10 * 60_000, from: from('Agent', 'Sam Rivera') },
    ]);
    await el.updateComplete;
    const items = [...log(el).querySelectorAll('li[data-id]')];
    const shown = items.map((li) => [li.getAttribute('data-id'), li.querySelector('[part~="sender"]')?.textContent ?? null, Boolean(li.querySelector('time')), li.querySelector('[part~="avatar"]')?.textContent ?? null]);
    expect(shown).to.deep.equal([
      ['a', 'Sam Rivera', true, 'SR'],
      ['b', null, false, null],
      ['c', null, true, null], // the visitor's own: a time, no name
      ['d', null, false, null],
      ['e', 'Sam Rivera', true, 'SR'], // ten minutes later: a new group
    ]);
    // A screen reader still hears who said each one.
    expect(items[1]!.textContent).to.contain('Sam Rivera said');
  });
});
