// <gc-composer>: what the visitor sees while writing. The characters-left counter stays out of the way until
// the message nears the limit; the send button looks like one only when there is something to send.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcComposer } from '../../src/elements/gc-composer.js';
import { cleanupSessions, newSession, startConnectedChat } from './helpers.js';

afterEach(cleanupSessions);

describe('<gc-composer>', () => {
  it('shows the counter only near the limit, and a filled send button only with something to send', async () => {
    const session = newSession();
    await startConnectedChat(session);
    const el = await fixture<GcComposer>(html`<gc-composer lang="en" max-length="100" .session=${session}></gc-composer>`);
    const root = el.shadowRoot!;
    const type = async (text: string) => {
      const input = root.querySelector('textarea')!;
      input.value = text;
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
    };
    const send = root.querySelector<HTMLButtonElement>('.send')!;
    expect(send.getAttribute('aria-label')).to.equal('Send');
    expect(getComputedStyle(send).backgroundColor, 'outlined while empty').to.equal('rgba(0, 0, 0, 0)');
    await type('Hello');
    expect(root.querySelector('[part~="counter"]'), 'no counter far from the limit').to.equal(null);
    expect(getComputedStyle(send).backgroundColor, 'filled once it can send').to.equal('rgb(43, 79, 216)');
    await type('x'.repeat(60));
    expect(root.querySelector('[part~="counter"]')!.textContent).to.equal('40 characters left');
  });
});
