// Parts of the window a plain text chat never uses download only when a visitor needs them: the code that
// writes a transcript file (on Download transcript) and the code that flags the tab's title (a message while
// the page is hidden). This file imports launcher.ts alone, so every part really is fetched on demand here.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/launcher.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { agent, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

const fetched = (part: string) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(part));
const shadow = (el: Element) => el.shadowRoot!;

describe('parts of the window loaded on demand', () => {
  it('a whole text chat with the default form downloads none of them; Download transcript fetches its code and saves the file', async () => {
    const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
      data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual" storage="none"
    ></gc-webchat>`);
    await el.show({ form: { firstname: 'Ada', lastname: 'Lovelace', autoSubmit: true } });
    await until(() => el.session?.$state.get() === 'waiting', 'started');
    const { sessionId } = (await el.getSessionData())!;
    await agent.accept(sessionId, 'Robin');
    await agent.say(sessionId, 'How can I help?');
    const log = () => shadow(el).querySelector('gc-transcript')?.shadowRoot?.querySelector('.log')?.textContent ?? '';
    await until(() => log().includes('How can I help?'), 'agent message shown');
    await el.endChat();
    const download = await until(() => shadow(el).querySelector<HTMLButtonElement>('[part~="download-button"]'), 'ended panel');
    expect(fetched('webchat-window')).to.equal(true);
    expect(fetched('title-flag'), 'the title alert, with the page visible').to.equal(false);
    expect(fetched('transcript-file'), 'the transcript file').to.equal(false);

    const saved: { name: string; href: string }[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) saved.push({ name: this.download, href: this.href });
      else click.call(this);
    };
    try {
      download!.click();
      await until(() => saved.length > 0, 'the file saved');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(fetched('transcript-file')).to.equal(true);
    expect(saved[0]!.name).to.match(/^chat-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = await (await fetch(saved[0]!.href)).text();
    expect(text).to.contain('Robin: How can I help?');
    el.remove();
  });
});
