// Where keyboard focus goes as <gc-webchat> changes under it: a control that disappears while focused must
// hand focus to the next sensible place in the widget, never drop it on the page's <body>.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { agent, deepActive, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

const widgets: GcWebchat[] = [];

afterEach(async () => {
  await agent.clearFaults();
  for (const widget of widgets.splice(0)) {
    if (widget.session?.active) await widget.session.endChat().catch(() => undefined);
    widget.remove();
  }
  sessionStorage.clear();
});

async function widget(): Promise<GcWebchat> {
  const element = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
    lang="en"
    data-url=${SERVER}
    deployment-key=${DEPLOYMENT}
    org-guid=${ORG}
    target-address="Manual"
    form='{"inputs":[{"name":"firstname","label":"First name","required":true}]}'
  ></gc-webchat>`);
  widgets.push(element);
  return element;
}

const shadow = (el: Element) => el.shadowRoot!;
const focusedText = () => deepActive()?.textContent?.trim();
const press = (key: string) => sendKeys({ press: key });

/** Open from the launcher and submit the form, all by keyboard; the agent accepts. */
async function chatByKeyboard(el: GcWebchat): Promise<string> {
  shadow(el).querySelector<HTMLButtonElement>('.launcher')!.focus();
  await press('Enter');
  await until(() => deepActive()?.tagName === 'INPUT', 'focus in the form');
  await sendKeys({ type: 'Ada' });
  await press('Enter');
  await until(() => el.session?.$state.get() === 'waiting', 'waiting');
  const id = el.session!.sessionData()!.sessionId;
  await until(async () => (await agent.chat(id)).sockets > 0, 'stream attached');
  await agent.accept(id, 'Sam');
  await until(() => el.session?.$state.get() === 'chatting', 'chatting');
  return id;
}

describe('keyboard focus in <gc-webchat>', () => {
  it('follows the visitor from the form to the composer, back from the launcher, and to "Start a new chat"', async () => {
    const el = await widget();
    const id = await chatByKeyboard(el);
    // The form went away under the focused field: the composer takes over.
    await until(() => deepActive()?.tagName === 'TEXTAREA', 'focus in the composer once the chat started');

    // Escape minimizes onto the restore button; the launcher (with its badge) brings the window back.
    await press('Escape');
    await until(() => el.minimized, 'minimized');
    expect(deepActive()?.getAttribute('part')).to.equal('minimize-button');
    await agent.say(id, 'still there?');
    await until(() => shadow(el).querySelector('.badge'), 'unread badge');
    shadow(el).querySelector<HTMLButtonElement>('.launcher')!.focus();
    await press('Enter');
    await until(() => !el.minimized, 'restored');
    await until(() => deepActive()?.tagName === 'TEXTAREA', 'focus back in the composer, not on the page');

    // The agent ends the chat while the visitor is in the composer, which goes away.
    await agent.end(id);
    await until(() => shadow(el).querySelector('.ended'), 'ended panel');
    await until(() => focusedText() === 'Start a new chat', 'focus on "Start a new chat"');
    const described = shadow(el).getElementById(deepActive()!.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent, 'the button says why it is there').to.equal('The chat has ended.');
    await press('Enter');
    await until(() => deepActive()?.tagName === 'INPUT', 'focus in the new form');

    // Closing returns focus to the launcher.
    shadow(el).querySelector<HTMLButtonElement>('.close')!.focus();
    await press('Enter');
    await until(() => !el.open, 'closed');
    await until(() => deepActive()?.getAttribute('part') === 'launcher', 'focus on the launcher');
  });

  it('moves focus into the end-chat confirmation, keeps Tab inside it, and returns it to the button that opened it', async () => {
    const el = await widget();
    await chatByKeyboard(el);
    const endButton = shadow(el).querySelector<HTMLButtonElement>('.end')!;
    endButton.focus();
    await press('Enter');
    await until(() => focusedText() === 'Keep chatting', 'focus on "Keep chatting", the safe choice');
    await expect(el).shadowDom.to.be.accessible();

    await press('Tab');
    expect(deepActive()?.closest('.confirm'), 'Tab stays in the dialog').to.not.equal(null);
    expect(focusedText()).to.equal('End chat');
    await press('Tab');
    expect(focusedText()).to.equal('Keep chatting');
    await sendKeys({ down: 'Shift' });
    await press('Tab');
    await press('Tab');
    await sendKeys({ up: 'Shift' });
    expect(focusedText()).to.equal('Keep chatting');

    await press('Escape');
    await until(() => !shadow(el).querySelector('.confirm'), 'dialog closed');
    expect(el.minimized, 'Escape closes the dialog, not the window').to.equal(false);
    await until(() => deepActive() === endButton, 'focus back on "End chat"');

    // Opened from the close button and answered "Keep chatting": focus goes back to the close button.
    const close = shadow(el).querySelector<HTMLButtonElement>('.close')!;
    close.focus();
    await press('Enter');
    await until(() => focusedText() === 'Keep chatting', 'focus in the dialog');
    await press('Enter');
    await until(() => !shadow(el).querySelector('.confirm'), 'dialog closed');
    await until(() => deepActive() === close, 'focus back on the close button');

    // Ending from the dialog lands on "Start a new chat".
    endButton.focus();
    await press('Enter');
    await until(() => focusedText() === 'Keep chatting', 'focus in the dialog');
    await press('Tab');
    await press('Enter');
    await until(() => el.session?.$state.get() === 'ended', 'ended');
    await until(() => focusedText() === 'Start a new chat', 'focus on "Start a new chat"');
  });

  it('keeps focus in the transcript when "New messages" or a failed message\'s button goes away', async () => {
    const el = await widget();
    const id = await chatByKeyboard(el);
    for (let i = 0; i < 20; i++) await agent.say(id, `message ${i}\nwith a second line`);
    const transcript = shadow(el).querySelector('gc-transcript')!;
    const log = transcript.shadowRoot!.querySelector<HTMLElement>('.log')!;
    await until(() => log.textContent!.includes('message 19') && log.scrollHeight > log.clientHeight * 2, 'a long transcript');

    // Read from the top, a new message arrives: the jump button takes the visitor down, focus stays in the log.
    log.focus();
    await press('Home');
    await until(() => log.scrollTop === 0, 'at the top');
    await agent.say(id, 'a new one');
    const jump = (await until(() => transcript.shadowRoot!.querySelector<HTMLButtonElement>('[part="jump"]'), 'jump button'))!;
    jump.focus();
    await press('Enter');
    await until(() => !transcript.shadowRoot!.querySelector('[part="jump"]'), 'jump button gone');
    await until(() => deepActive() === log, 'focus on the transcript, not the page');

    // A message the service refuses: discarding it by keyboard leaves focus in the transcript.
    await agent.fault({ method: 'POST', path: `/api/v2/webchat/guest/conversations/${id}/members/*/messages`, status: 400 });
    await el.sendMessage('refused').catch(() => undefined);
    const discard = (await until(() => transcript.shadowRoot!.querySelector<HTMLButtonElement>('[part~="discard"]'), 'discard button'))!;
    discard.focus();
    await press('Enter');
    await until(() => !transcript.shadowRoot!.querySelector('[part~="message-pending"]'), 'discarded');
    await until(() => deepActive() === log, 'focus on the transcript after discarding');
  });

  it('keeps what the visitor was typing when Escape minimizes the window and the launcher restores it', async () => {
    const el = await widget();
    await chatByKeyboard(el);
    await until(() => deepActive()?.tagName === 'TEXTAREA', 'focus in the composer');
    await sendKeys({ type: 'half a sentence' });
    await press('Escape');
    await until(() => el.minimized, 'minimized');
    shadow(el).querySelector<HTMLButtonElement>('.launcher')!.focus();
    await press('Enter');
    await until(() => deepActive()?.tagName === 'TEXTAREA', 'focus back in the composer');
    expect((deepActive() as HTMLTextAreaElement).value).to.equal('half a sentence');
    await sendKeys({ type: ', finished' });
    await press('Enter');
    const sent = () => shadow(shadow(el).querySelector('gc-transcript')!).querySelector('.log')!.textContent!;
    await until(() => sent().includes('half a sentence, finished'), 'the whole message sent');
    expect((deepActive() as HTMLTextAreaElement).value, 'empty once sent').to.equal('');
  });

  it('closes the end-chat confirmation when the agent ends the chat first, and focus lands on "Start a new chat"', async () => {
    const el = await widget();
    const id = await chatByKeyboard(el);
    shadow(el).querySelector<HTMLButtonElement>('.end')!.focus();
    await press('Enter');
    await until(() => focusedText() === 'Keep chatting', 'focus in the dialog');
    await agent.end(id);
    await until(() => shadow(el).querySelector('.ended'), 'ended panel');
    await until(() => !shadow(el).querySelector('.confirm'), 'no question about a chat that already ended');
    await until(() => focusedText() === 'Start a new chat', 'focus on "Start a new chat"');
    await press('Escape');
    await until(() => el.minimized, 'Escape minimizes, as anywhere else in the window');
  });
});

