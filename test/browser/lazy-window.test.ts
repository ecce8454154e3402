// <gc-webchat> as the script-tag build starts it: only the launcher until the visitor asks for the chat.
// This file imports launcher.ts alone, so the window module really is fetched on demand here.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/launcher.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

const shadow = (el: Element) => el.shadowRoot!;
const windowRequests = () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('webchat-window'));

describe('<gc-webchat> launcher before the window loads', () => {
  afterEach(async () => {
    await executeServerCommand('block-urls', { urls: [] });
    await executeServerCommand('emulate-latency', { ms: 0 });
  });

  it('announces gc-ready as the page loads, with the metadata block, without loading the window (first: nothing loaded yet)', async () => {
    const el = document.createElement('gc-webchat') as GcWebchat;
    for (const [name, value] of Object.entries({ 'data-url': SERVER, 'deployment-key': DEPLOYMENT, 'org-guid': ORG, 'target-address': 'Manual', storage: 'none' })) {
      el.setAttribute(name, value);
    }
    const ready = oneEvent(el, 'gc-ready');
    document.body.append(el);
    const { detail } = await ready;
    expect(detail.metadata).to.include({ proactive: false, numAgents: 0, opened: false, supervisorReached: false });
    expect(windowRequests()).to.have.length(0);
    expect(el.session).to.equal(undefined);
    el.remove();
  });

  it('loads nothing but the launcher, shows a failed download and retries it, then opens', async () => {
    const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
      data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual" storage="none"
    ></gc-webchat>`);
    const launcher = shadow(el).querySelector<HTMLButtonElement>('.launcher')!;
    expect(launcher.getAttribute('aria-label')).to.equal('Chat with us');
    expect(windowRequests()).to.have.length(0);
    expect(customElements.get('gc-transcript')).to.equal(undefined);
    expect(el.session).to.equal(undefined);

    // The window's file cannot be fetched: the visitor is told, in an alert, and the launcher stays.
    await executeServerCommand('block-urls', { urls: ['*webchat-window*'] });
    launcher.click();
    const alert = await until(() => shadow(el).querySelector('[part="load-error"]'), 'load error shown');
    expect(alert!.getAttribute('role')).to.equal('alert');
    expect(alert!.textContent).to.contain('could not load');
    const rejection = await el.show().catch((error) => error);
    expect(rejection.code).to.equal('load.failed');
    expect(shadow(el).querySelector('.launcher')).to.not.equal(null);
    expect(shadow(el).querySelector('[part="window"]')).to.equal(null);

    // The network is back but slow: the next press shows the launcher busy, with a ring a visitor can see
    // once the download takes a moment, then loads the window and shows the form.
    await executeServerCommand('block-urls', { urls: [] });
    await executeServerCommand('emulate-latency', { ms: 1500 });
    const again = shadow(el).querySelector<HTMLButtonElement>('.launcher')!;
    again.click();
    await until(() => again.getAttribute('aria-busy') === 'true', 'busy');
    const ring = getComputedStyle(again, '::after');
    expect(ring.content, 'a ring drawn round the button').to.not.equal('none');
    // It fades in only once the download takes a moment. Set on the animation's clock rather than waited
    // for: a page the runner keeps in the background may not advance its animations.
    const fade = again.getAnimations({ subtree: true }).find((animation) => (animation as CSSAnimation).animationName === 'gc-busy');
    expect(fade, 'the ring waits before it shows').to.not.equal(undefined);
    fade!.currentTime = 100;
    expect(Number(ring.opacity), 'not yet at 0.1 s').to.equal(0);
    fade!.currentTime = 400;
    expect(Number(ring.opacity), 'shown at 0.4 s').to.equal(1);
    expect(again.getAttribute('aria-busy')).to.equal('true');
    await until(() => shadow(el).querySelector('gc-registration-form')?.shadowRoot?.querySelector('input'), 'form shown', 20_000);
    expect(again.hasAttribute('aria-busy')).to.equal(false);
    expect(shadow(el).querySelector('[part="load-error"]')).to.equal(null);
    expect(el.open).to.equal(true);
    expect(el.session).to.not.equal(undefined);
    expect(customElements.get('gc-transcript')).to.not.equal(undefined);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('queues a method called before the window exists: it loads the window and answers', async () => {
    const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
      data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual" storage="none"
    ></gc-webchat>`);
    // gc-ready went out as it rendered; the window loading now does not announce it again.
    let again = 0;
    el.addEventListener('gc-ready', () => again++);
    expect(await el.verifySession()).to.deep.equal({ sessionActive: false });
    expect(el.session).to.not.equal(undefined);
    expect(again).to.equal(0);
  });
});
