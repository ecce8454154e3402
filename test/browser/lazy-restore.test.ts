// A chat stored in this tab comes back although the page loaded only the launcher: the launcher sees the
// stored entry (without loading anything) and fetches the window at once to restore it.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/launcher.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { agent, DEPLOYMENT, newSession, ORG, SERVER, startConnectedChat, until } from './helpers.js';

describe('<gc-webchat> launcher with a stored chat', () => {
  afterEach(() => sessionStorage.clear());

  it('loads the window by itself and restores the chat and its transcript', async () => {
    // The previous page: a chat kept in sessionStorage, the way the widget keeps it.
    const before = newSession({ storage: undefined });
    const id = await startConnectedChat(before);
    await agent.say(id, 'remember me');
    await until(() => before.$messages.get().some((m) => m.text === 'remember me'), 'message arrived');
    before.dispose(); // the page unloads; the chat goes on on the server
    expect(customElements.get('gc-transcript')).to.equal(undefined);

    const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
      data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"
    ></gc-webchat>`);
    await until(() => el.session?.$state.get() === 'chatting', 'restored');
    await until(() => el.open, 'window open again');
    const transcript = await until(() => el.shadowRoot!.querySelector('gc-transcript')?.shadowRoot?.querySelector('.log'), 'transcript');
    await until(() => transcript!.textContent!.includes('remember me'), 'transcript back');
    await el.endChat();
  });
});
