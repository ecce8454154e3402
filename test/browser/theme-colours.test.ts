// Every colour the visitor sees comes from the theme: a dark theme made only of --gc-* properties (the one
// the themes gallery shows) leaves no light panel and no browser-blue link behind.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { agent, contrast, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

const DARK = `--gc-color-surface: #16181d; --gc-color-surface-alt: #23262e; --gc-color-text: #e8eaf0;
  --gc-color-muted: #b4bac6; --gc-color-border: #4a5060; --gc-color-primary: #8ab4ff; --gc-color-on-primary: #0b1020;
  --gc-color-agent-bubble: #2a2e38; --gc-color-customer-bubble: #8ab4ff; --gc-color-on-customer-bubble: #0b1020;
  --gc-color-error: #ff9c94; --gc-color-focus: #ffd166;`;

describe('<gc-webchat> with a dark theme', () => {
  afterEach(() => sessionStorage.clear());

  it('shows the end-chat question and links in messages in the theme\'s colours', async () => {
    const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" style=${DARK} storage="none"
      data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await el.startChat({ firstname: 'Ada' });
    const id = el.session!.sessionData()!.sessionId;
    await until(async () => (await agent.chat(id)).sockets > 0, 'stream attached');
    await agent.accept(id, 'Sam');
    await agent.say(id, 'Details are on https://example.com/help and mailto:help@example.com');
    await el.show();
    const root = el.shadowRoot!;
    const transcript = await until(() => root.querySelector('gc-transcript')?.shadowRoot, 'transcript');
    const link = await until(() => transcript!.querySelector<HTMLAnchorElement>('li.agent a'), 'link shown');
    const bubble = getComputedStyle(link!.closest('.bubble')!).backgroundColor;
    const linkColour = getComputedStyle(link!).color;
    expect(linkColour, 'not the browser\'s default link blue').to.not.equal('rgb(0, 0, 238)');
    expect(contrast(linkColour, bubble), 'link on the agent\'s bubble').to.be.at.least(4.5);

    root.querySelector<HTMLButtonElement>('.close')!.click();
    const question = await until(() => root.querySelector<HTMLElement>('#confirm-question'), 'confirmation');
    const panel = getComputedStyle(root.querySelector('.confirm')!).backgroundColor;
    const surface = getComputedStyle(root.querySelector('.window')!).backgroundColor;
    expect(contrast(getComputedStyle(question!).color, panel, surface), 'the question on the confirmation').to.be.at.least(4.5);
    await el.endChat();
  });
});
