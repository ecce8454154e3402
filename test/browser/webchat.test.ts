// <gc-webchat> as a visitor uses it: keyboard only, against the local Genesys Cloud.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { registerStrings, stringsFor } from '../../src/i18n/strings.js';
import { agent, deepActive, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

const widgets: GcWebchat[] = [];

afterEach(async () => {
  for (const widget of widgets.splice(0)) {
    if (widget.session?.active) await widget.session.endChat().catch(() => undefined);
    widget.remove();
  }
  sessionStorage.clear();
});

async function widget(extra = html``, lang = 'en'): Promise<GcWebchat> {
  const element = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
    lang=${lang}
    data-url=${SERVER}
    deployment-key=${DEPLOYMENT}
    org-guid=${ORG}
    target-address="Manual"
    user-data='{"customerId":"59606"}'
    form='{"inputs":[{"name":"firstname","label":"First name","required":true},{"name":"accountNumber","label":"Account number","pattern":"[0-9]{8}"}]}'
    >${extra}</gc-webchat
  >`);
  widgets.push(element);
  return element;
}

const shadow = (el: Element) => el.shadowRoot!;
const form = (el: GcWebchat) => shadow(el).querySelector('gc-registration-form')!;
const transcriptText = (el: GcWebchat) => shadow(shadow(el).querySelector('gc-transcript')!).querySelector('.log')!.textContent ?? '';

async function openAndStart(el: GcWebchat, firstName = 'Ada'): Promise<string> {
  shadow(el).querySelector<HTMLButtonElement>('.launcher')!.focus();
  await sendKeys({ press: 'Enter' });
  await until(() => form(el)?.shadowRoot?.querySelector('input'), 'form shown');
  await until(() => deepActive()?.tagName === 'INPUT', 'focus in the form');
  await sendKeys({ type: firstName });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ type: '12345678' });
  await sendKeys({ press: 'Enter' });
  await until(() => el.session?.$state.get() === 'waiting', 'chat waiting');
  const id = el.session!.sessionData()!.sessionId;
  await until(async () => (await agent.chat(id)).sockets > 0, 'stream attached');
  return id;
}

describe('<gc-webchat>', () => {
  it('does the whole journey by keyboard: open, form, chat with the agent, end with confirmation', async () => {
    const el = await widget();
    const events: string[] = [];
    for (const name of ['gc-opened', 'gc-submitted', 'gc-started', 'gc-agent-connected', 'gc-message-received', 'gc-completed', 'gc-ended', 'gc-closed']) {
      el.addEventListener(name, () => events.push(name));
    }
    const id = await openAndStart(el);
    const chat = await agent.chat(id);
    expect(chat.customer.customFields).to.include({ firstName: 'Ada', accountNumber: '12345678', customerId: '59606' });

    await agent.accept(id, 'Sam');
    await until(() => transcriptText(el).includes('Sam joined the chat'), 'join notice');
    const composer = shadow(el).querySelector('gc-composer')!;
    await until(() => !composer.shadowRoot!.querySelector('textarea')!.disabled, 'composer enabled');
    composer.focus();
    expect(deepActive()?.tagName).to.equal('TEXTAREA');
    await sendKeys({ type: 'first line' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'second line' });
    await sendKeys({ press: 'Enter' });
    await until(async () => (await agent.chat(id)).messages.some((m) => m.body === 'first line\nsecond line'), 'multi-line message sent');
    await until(() => transcriptText(el).includes('first line\nsecond line'), 'own message shown');

    await agent.say(id, 'Hello Ada, I can help.');
    await until(() => transcriptText(el).includes('Hello Ada, I can help.'), 'agent message shown');

    // Close asks first while a chat runs; the confirmation ends it.
    shadow(el).querySelector<HTMLButtonElement>('.close')!.click();
    await el.updateComplete;
    const confirm = shadow(el).querySelector('.confirm')!;
    expect(confirm.textContent).to.contain('Do you want to end this chat?');
    confirm.querySelector<HTMLButtonElement>('.primary')!.click();
    await until(() => el.session?.$state.get() === 'ended', 'ended');
    expect((await agent.chat(id)).state).to.equal('ended');
    await el.updateComplete;
    expect(shadow(el).querySelector('.ended')!.textContent).to.contain('The chat has ended.');
    shadow(el).querySelector<HTMLButtonElement>('.close')!.click();
    await until(() => !el.open, 'closed');
    expect(events).to.include.members(['gc-opened', 'gc-submitted', 'gc-started', 'gc-agent-connected', 'gc-message-received', 'gc-completed', 'gc-ended', 'gc-closed']);
    expect(events.indexOf('gc-completed')).to.be.lessThan(events.indexOf('gc-closed'));
  });

  it('opens with show(): prefills, auto-submits and adds userData, recording it in the metadata', async () => {
    const el = await widget();
    const started = oneEvent(el, 'gc-started');
    await el.show({ form: { firstname: 'Grace', accountNumber: '87654321', autoSubmit: true }, userData: { campaign: 'spring' } });
    const { detail } = await started;
    expect(detail.metadata.prefilled).to.equal(true);
    expect(detail.metadata.autoSubmitted).to.equal(true);
    const chat = await agent.chat(detail.session.sessionId);
    expect(chat.customer.customFields).to.include({ firstName: 'Grace', accountNumber: '87654321', campaign: 'spring', customerId: '59606' });
  });

  it('takes its form from <gc-form-field> children', async () => {
    const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual">
      <gc-form-field name="nickname" label="What should we call you?" required></gc-form-field>
      <gc-form-field name="plan" type="select" label="Plan"><option value="green">Green</option><option value="flex">Flex</option></gc-form-field>
    </gc-webchat>`);
    widgets.push(el);
    await el.show();
    await until(() => form(el)?.shadowRoot?.querySelector('select'), 'select rendered');
    const labels = [...form(el).shadowRoot!.querySelectorAll('label')].map((l) => l.textContent!.trim());
    expect(labels.join(' | ')).to.contain('What should we call you?');
    await until(() => deepActive()?.tagName === 'INPUT', 'focus in the first field');
    await sendKeys({ type: 'Gigi' });
    await sendKeys({ press: 'Enter' });
    await until(() => el.session?.$state.get() === 'waiting', 'started');
    const chat = await agent.chat(el.session!.sessionData()!.sessionId);
    expect(chat.customer.displayName).to.equal('Gigi');
    expect(chat.customer.customFields).to.include({ nickname: 'Gigi', plan: 'green' });
  });

  it('counts unread agent messages on the launcher while minimized', async () => {
    const el = await widget();
    const id = await openAndStart(el);
    await agent.accept(id);
    el.minimize(true);
    await el.updateComplete;
    await agent.say(id, 'are you there?');
    await agent.say(id, 'hello?');
    await until(() => shadow(el).querySelector('.badge')?.textContent === '2', 'badge shows 2');
    expect(shadow(el).querySelector('.launcher')!.getAttribute('aria-label')).to.equal('Chat with us, 2 unread messages');
    shadow(el).querySelector<HTMLButtonElement>('.launcher')!.click();
    await el.updateComplete;
    expect(el.minimized).to.equal(false);
    expect(shadow(el).querySelector('.badge')).to.equal(null);
  });

  it('refuses an over-long message with an explanation instead of cutting it', async () => {
    const el = await widget();
    el.maxMessageLength = 20;
    const id = await openAndStart(el);
    await agent.accept(id);
    const composer = shadow(el).querySelector('gc-composer')!;
    await until(() => !composer.shadowRoot!.querySelector('textarea')!.disabled, 'composer enabled');
    composer.focus();
    await sendKeys({ type: 'this message is far too long' });
    await sendKeys({ press: 'Enter' });
    await until(() => composer.shadowRoot!.querySelector('.error')!.textContent!.includes('at most 20 characters'), 'explanation');
    expect(composer.shadowRoot!.querySelector('textarea')!.value).to.equal('this message is far too long');
    expect((await agent.chat(id)).messages.some((m) => m.body.startsWith('this message'))).to.equal(false);
  });

  it('restores the open chat and its transcript after a reload, unasked', async () => {
    const el = await widget();
    const id = await openAndStart(el);
    await agent.accept(id);
    await agent.say(id, 'remember me');
    await until(() => transcriptText(el).includes('remember me'), 'message');
    el.remove(); // the page unloads: the chat goes on on the server
    widgets.splice(widgets.indexOf(el), 1);

    const restored = await widget();
    const gotRestored = oneEvent(restored, 'gc-restored');
    await gotRestored;
    await until(() => restored.open && transcriptText(restored).includes('remember me'), 'transcript back');
    expect(restored.session!.$state.get()).to.equal('chatting');
    await agent.say(id, 'welcome back');
    await until(() => transcriptText(restored).includes('welcome back'), 'live again');
  });

  it('shows a visible, specific error and fires gc-error for every bad attribute at once', async () => {
    const errors: { code: string; message: string }[] = [];
    const onError = (e: Event) => errors.push((e as CustomEvent).detail);
    document.addEventListener('gc-error', onError);
    const el = await fixture<GcWebchat>(html`<gc-webchat
      open
      transport="purecloud-v2-sockets"
      data-url="ftp://example"
      org-guid=${ORG}
      target-address="Manual"
      priority="urgent"
      user-data="{customerId: 59606}"
      form='{"inputs": [{"label": "no name"}]}'
    ></gc-webchat>`);
    document.removeEventListener('gc-error', onError);
    const panel = shadow(el).querySelector('[part="config-error"]')!;
    expect(panel.getAttribute('role')).to.equal('alert');
    const text = panel.textContent!;
    expect(text).to.contain('The deployment-key attribute is required.');
    expect(text).to.contain('data-url attribute must be an http(s) URL');
    expect(text).to.contain('priority attribute must be a whole number from 0 to 10, not "urgent"');
    expect(text).to.contain('user-data attribute is not valid JSON');
    expect(text).to.contain('inputs[0]: missing "name"');
    expect(errors.length).to.be.greaterThanOrEqual(5);
    const rejection = await el.startChat().catch((e) => e);
    expect(rejection.code).to.equal('config.invalid');
    await expect(el).shadowDom.to.be.accessible();
    el.remove();
  });

  it('names an unknown transport and the protocols there are, with the other attribute errors', async () => {
    const errors: { code: string; message: string }[] = [];
    const onError = (e: Event) => errors.push((e as CustomEvent).detail);
    document.addEventListener('gc-error', onError);
    const el = await fixture<GcWebchat>(html`<gc-webchat open transport="carrier-pigeon" user-data="[1]"></gc-webchat>`);
    document.removeEventListener('gc-error', onError);
    const text = shadow(el).querySelector('[part="config-error"]')!.textContent!;
    expect(text).to.contain('Unknown transport "carrier-pigeon": use one of');
    expect(text).to.contain('"purecloud-v2-sockets"');
    expect(text).to.contain('user-data attribute must be a JSON object');
    expect(errors.map((e) => e.message).join(' ')).to.contain('carrier-pigeon');
    el.remove();
  });

  it('is axe-clean in every state: launcher, form, waiting, chatting, ended', async () => {
    const el = await widget();
    await expect(el).shadowDom.to.be.accessible();
    await el.show();
    await until(() => form(el)?.shadowRoot?.querySelector('input'), 'form');
    await expect(el).shadowDom.to.be.accessible();
    await expect(form(el)).shadowDom.to.be.accessible();
    const id = (await el.startChat({ firstname: 'Ada' })).sessionId;
    await el.updateComplete;
    await until(() => shadow(el).querySelector('gc-transcript'), 'waiting view');
    await expect(el).shadowDom.to.be.accessible();
    await until(async () => (await agent.chat(id)).sockets > 0, 'stream');
    await agent.accept(id);
    await agent.say(id, 'Hi!');
    await until(() => transcriptText(el).includes('Hi!'), 'chatting');
    await expect(el).shadowDom.to.be.accessible();
    await expect(shadow(el).querySelector('gc-transcript')!).shadowDom.to.be.accessible();
    await expect(shadow(el).querySelector('gc-composer')!).shadowDom.to.be.accessible();
    await agent.end(id);
    await until(() => shadow(el).querySelector('.ended'), 'ended view');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('speaks French with lang="fr", and lays out right to left for a right-to-left language it has strings for', async () => {
    const el = await widget(html``, 'fr');
    expect(shadow(el).querySelector('.launcher')!.getAttribute('aria-label')).to.equal('Discuter avec nous');
    await el.show();
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('Chat en direct');
    // Hebrew has no table: the widget speaks English, and English reads left to right.
    const hebrew = await widget(html``, 'he');
    expect(shadow(hebrew).querySelector('.launcher')!.getAttribute('aria-label')).to.equal('Chat with us');
    expect(shadow(hebrew).querySelector('.root')!.getAttribute('dir')).to.equal('ltr');
    registerStrings('ar', { ...stringsFor('en'), launcher: 'تحدث معنا', title: 'دردشة مباشرة' });
    const arabic = await widget(html``, 'ar-EG');
    expect(shadow(arabic).querySelector('.launcher')!.getAttribute('aria-label')).to.equal('تحدث معنا');
    expect(shadow(arabic).querySelector('.root')!.getAttribute('dir')).to.equal('rtl');
  });

  it('follows a change of lang in every part of the open window', async () => {
    const el = await widget();
    await el.show();
    const form = () => shadow(el).querySelector('gc-registration-form')!;
    await form().updateComplete;
    expect(form().shadowRoot!.querySelector('button[type=submit]')!.textContent!.trim()).to.equal('Start Chat');
    el.setAttribute('lang', 'fr');
    await el.updateComplete;
    await form().updateComplete;
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('Chat en direct');
    expect(form().shadowRoot!.querySelector('button[type=submit]')!.textContent!.trim()).to.equal('Démarrer le chat');
  });

  it('keeps the host page CSS out', async () => {
    const style = document.createElement('style');
    style.textContent = 'button { background: rgb(255, 0, 255) !important; font-size: 40px !important; } h2 { color: rgb(255, 0, 0) !important; }';
    document.head.append(style);
    const el = await widget();
    await el.show();
    const launcherColor = getComputedStyle(shadow(el).querySelector('header button')!).backgroundColor;
    expect(launcherColor).not.to.equal('rgb(255, 0, 255)');
    expect(getComputedStyle(shadow(el).querySelector('h2')!).color).not.to.equal('rgb(255, 0, 0)');
    style.remove();
  });
});
