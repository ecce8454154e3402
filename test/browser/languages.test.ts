// The languages the widget ships: each table arrives as its own chunk when a page speaks it, right-to-left
// languages mirror the layout, and a page can add or adjust a language.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { en, loadStrings, registerStrings, stringsFor } from '../../src/i18n/strings.js';
import { DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

const widget = (lang: string) =>
  fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" lang=${lang} storage="none"
    data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
const launcherLabel = (el: GcWebchat) => el.shadowRoot!.querySelector('.launcher')!.getAttribute('aria-label');

describe('languages', () => {
  it('speaks Arabic with lang="ar", right to left, in the launcher, the window and the form', async () => {
    const el = await widget('ar');
    await until(() => launcherLabel(el) === 'تحدّث معنا', 'Arabic launcher');
    expect(el.shadowRoot!.querySelector('.root')!.getAttribute('dir')).to.equal('rtl');
    await el.show();
    const form = await until(() => el.shadowRoot!.querySelector('gc-registration-form')?.shadowRoot?.querySelector('form'), 'form');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.contain('دردشة مباشرة');
    expect(getComputedStyle(form!).direction).to.equal('rtl');
    expect(form!.querySelector('button[type=submit]')!.textContent!.trim()).to.equal('بدء الدردشة');
    const window = el.shadowRoot!.querySelector('.window')!.getBoundingClientRect();
    const close = el.shadowRoot!.querySelector('.close')!.getBoundingClientRect();
    expect(close.left - window.left, 'the close button at the start (left) edge').to.be.below(window.right - close.right);
  });

  it('speaks Hebrew right to left, and German, Spanish, Dutch, Portuguese, Italian and Japanese', async () => {
    const expected: Record<string, string> = {
      he: 'צ׳אט איתנו', de: 'Mit uns chatten', es: 'Chatea con nosotros', nl: 'Chat met ons', pt: 'Converse conosco',
      it: 'Chatta con noi', ja: 'チャットで問い合わせる', fr: 'Discuter avec nous',
    };
    for (const [lang, label] of Object.entries(expected)) {
      const el = await widget(`${lang}-XX`);
      await until(() => launcherLabel(el) === label, `${lang} launcher`);
      expect(el.shadowRoot!.querySelector('.root')!.getAttribute('dir')).to.equal(lang === 'he' ? 'rtl' : 'ltr');
      el.remove();
    }
    // Every shipped table has every string, none left empty.
    for (const lang of Object.keys(expected)) {
      await loadStrings(lang);
      const table = stringsFor(lang);
      expect(table, lang).to.not.equal(en);
      for (const key of Object.keys(en) as (keyof typeof en)[]) expect(String(table[key]).length, `${lang}.${key}`).to.be.above(0);
    }
  });

  it('keeps English for a language it has no table for, and lets the page add one', async () => {
    const swedish = await widget('sv');
    expect(launcherLabel(swedish)).to.equal('Chat with us');
    expect(swedish.shadowRoot!.querySelector('.root')!.getAttribute('dir')).to.equal('ltr');
    registerStrings('fa', { launcher: 'با ما گفتگو کنید' });
    const persian = await widget('fa');
    expect(launcherLabel(persian)).to.equal('با ما گفتگو کنید');
    expect(persian.shadowRoot!.querySelector('.root')!.getAttribute('dir')).to.equal('rtl');
    await persian.show();
    // Strings the page did not give fall back to English.
    expect(persian.shadowRoot!.querySelector('h2')!.textContent).to.contain('Live Chat');
  });
});
