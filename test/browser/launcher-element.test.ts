// <gc-webchat> before its window loads is a plain custom element that keeps the parts of a Lit element's
// life cycle pages and frameworks rely on: properties read from attributes and written back, one update per
// batch of changes, updateComplete, and updates that go on after one failed.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/launcher.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';

describe('<gc-webchat> as a plain custom element', () => {
  it('reads its properties from attributes, writes open and minimized back, and gives back defaults', async () => {
    const el = await fixture<GcWebchat>(html`<gc-webchat no-launcher storage="none" max-message-length="200" target-address="Support"></gc-webchat>`);
    expect(el.noLauncher).to.equal(true);
    expect(el.shadowRoot!.querySelector('.launcher'), 'no launcher with no-launcher').to.equal(null);
    expect(el.maxMessageLength).to.equal(200);
    expect(el.targetAddress).to.equal('Support');
    el.removeAttribute('max-message-length');
    el.removeAttribute('target-address');
    expect(el.maxMessageLength, 'the default again').to.equal(4000);
    expect(el.targetAddress).to.equal(null);

    el.minimized = true;
    expect(el.hasAttribute('minimized'), 'written back in the update, not at once').to.equal(false);
    await el.updateComplete;
    expect(el.hasAttribute('minimized')).to.equal(true);
    el.removeAttribute('minimized');
    expect(el.minimized).to.equal(false);
    el.noLauncher = false;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.launcher'), 'the launcher once no-launcher goes').to.not.equal(null);
  });

  it('runs one update for a batch of changes, and goes on after an update that threw', async () => {
    const el = await fixture<GcWebchat>(html`<gc-webchat storage="none"></gc-webchat>`);
    let updates = 0;
    let fail = false;
    el.addController({
      hostUpdate: () => {
        if (fail) {
          fail = false;
          throw new Error('a controller failed');
        }
      },
      hostUpdated: () => updates++,
    });
    el.priority = '5';
    el.skills = 'billing';
    el.setAttribute('language', 'fr');
    await el.updateComplete;
    expect(updates, 'three changes, one update').to.equal(1);

    fail = true;
    el.priority = '6';
    const failed = await el.updateComplete.then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failed?.message).to.equal('a controller failed');
    el.priority = '7';
    await el.updateComplete;
    expect(updates, 'the next change updates again').to.equal(2);
  });
});
