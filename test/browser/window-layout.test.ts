// The window as it adapts to where the visitor is: full screen on a phone and on a short viewport (a laptop at
// 200 % zoom) with the page held still behind it, only the launcher when minimized there, the system's dark
// mode unless the page has a theme, and an ended chat that says who ended it and hands over a copy.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { transcriptText } from '../../src/elements/transcript-file.js';
import { en } from '../../src/i18n/strings.js';
import { agent, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

const widget = (extra = '') =>
  fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" storage="none" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG}
    target-address="Manual" theme=${extra || (undefined as unknown as string)}></gc-webchat>`);
const windowOf = (el: GcWebchat) => el.shadowRoot!.querySelector<HTMLElement>('.window')!;

describe('<gc-webchat> window layout', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'light' });
    document.documentElement.style.overflow = '';
  });

  it('fills a short viewport (200 % zoom) and a phone, holds the page still behind it, and minimizes to the launcher', async () => {
    for (const viewport of [{ width: 640, height: 400 }, { width: 390, height: 844 }]) {
      await setViewport(viewport);
      const el = await widget();
      await el.show();
      const box = windowOf(el).getBoundingClientRect();
      expect([box.width, box.height], `${viewport.width}×${viewport.height}`).to.deep.equal([viewport.width, viewport.height]);
      expect(getComputedStyle(document.documentElement).overflow, 'the page does not scroll behind').to.equal('hidden');
      el.minimize(true);
      await el.updateComplete;
      expect(windowOf(el).checkVisibility(), 'no bar stacked over the launcher').to.equal(false);
      expect(el.shadowRoot!.querySelector('.launcher')!.checkVisibility()).to.equal(true);
      expect(document.documentElement.style.overflow, 'the page scrolls again').to.equal('');
      el.remove();
    }
    // A desktop window keeps to its corner and leaves the page alone.
    await setViewport({ width: 1280, height: 800 });
    const el = await widget();
    await el.show();
    expect(windowOf(el).getBoundingClientRect().width).to.be.below(400);
    expect(document.documentElement.style.overflow).to.equal('');
  });

  it('follows the system\'s dark mode unless the page chose a theme', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const system = await widget();
    await system.show();
    const dark = getComputedStyle(windowOf(system)).backgroundColor;
    expect(dark).to.equal('rgb(23, 25, 30)');
    const light = await widget('light');
    await light.show();
    expect(getComputedStyle(windowOf(light)).backgroundColor).to.equal('rgb(255, 255, 255)');
    const themed = await fixture<HTMLElement>(html`<div style="--gc-color-surface: #fdf3dc; --gc-color-text: #1c2a28">
      <gc-webchat transport="purecloud-v2-sockets" storage="none" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>
    </div>`);
    const brand = themed.querySelector('gc-webchat')!;
    await brand.show();
    expect(getComputedStyle(windowOf(brand)).backgroundColor, 'the page\'s own surface').to.equal('rgb(253, 243, 220)');
  });

  it('says who ended the chat and offers the visitor a plain-text copy', async () => {
    const el = await widget();
    await el.show();
    await el.startChat({ firstname: 'Ada' });
    const id = el.session!.sessionData()!.sessionId;
    await until(async () => (await agent.chat(id)).sockets > 0, 'stream attached');
    await agent.accept(id, 'Sam Rivera');
    await agent.say(id, 'Your meter reading is in. Goodbye!');
    await until(() => el.session!.$messages.get().some((m) => m.text.includes('Goodbye')), 'goodbye');
    await agent.end(id);
    const ended = await until(() => el.shadowRoot!.querySelector('.ended'), 'ended panel');
    expect(ended!.querySelector('p')!.textContent).to.equal('Sam Rivera ended the chat.');
    expect(ended!.querySelector('[part~="download-button"]')!.textContent).to.contain('Download transcript');
    const text = transcriptText('Live Chat', el.session!.$messages.get(), en, 'en');
    expect(text).to.match(/^Live Chat\n\n/);
    expect(text).to.match(/\] Sam Rivera: Your meter reading is in\. Goodbye!\n/);
    expect(text).to.contain('Sam Rivera joined the chat');
  });
});
