// The transcript as a visitor reads it after a reload: it shows the newest message once the window has
// settled, keeps following new ones, and the "New messages" button never hides a message.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { agent, DEPLOYMENT, newSession, ORG, SERVER, startConnectedChat, until } from './helpers.js';

const frames = (n = 3) => new Promise<void>((resolve) => {
  const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(n);
});

const transcriptOf = (el: GcWebchat) => el.shadowRoot!.querySelector('gc-transcript')!;
const logOf = (el: GcWebchat) => transcriptOf(el).shadowRoot!.querySelector<HTMLElement>('.log')!;
const distanceFromBottom = (log: HTMLElement) => log.scrollHeight - log.scrollTop - log.clientHeight;

/** A chat of `count` agent messages kept in sessionStorage, as the page before the reload left it. */
async function storedChat(count: number): Promise<string> {
  const before = newSession({ storage: undefined });
  const id = await startConnectedChat(before);
  for (let i = 1; i <= count; i++) await agent.say(id, `message ${i} of the earlier page`);
  await until(() => before.$messages.get().some((m) => m.text === `message ${count} of the earlier page`), 'messages arrived');
  before.dispose();
  return id;
}

describe('<gc-transcript> pinned to the newest message', () => {
  afterEach(() => sessionStorage.clear());

  it('shows the newest message after a restore once layout settles, and keeps following new ones', async () => {
    const id = await storedChat(25);
    const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
      data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"
    ></gc-webchat>`);
    await until(() => el.session?.$state.get() === 'chatting', 'restored');
    const log = await until(() => transcriptOf(el)?.shadowRoot?.querySelector<HTMLElement>('.log'), 'transcript');
    await until(() => log!.textContent!.includes('message 25 of'), 'transcript back');
    // The window finishes arriving (status line, composer, fonts): then the newest message is in view.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await frames();
    expect(distanceFromBottom(logOf(el)), 'px between the view and the newest message').to.be.below(2);

    // The agent types (a line appears under the log, making it shorter) and then writes: still followed.
    await agent.type(id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const text of ['one more thing', 'and another', 'Goodbye, have a nice day!']) await agent.say(id, text);
    await until(() => logOf(el).textContent!.includes('Goodbye, have a nice day!'), 'goodbye shown');
    await frames();
    expect(distanceFromBottom(logOf(el)), 'still at the newest message').to.be.below(2);
    expect(transcriptOf(el).shadowRoot!.querySelector('.jump'), 'no "New messages" button while following').to.equal(null);
    await el.endChat();
  });

  it('puts the "New messages" button beside the messages, never over one', async () => {
    const session = newSession();
    const el = await fixture<HTMLElement>(html`<div style="height: 360px; display: flex; flex-direction: column">
      <gc-transcript style="flex: 1" .session=${session}></gc-transcript>
    </div>`);
    const transcript = el.querySelector('gc-transcript')!;
    const id = await startConnectedChat(session);
    for (let i = 1; i <= 20; i++) await agent.say(id, `early ${i}`);
    const log = transcript.shadowRoot!.querySelector<HTMLElement>('.log')!;
    await until(() => log.textContent!.includes('early 20'), 'messages');
    await frames();
    // The visitor scrolls up to read, then three messages arrive.
    log.scrollTop = log.scrollHeight / 3;
    log.dispatchEvent(new Event('scroll'));
    await frames();
    for (const text of ['late 1', 'late 2', 'late 3']) await agent.say(id, text);
    const jump = await until(() => transcript.shadowRoot!.querySelector<HTMLElement>('.jump'), 'New messages button');
    await frames();
    const pill = jump!.getBoundingClientRect();
    const view = log.getBoundingClientRect();
    for (const item of log.querySelectorAll('li')) {
      // Only the part of a message the log shows (it clips the rest) can be covered.
      const box = item.getBoundingClientRect();
      const top = Math.max(box.top, view.top);
      const bottom = Math.min(box.bottom, view.bottom);
      const overlaps = bottom > top && bottom > pill.top && top < pill.bottom && box.right > pill.left && box.left < pill.right;
      expect(overlaps, `"${item.textContent!.trim().slice(0, 40)}" (${box.top}-${box.bottom}) is under the button (${pill.top}-${pill.bottom}), log ${view.top}-${view.bottom}`).to.equal(false);
    }
  });
});
