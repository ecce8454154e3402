// Agents' markdown when the deployment enables it: the safe subset (emphasis, lists, links, code) becomes
// elements, nothing else does. Every payload of the hostile-input corpus goes through it without a script,
// a picture, a frame or a link to anything but http(s), mailto or tel. A chat whose protocol does not ask
// for markdown shows the characters as they were written.
import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/rich/markdown.js';
import { renderMarkdown } from '../../src/elements/rich/markdown.js';
import { xssPayloads } from './fixtures/xss-payloads.js';
import { cleanupSessions, newSession, showMessages, until } from './helpers.js';
import { closeRichChats, control, deepAll, richChat } from './rich-fixtures.js';

function draw(source: string): HTMLElement {
  const host = document.createElement('div');
  render(renderMarkdown(source), host);
  return host;
}

describe('markdown in agents’ messages', function () {
  this.timeout(20_000);
  afterEach(async () => {
    await closeRichChats();
    await cleanupSessions();
  });

  it('the subset: strong, emphasis, inline code, code blocks, bulleted and numbered lists, links, line breaks', () => {
    const out = draw('Hello **there** and *you* and _too_, `code` here\nnext line\n\n- one\n- two\n\n1. first\n2. second\n\n```\nraw *not em*\n```\n[Help](https://example.com/help)');
    expect(out.querySelector('strong')!.textContent).to.equal('there');
    expect([...out.querySelectorAll('em')].map((e) => e.textContent)).to.deep.equal(['you', 'too']);
    expect(out.querySelector('p code')!.textContent).to.equal('code');
    expect(out.querySelector('p br'), 'a single newline is a line break').to.exist;
    expect([...out.querySelectorAll('ul li')].map((li) => li.textContent)).to.deep.equal(['one', 'two']);
    expect([...out.querySelectorAll('ol li')].map((li) => li.textContent)).to.deep.equal(['first', 'second']);
    expect(out.querySelector('pre code')!.textContent).to.equal('raw *not em*');
    const link = out.querySelector('a')!;
    expect(link.href).to.equal('https://example.com/help');
    expect(link.textContent).to.equal('Help');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
  });

  it('never HTML: every payload of the hostile corpus stays text, with no script, picture, frame or unsafe link', async () => {
    const calls: string[] = [];
    const saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
    window.alert = () => void calls.push('alert');
    window.confirm = () => (calls.push('confirm'), false);
    window.prompt = () => (calls.push('prompt'), null);
    try {
      for (const payload of xssPayloads) {
        for (const source of [payload, `**${payload}**`, `- ${payload}`, `[x](${payload})`, `[${payload}](https://example.com)`, `\`${payload}\``]) {
          const out = draw(source);
          const dangerous = out.querySelectorAll('script, img, iframe, svg, object, embed, math, style, body, textarea');
          expect(dangerous.length, `elements from ${source}`).to.equal(0);
          for (const a of out.querySelectorAll('a')) expect(a.protocol, `link from ${source}`).to.match(/^(https?|mailto|tel):$/);
          for (const el of out.querySelectorAll('*')) {
            for (const attr of el.getAttributeNames()) expect(attr.startsWith('on'), `${attr} from ${source}`).to.equal(false);
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).to.deep.equal([]);
      expect((window as { __xss?: unknown }).__xss).to.equal(undefined);
    } finally {
      Object.assign(window, saved);
    }
  });

  it('a markdown link to javascript: stays as the text the agent wrote', () => {
    const out = draw('[a bad link](javascript:alert(1)) and [ok](https://genesys.com)');
    expect(out.querySelectorAll('a')).to.have.length(1);
    expect(out.textContent).to.contain('[a bad link](javascript:alert(1))');
  });

  it('end to end: the deployment enables markdown, the agent’s text is rendered, its HTML stays text; axe-clean', async () => {
    const chat = await richChat();
    await control.sendRichAsAgent(chat.chat.id, 'markdown');
    const md = (await until(
      () => deepAll(chat.transcript, 'gc-markdown').find((el) => el.shadowRoot?.querySelector('strong')),
      'rendered markdown',
    )) as HTMLElement;
    const root = md.shadowRoot!;
    expect(root.querySelector('strong')!.textContent).to.equal('you can do');
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal(['check your invoice', 'call 0800 123 456', 'read the help pages']);
    expect(root.querySelector('li em')!.textContent).to.equal('invoice');
    expect(root.querySelector('li code')!.textContent).to.equal('0800 123 456');
    expect([...root.querySelectorAll('a')].map((a) => a.href)).to.deep.equal(['https://www.genesys.com/']);
    expect(root.querySelector('img')).to.equal(null);
    expect(root.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(root.textContent).to.contain('[a bad link](javascript:alert(1))');
    await expect(chat.transcript).to.be.accessible();
  });

  it('without markdown from the protocol (Guest Chat v2) the characters show as written', async () => {
    const session = newSession();
    const el = await fixture(html`<gc-transcript .session=${session}></gc-transcript>`);
    showMessages(session, [
      { id: 'm1', index: 0, type: 'Message', text: 'Use **bold** and - lists', timestamp: Date.now(), from: { type: 'Agent', name: 'Alex', id: 'a' } },
    ]);
    await until(() => el.shadowRoot!.querySelector('.bubble'), 'the message');
    expect(el.shadowRoot!.querySelector('gc-markdown')).to.equal(null);
    expect(el.shadowRoot!.querySelector('.bubble')!.textContent).to.equal('Use **bold** and - lists');
  });
});
