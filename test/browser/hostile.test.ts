// Hostile input: 67 classic XSS payloads as agent messages, agent names, form labels, placeholders, options
// and JSON attribute values. Everything renders as inert text; links keep only http(s), mailto and tel.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcTranscript } from '../../src/elements/gc-transcript.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { xssPayloads } from './fixtures/xss-payloads.js';
import { agent, cleanupSessions, DEPLOYMENT, newSession, ORG, SERVER, startConnectedChat, until } from './helpers.js';

type Tripwire = { __xss?: unknown; alert: unknown; confirm: unknown; prompt: unknown };
const ran: string[] = [];
const original = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };

before(() => {
  const w = window as unknown as Tripwire;
  w.alert = (value: unknown) => ran.push(`alert(${value})`);
  w.confirm = (value: unknown) => !!ran.push(`confirm(${value})`);
  w.prompt = (value: unknown) => String(ran.push(`prompt(${value})`));
});
after(() => Object.assign(window, original));
afterEach(cleanupSessions);

/** Every element and attribute under a shadow root (and nested ones) must be ours and inert. */
function auditInert(root: ShadowRoot, allowedTags: string[]): void {
  const elements = [...root.querySelectorAll('*')];
  for (const element of elements) {
    const tag = element.localName;
    expect(allowedTags.includes(tag) || tag.startsWith('gc-'), `unexpected <${tag}> rendered`).to.equal(true);
    for (const attribute of element.getAttributeNames()) {
      expect(attribute.startsWith('on'), `event handler attribute ${attribute} on <${tag}>`).to.equal(false);
    }
    if (tag === 'a') {
      const href = element.getAttribute('href')!;
      expect(['http:', 'https:', 'mailto:', 'tel:'], `link ${href}`).to.include(new URL(href).protocol);
      expect(element.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(element.getAttribute('target')).to.equal('_blank');
    }
    if (element.shadowRoot) auditInert(element.shadowRoot, allowedTags);
  }
}

const transcriptTags = ['ol', 'li', 'span', 'time', 'a', 'button', 'div', 'bdi'];

describe(`hostile input (${xssPayloads.length} payloads)`, function () {
  this.timeout(60_000);

  it('agent messages: shown as the exact text, nothing runs, links only for safe schemes', async () => {
    expect(xssPayloads.length).to.be.greaterThanOrEqual(50);
    const session = newSession();
    const transcript = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
    const id = await startConnectedChat(session);
    for (const payload of xssPayloads) await agent.say(id, payload);
    const agentTexts = () => session.$messages.get().filter((m) => m.from.type === 'Agent' && m.type === 'Message').map((m) => m.text);
    await until(() => agentTexts().length === xssPayloads.length, 'all payloads', 20_000).catch((error) => {
      throw new Error(`${error.message}: missing ${JSON.stringify(xssPayloads.filter((p) => !agentTexts().includes(p)))}`);
    });
    await transcript.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for any injected handler to fire

    const bubbles = [...transcript.shadowRoot!.querySelectorAll('li.agent [part~="bubble"]')].map((b) => b.textContent);
    expect(bubbles).to.deep.equal(xssPayloads);
    auditInert(transcript.shadowRoot!, transcriptTags);
    expect(ran, 'no payload ran').to.deep.equal([]);
    expect((window as unknown as Tripwire).__xss).to.equal(undefined);
  });

  it('agent display names: inert in the sender line, join notice and typing indicator', async () => {
    const names = xssPayloads.filter((p) => p.startsWith('<')).slice(0, 6);
    for (const name of names) {
      const session = newSession();
      const transcript = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
      const { sessionId } = await session.startChat({ firstname: 'Ada', lastname: 'Lovelace' });
      await until(async () => (await agent.chat(sessionId)).sockets > 0, 'stream attached');
      await agent.accept(sessionId, name);
      await agent.say(sessionId, 'hello');
      await agent.type(sessionId);
      await until(() => transcript.shadowRoot!.querySelector('[part~="typing"]'), 'typing shown');
      const root = transcript.shadowRoot!;
      expect(root.querySelector('li.agent [part~="sender"]')!.textContent).to.equal(name);
      const notices = [...root.querySelectorAll('[part~="notice"]')].map((n) => n.textContent);
      expect(notices.some((notice) => notice!.includes(`${name} joined the chat`)), notices.join(' | ')).to.equal(true);
      expect(root.querySelector('[part~="typing"]')!.textContent).to.contain(name);
      auditInert(root, transcriptTags);
    }
    expect(ran).to.deep.equal([]);
  });

  it('form labels, placeholders, options and user-data values from JSON attributes stay text', async () => {
    const payloads = xssPayloads;
    const form = {
      inputs: payloads.slice(0, 40).map((payload, i) => ({
        name: `field${i}`,
        label: payload,
        placeholder: payload,
      })),
    };
    form.inputs.push({
      name: 'choice',
      label: 'Choice',
      type: 'select',
      options: payloads.slice(40, 50).map((payload, i) => ({ text: payload, value: `v${i}` })),
    } as never);
    const userData = Object.fromEntries(payloads.slice(50).map((payload, i) => [`hostile${i}`, payload]));
    const widget = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
      open
      data-url=${SERVER}
      deployment-key=${DEPLOYMENT}
      org-guid=${ORG}
      target-address="Manual"
      storage="none"
      form=${JSON.stringify(form)}
      user-data=${JSON.stringify(userData)}
    ></gc-webchat>`);
    const formElement = widget.shadowRoot!.querySelector('gc-registration-form')!;
    await (formElement as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const root = formElement.shadowRoot!;
    const labels = [...root.querySelectorAll('label')].map((l) => l.textContent!.replace(/\s+(Required|Optional)$/, '').trim());
    for (const payload of payloads.slice(0, 40)) expect(labels.some((label) => label.startsWith(payload.trim())), payload).to.equal(true);
    const placeholders = [...root.querySelectorAll('input, textarea')].map((i) => i.getAttribute('placeholder'));
    expect(placeholders).to.include.members(payloads.slice(0, 40));
    const options = [...root.querySelectorAll('option')].map((o) => o.textContent);
    expect(options).to.include.members(payloads.slice(40, 50));
    auditInert(root, ['form', 'div', 'p', 'span', 'label', 'input', 'textarea', 'select', 'option', 'button', 'ul', 'li', 'a', 'h2', 'fieldset', 'legend', 'strong', 'abbr']);
    expect(ran).to.deep.equal([]);

    // user-data goes to the agent side verbatim, as data, never rendered here.
    const started = await widget.startChat({ firstname: 'Hostile', lastname: 'Data' });
    const chat = await agent.chat(started.sessionId);
    expect(chat.customer.customFields).to.include(userData);
    await widget.endChat();
  });
});
