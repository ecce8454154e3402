// What a screen reader hears from <gc-webchat>'s own status line: it must be a live region that is already
// there when its text changes (screen readers often skip a region that arrives together with its text).
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { agent, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

let el: GcWebchat | undefined;

afterEach(async () => {
  if (el?.session?.active) await el.session.endChat().catch(() => undefined);
  el?.remove();
  sessionStorage.clear();
});

describe('<gc-webchat> status announcements', () => {
  it('says "waiting", "connection lost" and "restored" through one live region present since the window opened', async () => {
    el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
      lang="en"
      data-url=${SERVER}
      deployment-key=${DEPLOYMENT}
      org-guid=${ORG}
      target-address="Manual"
      form='{"inputs":[{"name":"firstname","label":"First name","required":true}]}'
    ></gc-webchat>`);
    await el.show();
    const root = el.shadowRoot!;
    await until(() => root.querySelector('gc-registration-form'), 'form');
    const region = root.querySelector('.body > [role="status"]')!;
    expect(region, 'a status region while the form shows').to.not.equal(null);
    expect(region.textContent!.trim(), 'silent while the form shows').to.equal('');

    await until(() => root.querySelector('gc-registration-form')!.shadowRoot!.querySelector('input'), 'field');
    root.querySelector('gc-registration-form')!.focus();
    await sendKeys({ type: 'Ada' });
    await sendKeys({ press: 'Enter' });
    await until(() => el!.session?.$state.get() === 'waiting', 'waiting');
    await el.updateComplete;
    expect(region.isConnected, 'the same region, not a new one').to.equal(true);
    expect(region.textContent!.trim()).to.equal('Waiting for an agent…');
    expect(root.querySelectorAll('.body [role="status"]'), 'one status region in the window').to.have.length(1);

    const id = el.session!.sessionData()!.sessionId;
    await until(async () => (await agent.chat(id)).sockets > 0, 'stream attached');
    await agent.accept(id);
    await until(() => region.textContent!.trim() === '', 'quiet once an agent answers');

    await agent.dropSockets(id);
    await until(() => region.textContent!.includes('Connection lost. Reconnecting…'), 'connection lost');
    await until(() => region.textContent!.includes('Connection restored.'), 'connection restored');
    expect(region.isConnected).to.equal(true);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('tells a screen reader how many messages arrived while the window is minimized', async () => {
    el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" lang="en" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await el.show();
    const id = (await el.startChat({ firstname: 'Ada' })).sessionId;
    await until(async () => (await agent.chat(id)).sockets > 0, 'stream attached');
    await agent.accept(id);
    el.minimize(true);
    await el.updateComplete;
    // The transcript (and its announcer) is not rendered while minimized; this region is, before any message.
    const region = el.shadowRoot!.querySelector('.root > [role="status"]')!;
    expect(region, 'a status region beside the launcher').to.not.equal(null);
    expect(region.textContent!.trim()).to.equal('');
    await agent.say(id, 'are you there?');
    await until(() => region.textContent!.includes('(1) New message'), 'one new message announced');
    await agent.say(id, 'hello?');
    await until(() => region.textContent!.includes('(2) New messages'), 'two new messages announced');
    expect(region.isConnected).to.equal(true);
    // Said once: updates that change nothing it says (the agent typing, a theme) leave the region alone, or a
    // screen reader would hear the count again each time.
    const rewrites: MutationRecord[] = [];
    const watch = new MutationObserver((records) => rewrites.push(...records));
    watch.observe(region, { childList: true, characterData: true, subtree: true });
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    await agent.type(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    el.removeAttribute('theme');
    await el.updateComplete;
    watch.disconnect();
    expect(rewrites, 'the count is not written again').to.have.length(0);
    await expect(el).shadowDom.to.be.accessible();
    el.minimize(false);
    await el.updateComplete;
    expect(region.textContent!.trim(), 'quiet again once the window is back').to.equal('');
    // Seen now: minimized again, the launcher counts from zero.
    el.minimize(true);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.badge')).to.equal(null);
    expect(el.shadowRoot!.querySelector('.launcher')!.getAttribute('aria-label')).to.equal('Chat with us');
  });
});
