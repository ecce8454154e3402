import { ContextProvider } from '@lit/context';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { atom } from 'nanostores';
import { sessionContext } from '../../src/elements/context.js';
import type { FormField } from '../../src/elements/form-schema.js';
import '../../src/define.js';
import type { FormSubmitDetail, GcRegistrationForm } from '../../src/elements/gc-registration-form.js';
import { SessionError } from '../../src/session/errors.js';
import { ChatSession } from '../../src/session/session.js';
import type { ChatState, SessionData, StartChatOptions } from '../../src/session/types.js';

declare const GC_SERVER_URL: string;

/** A stand-in for ChatSession recording what the form asks of it. */
class FakeSession {
  readonly $state = atom<ChatState>('idle');
  readonly starts: StartChatOptions[] = [];
  readonly notes: { prefilled?: boolean; autoSubmitted?: boolean }[] = [];
  result: () => Promise<SessionData> = async () => ({ sessionId: 'c1', participantId: 'm1', transportId: 'fake' });

  noteForm(flags: { prefilled?: boolean; autoSubmitted?: boolean }): void {
    this.notes.push(flags);
  }

  async startChat(options: StartChatOptions): Promise<SessionData> {
    this.starts.push(options);
    this.$state.set('starting');
    try {
      const data = await this.result();
      this.$state.set('waiting');
      return data;
    } catch (error) {
      this.$state.set('idle');
      throw error;
    }
  }

  get asSession(): ChatSession {
    return this as unknown as ChatSession;
  }
}

const customForm = JSON.stringify({
  wrapper: '<table></table>',
  inputs: [
    { name: 'firstname', label: '@i18n:webchat.ChatFormFirstName', required: true },
    { name: 'email', type: 'email', label: 'Email address' },
    { name: 'phonenumber', type: 'tel', label: 'Phone' },
    { name: 'accountNumber', label: 'Account number', pattern: '[0-9]{8}', patternMessage: 'Enter the eight digits on your card.', maxlength: 8 },
    { name: 'orderRef', label: 'Order reference', pattern: '[A-Z]{3}' },
    {
      name: 'topic',
      type: 'select',
      label: 'Topic',
      options: [{ text: 'Billing', group: true }, { text: 'Invoice', value: 'invoice' }, { text: 'Refund', value: 'refund' }],
    },
    { name: 'message', type: 'textarea', label: 'Message', maxlength: 500 },
    { name: 'newsletter', type: 'checkbox', label: 'Send me the newsletter' },
    { name: 'campaign', type: 'hidden', value: 'spring-sale' },
  ],
});

const root = (el: GcRegistrationForm) => el.shadowRoot!;
const control = (el: GcRegistrationForm, name: string) =>
  root(el).querySelector<HTMLInputElement>(`[name="${name}"]`)!;
const submitButton = (el: GcRegistrationForm) => root(el).querySelector<HTMLButtonElement>('[part="submit"]')!;
const errorFor = (el: GcRegistrationForm, name: string) => {
  const ids = control(el, name).getAttribute('aria-describedby');
  return ids ? root(el).getElementById(ids)?.textContent?.trim() : undefined;
};

async function type(el: GcRegistrationForm, name: string, text: string): Promise<void> {
  const input = control(el, name);
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

describe('<gc-registration-form>', () => {
  describe('rendering', () => {
    it('renders the default form: first and last name required, email, subject, each labelled', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form></gc-registration-form>`);
      const controls = Array.from(root(el).querySelectorAll<HTMLInputElement>('input'));
      expect(controls.map((c) => [c.name, c.type, c.required, c.autocomplete])).to.deep.equal([
        ['firstname', 'text', true, 'given-name'],
        ['lastname', 'text', true, 'family-name'],
        ['email', 'email', false, 'email'],
        ['subject', 'text', false, 'on'],
      ]);
      expect(controls.map((c) => c.labels![0].textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
        'First name (Required)',
        'Last name (Required)',
        'Email',
        'Subject',
      ]);
      expect(root(el).querySelector('form')!.noValidate).to.equal(true);
      expect(submitButton(el).textContent!.trim()).to.equal('Start Chat');
      expect(root(el).querySelector('[part="cancel"]')).to.equal(null);
    });

    it('renders every field type from a Genesys inputs configuration', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form form=${customForm}></gc-registration-form>`);
      expect(control(el, 'firstname').labels![0].textContent).to.contain('First name');
      expect(control(el, 'email').type).to.equal('email');
      expect(control(el, 'phonenumber').type).to.equal('tel');
      expect(control(el, 'phonenumber').autocomplete).to.equal('tel');
      expect(control(el, 'accountNumber').pattern).to.equal('[0-9]{8}');
      expect(control(el, 'accountNumber').maxLength).to.equal(8);
      const select = control(el, 'topic') as unknown as HTMLSelectElement;
      expect(select.localName).to.equal('select');
      expect(select.querySelector('optgroup')!.label).to.equal('Billing');
      expect(Array.from(select.querySelectorAll('optgroup option')).map((o) => o.textContent)).to.deep.equal(['Invoice', 'Refund']);
      expect(control(el, 'message').localName).to.equal('textarea');
      expect(control(el, 'newsletter').type).to.equal('checkbox');
      expect(control(el, 'campaign').type).to.equal('hidden');
      expect(control(el, 'campaign').value).to.equal('spring-sale');
      for (const name of ['firstname', 'email', 'phonenumber', 'accountNumber', 'orderRef', 'topic', 'message', 'newsletter']) {
        const labels = (control(el, name) as HTMLInputElement).labels!;
        expect(labels.length, `label for ${name}`).to.equal(1);
        expect(labels[0].textContent!.trim(), `label for ${name}`).not.to.equal('');
      }
    });

    it('reads <gc-form-field> children, and follows changes to them', async () => {
      const el = await fixture<GcRegistrationForm>(html`
        <gc-registration-form>
          <gc-form-field name="accountNumber" label="Account number" required pattern="[0-9]{8}" pattern-message="Eight digits" maxlength="8"></gc-form-field>
          <gc-form-field name="topic" type="select" label="Topic"><option value="a">A</option><option value="b" selected>B</option></gc-form-field>
        </gc-registration-form>
      `);
      expect(control(el, 'accountNumber').required).to.equal(true);
      expect((control(el, 'topic') as unknown as HTMLSelectElement).value).to.equal('b');
      const extra = document.createElement('gc-form-field');
      extra.setAttribute('name', 'vip');
      extra.setAttribute('type', 'checkbox');
      extra.setAttribute('label', 'VIP');
      el.append(extra);
      await waitUntil(() => control(el, 'vip'), 'the new field appears');
      expect(el.values).to.deep.equal({ accountNumber: '', topic: 'b', vip: false });
    });

    it('takes an already normalised schema from the fields property, over the form attribute', async () => {
      const fields: FormField[] = [
        { name: 'x', type: 'text', label: 'X', value: '', required: false, autocomplete: 'on', validateWhileTyping: true, autofocus: false },
      ];
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form form=${customForm} .fields=${fields}></gc-registration-form>`);
      expect(root(el).querySelectorAll('input').length).to.equal(1);
      expect(control(el, 'x').labels![0].textContent!.trim()).to.equal('X');
    });

    it('renders hostile label, placeholder and option text as text, and ignores the custom HTML key', async () => {
      const hostile = '<img src=x onerror=alert(1)>';
      const warnings: unknown[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
      try {
        const form = JSON.stringify([
          { name: 'a', label: hostile, placeholder: hostile },
          { name: 'b', type: 'select', label: 'B', options: [{ text: hostile, value: 'x' }] },
          { name: 'c', label: 'C', custom: `<b id="injected">${hostile}</b>` },
        ]);
        const el = await fixture<GcRegistrationForm>(html`<gc-registration-form form=${form}></gc-registration-form>`);
        expect(root(el).querySelector('img')).to.equal(null);
        expect(root(el).querySelector('#injected')).to.equal(null);
        expect(control(el, 'a').labels![0].textContent!.trim()).to.equal(hostile);
        expect(control(el, 'a').placeholder).to.equal(hostile);
        expect(root(el).querySelector('option')!.textContent).to.equal(hostile);
        expect(control(el, 'c').type).to.equal('text');
        expect(warnings.join('\n')).to.contain('"custom"');
      } finally {
        console.warn = warn;
      }
    });

    it('picks the string table from lang on the element or an ancestor', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form lang="fr"></gc-registration-form>`);
      expect(control(el, 'firstname').labels![0].textContent).to.contain('Prénom');
      expect(control(el, 'firstname').labels![0].textContent).to.contain('Obligatoire');
      expect(submitButton(el).textContent!.trim()).to.equal('Démarrer le chat');
      el.lang = 'en';
      await el.updateComplete;
      expect(submitButton(el).textContent!.trim()).to.equal('Start Chat');

      // Messages already shown change language with the form.
      await el.submit();
      await el.updateComplete;
      expect(errorFor(el, 'firstname')).to.equal('First name is required.');
      el.lang = 'fr';
      await el.updateComplete;
      expect(errorFor(el, 'firstname')).to.equal('Prénom est obligatoire.');

      const wrapper = await fixture(html`<div lang="fr-CA"><gc-registration-form></gc-registration-form></div>`);
      const inner = wrapper.querySelector('gc-registration-form')!;
      expect(control(inner, 'lastname').labels![0].textContent).to.contain('Nom');
    });

    it('lays out right to left under dir="rtl"', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form dir="rtl"></gc-registration-form>`);
      const label = control(el, 'firstname').labels![0];
      expect(getComputedStyle(label).direction).to.equal('rtl');
      const field = label.parentElement!;
      expect(label.getBoundingClientRect().right).to.be.closeTo(field.getBoundingClientRect().right, 1);
    });

    it('shows a Cancel button only when cancellable, which fires gc-form-cancel', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form cancellable></gc-registration-form>`);
      const cancel = root(el).querySelector<HTMLButtonElement>('[part="cancel"]')!;
      expect(cancel.textContent!.trim()).to.equal('Cancel');
      setTimeout(() => cancel.click());
      const event = await oneEvent(el, 'gc-form-cancel');
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
    });
  });

  describe('accessibility', () => {
    it('the default form is axe-clean', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form cancellable></gc-registration-form>`);
      await expect(el).to.be.accessible();
    });

    it('a custom form with every field type is axe-clean', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form form=${customForm}></gc-registration-form>`);
      await expect(el).to.be.accessible();
    });

    it('the form with errors shown is axe-clean', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form form=${customForm}></gc-registration-form>`);
      await type(el, 'email', 'not-an-email');
      await el.submit();
      expect(root(el).querySelectorAll('[part="error"]').length).to.equal(2);
      await expect(el).to.be.accessible();
    });

    it('keyboard only: Tab reaches every field in order, then the submit button; Enter submits', async () => {
      const wrapper = await fixture(html`<div><button id="before">before</button><gc-registration-form form=${customForm}></gc-registration-form></div>`);
      const el = wrapper.querySelector('gc-registration-form')!;
      wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
      const order: string[] = [];
      for (let i = 0; i < 9; i++) {
        await sendKeys({ press: 'Tab' });
        const active = root(el).activeElement as HTMLInputElement | null;
        order.push(active?.getAttribute('name') ?? active?.getAttribute('part') ?? '(outside)');
      }
      expect(order).to.deep.equal(['firstname', 'email', 'phonenumber', 'accountNumber', 'orderRef', 'topic', 'message', 'newsletter', 'submit']);

      control(el, 'firstname').focus();
      await sendKeys({ type: 'Ada' });
      const submitted = oneEvent(el, 'gc-form-submit');
      await sendKeys({ press: 'Enter' });
      const event = (await submitted) as CustomEvent<FormSubmitDetail>;
      expect(event.detail.values.firstname).to.equal('Ada');
    });
  });

  describe('validation', () => {
    it('submitting empty required fields shows linked messages, a summary, and moves focus to the first invalid field', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form></gc-registration-form>`);
      let submitted = false;
      el.addEventListener('gc-form-submit', () => (submitted = true));
      submitButton(el).click();
      await waitUntil(() => root(el).querySelector('[part="error"]'));
      await el.updateComplete;
      expect(submitted).to.equal(false);
      expect(control(el, 'firstname').getAttribute('aria-invalid')).to.equal('true');
      expect(errorFor(el, 'firstname')).to.contain('First name is required.');
      expect(errorFor(el, 'lastname')).to.contain('Last name is required.');
      expect(control(el, 'email').hasAttribute('aria-invalid')).to.equal(false);
      expect(control(el, 'email').hasAttribute('aria-describedby')).to.equal(false);
      const summary = root(el).querySelector('[part="summary"]')!;
      expect(summary.getAttribute('role')).to.equal('alert');
      expect(summary.textContent).to.contain('Please correct 2 fields before starting the chat.');
      expect(root(el).activeElement).to.equal(control(el, 'firstname'));
    });

    it('checks email addresses, patterns (with the field\'s own message or the built-in one) and maxlength', async () => {
      const el = await fixture<GcRegistrationForm>(
        html`<gc-registration-form form=${customForm} .prefill=${{ message: 'x'.repeat(501) }}></gc-registration-form>`,
      );
      await type(el, 'firstname', 'Ada');
      await type(el, 'email', 'ada@');
      await type(el, 'accountNumber', '1234');
      await type(el, 'orderRef', 'abc');
      expect(await el.submit()).to.equal(false);
      await el.updateComplete;
      expect(errorFor(el, 'email')).to.equal('Email address must be an email address, like name@example.com.');
      expect(errorFor(el, 'accountNumber')).to.equal('Enter the eight digits on your card.');
      expect(errorFor(el, 'orderRef')).to.equal('Order reference is not in the expected format.');
      expect(errorFor(el, 'message')).to.equal('Message can be at most 500 characters.');
      expect(root(el).activeElement).to.equal(control(el, 'email'));
      expect(root(el).querySelector('[part="summary"]')!.textContent).to.contain('4 fields');
    });

    it('validates a touched field on change, and clears the error while typing once it is fixed', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form></gc-registration-form>`);
      // Tabbing through an untouched field says nothing.
      control(el, 'firstname').focus();
      control(el, 'firstname').blur();
      await el.updateComplete;
      expect(errorFor(el, 'firstname')).to.equal(undefined);

      await type(el, 'email', 'nope');
      expect(errorFor(el, 'email')).to.contain('must be an email address');
      expect(root(el).querySelector('[part="summary"]')!.textContent!.trim()).to.equal('');
      const input = control(el, 'email');
      input.value = 'nope@example.com';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await el.updateComplete;
      expect(errorFor(el, 'email')).to.equal(undefined);
      expect(input.hasAttribute('aria-invalid')).to.equal(false);
    });

    it('does not re-validate on each keystroke when validateWhileTyping is false', async () => {
      const form = JSON.stringify([{ name: 'code', label: 'Code', pattern: '[0-9]+', validateWhileTyping: false }]);
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form form=${form}></gc-registration-form>`);
      await type(el, 'code', 'x');
      expect(errorFor(el, 'code')).to.contain('not in the expected format');
      const input = control(el, 'code');
      input.value = '12';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await el.updateComplete;
      expect(errorFor(el, 'code')).to.contain('not in the expected format');
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      expect(errorFor(el, 'code')).to.equal(undefined);
    });

    it('a required field holding only spaces is still missing', async () => {
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form .prefill=${{ firstname: '   ', lastname: 'L' }}></gc-registration-form>`);
      expect(await el.submit()).to.equal(false);
      await el.updateComplete;
      expect(errorFor(el, 'firstname')).to.equal('First name is required.');
      expect(control(el, 'firstname').validity.valid).to.equal(false);
    });

    it('a required checkbox must be checked', async () => {
      const form = JSON.stringify([{ name: 'terms', type: 'checkbox', label: 'I accept the terms', required: true }]);
      const el = await fixture<GcRegistrationForm>(html`<gc-registration-form form=${form}></gc-registration-form>`);
      expect(await el.submit()).to.equal(false);
      await el.updateComplete;
      expect(errorFor(el, 'terms')).to.equal('I accept the terms is required.');
      control(el, 'terms').click();
      await el.updateComplete;
      expect(errorFor(el, 'terms')).to.equal(undefined);
      expect(await el.submit()).to.equal(true);
    });
  });

  describe('configuration errors', () => {
    it('malformed form JSON renders a specific error and fires gc-error, with no fallback form', async () => {
      const events: CustomEvent[] = [];
      const wrapper = await fixture(
        html`<div @gc-error=${(e: CustomEvent) => events.push(e)}><gc-registration-form form='{"inputs": [ {name: 1} ]}'></gc-registration-form></div>`,
      );
      const el = wrapper.querySelector('gc-registration-form')!;
      const error = root(el).querySelector('[part="config-error"]')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(error.textContent).to.contain('This chat is not configured correctly');
      expect(error.textContent).to.contain('form attribute is not valid JSON');
      expect(root(el).querySelector('form')).to.equal(null);
      expect(events).to.have.length(1);
      expect(events[0].detail.code).to.equal('form.invalid');
      expect(events[0].detail.message).to.contain('form attribute is not valid JSON');
      expect(events[0].composed).to.equal(true);
      await expect(el).to.be.accessible();

      el.setAttribute('form', '[{"name": "a", "type": "radio"}]');
      await el.updateComplete;
      expect(root(el).querySelector('[part="config-error"]')!.textContent).to.contain('unknown type "radio"');
      expect(events).to.have.length(2);

      el.setAttribute('form', '[{"name": "a"}]');
      await el.updateComplete;
      expect(root(el).querySelector('[part="config-error"]')).to.equal(null);
      expect(control(el, 'a')).to.exist;
    });

    it('malformed prefill JSON is an error too', async () => {
      const wrapper = await fixture(html`<div><gc-registration-form prefill="{firstname: Ada}"></gc-registration-form></div>`);
      const el = wrapper.querySelector('gc-registration-form')!;
      expect(root(el).querySelector('[part="config-error"]')!.textContent).to.contain('prefill attribute is not valid JSON');
    });
  });

  describe('submitting', () => {
    it('starts the chat with the standard fields and every field in form, after gc-form-submit', async () => {
      const session = new FakeSession();
      const el = await fixture<GcRegistrationForm>(
        html`<gc-registration-form form=${customForm} .session=${session.asSession}></gc-registration-form>`,
      );
      await type(el, 'firstname', 'Ada');
      await type(el, 'email', 'ada@example.com');
      await type(el, 'accountNumber', '12345678');
      control(el, 'newsletter').click();
      const submitted = oneEvent(el, 'gc-form-submit');
      const result = el.submit();
      const event = (await submitted) as CustomEvent<FormSubmitDetail>;
      expect(event.cancelable).to.equal(true);
      expect(event.composed).to.equal(true);
      expect(await result).to.equal(true);
      const expected = {
        firstname: 'Ada',
        email: 'ada@example.com',
        phonenumber: '',
        accountNumber: '12345678',
        orderRef: '',
        topic: 'invoice',
        message: '',
        newsletter: true,
        campaign: 'spring-sale',
      };
      expect(event.detail.values).to.deep.equal(expected);
      expect(session.starts).to.deep.equal([{ firstname: 'Ada', email: 'ada@example.com', form: expected }]);
      expect(session.notes).to.deep.equal([{ prefilled: false, autoSubmitted: false }]);
    });

    it('does not start when gc-form-submit is canceled', async () => {
      const session = new FakeSession();
      const el = await fixture<GcRegistrationForm>(
        html`<gc-registration-form .session=${session.asSession} .prefill=${{ firstname: 'A', lastname: 'B' }}></gc-registration-form>`,
      );
      el.addEventListener('gc-form-submit', (event) => event.preventDefault());
      expect(await el.submit()).to.equal(false);
      expect(session.starts).to.have.length(0);
    });

    it('finds the session of a surrounding provider through context', async () => {
      const session = new FakeSession();
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      new ContextProvider(host, { context: sessionContext, initialValue: session.asSession });
      const el = document.createElement('gc-registration-form');
      el.prefill = { firstname: 'Ada', lastname: 'Lovelace' };
      host.append(el);
      await el.updateComplete;
      expect(el.boundSession).to.equal(session.asSession);
      await el.submit();
      expect(session.starts[0].lastname).to.equal('Lovelace');
    });

    it('shows a busy submit button while starting, then the failure with its reason, keeping the values', async () => {
      const session = new FakeSession();
      let fail!: (error: Error) => void;
      session.result = () => new Promise((_, reject) => (fail = reject));
      const el = await fixture<GcRegistrationForm>(
        html`<gc-registration-form .session=${session.asSession} .prefill=${{ firstname: 'Ada', lastname: 'Lovelace' }}></gc-registration-form>`,
      );
      const result = el.submit();
      await waitUntil(() => submitButton(el).getAttribute('aria-busy') === 'true');
      expect(submitButton(el).textContent!.trim()).to.equal('Starting your chat…');
      expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
      expect(root(el).querySelector('[role="status"]')!.textContent).to.contain('Starting your chat…');
      // A second submit while busy is ignored.
      expect(await el.submit()).to.equal(false);
      expect(session.starts).to.have.length(1);

      fail(new SessionError('Queue is closed.', 'rejected'));
      expect(await result).to.equal(false);
      await el.updateComplete;
      const alert = root(el).querySelector('[part="start-error"]')!;
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(alert.textContent).to.contain('The chat could not be started. Please try again in a moment. Queue is closed.');
      expect(submitButton(el).getAttribute('aria-busy')).to.equal('false');
      expect(control(el, 'firstname').value).to.equal('Ada');
      expect(control(el, 'lastname').value).to.equal('Lovelace');
      await expect(el).to.be.accessible();
    });
  });

  describe('prefill and auto-submit', () => {
    it('fills fields from the prefill property and records prefilled', async () => {
      const session = new FakeSession();
      const el = await fixture<GcRegistrationForm>(
        html`<gc-registration-form
          form=${customForm}
          .session=${session.asSession}
          .prefill=${{ firstname: 'Ada', newsletter: true, topic: 'refund', unknown: 'ignored' }}
        ></gc-registration-form>`,
      );
      expect(control(el, 'firstname').value).to.equal('Ada');
      expect(control(el, 'newsletter').checked).to.equal(true);
      expect((control(el, 'topic') as unknown as HTMLSelectElement).value).to.equal('refund');
      expect(session.notes).to.deep.include({ prefilled: true });
      expect(session.starts).to.have.length(0);
    });

    it('fills fields from the prefill attribute (JSON)', async () => {
      const el = await fixture<GcRegistrationForm>(
        html`<gc-registration-form prefill='{"firstname": "Ada", "email": "ada@example.com"}'></gc-registration-form>`,
      );
      expect(control(el, 'firstname').value).to.equal('Ada');
      expect(control(el, 'email').value).to.equal('ada@example.com');
    });

    it('auto-submit starts the chat at once when the prefilled form is valid', async () => {
      const session = new FakeSession();
      await fixture<GcRegistrationForm>(
        html`<gc-registration-form
          auto-submit
          .session=${session.asSession}
          .prefill=${{ firstname: 'Ada', lastname: 'Lovelace', subject: 'Help' }}
        ></gc-registration-form>`,
      );
      await waitUntil(() => session.starts.length === 1, 'startChat called');
      expect(session.starts[0]).to.include({ firstname: 'Ada', lastname: 'Lovelace', subject: 'Help' });
      expect(session.notes.at(-1)).to.deep.equal({ prefilled: true, autoSubmitted: true });
    });

    it('auto-submit with an invalid prefilled form stays on the form with its errors', async () => {
      const session = new FakeSession();
      const el = await fixture<GcRegistrationForm>(
        html`<gc-registration-form auto-submit .session=${session.asSession} .prefill=${{ firstname: 'Ada', email: 'nope' }}></gc-registration-form>`,
      );
      await waitUntil(() => root(el).querySelector('[part="summary"]')!.textContent!.trim() !== '', 'summary shown');
      expect(session.starts).to.have.length(0);
      expect(errorFor(el, 'lastname')).to.contain('is required');
      expect(errorFor(el, 'email')).to.contain('must be an email address');
      expect(root(el).activeElement).to.equal(control(el, 'lastname'));
    });
  });

  describe('end to end with the local Genesys Cloud', () => {
    it('a custom field and a checkbox arrive as customFields of the customer', async () => {
      const session = new ChatSession({
        transport: 'purecloud-v2-sockets',
        dataUrl: GC_SERVER_URL,
        deploymentKey: '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e',
        orgGuid: '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c',
        targetType: 'QUEUE',
        targetAddress: 'Manual',
        storage: null,
      });
      const started = new Promise<SessionData>((resolve) => session.on('started', ({ session: data }) => resolve(data)));
      const el = await fixture<GcRegistrationForm>(html`
        <gc-registration-form .session=${session}>
          <gc-form-field name="firstname" label="First name" required></gc-form-field>
          <gc-form-field name="lastname" label="Last name"></gc-form-field>
          <gc-form-field name="accountNumber" label="Account number" required pattern="[0-9]{8}" pattern-message="Eight digits" maxlength="8"></gc-form-field>
          <gc-form-field name="vip" type="checkbox" label="I am a VIP"></gc-form-field>
          <gc-form-field name="source" type="hidden" value="form-test"></gc-form-field>
        </gc-registration-form>
      `);
      await type(el, 'firstname', 'Ada');
      await type(el, 'lastname', 'Lovelace');
      await type(el, 'accountNumber', '12345678');
      control(el, 'vip').click();
      try {
        expect(await el.submit()).to.equal(true);
        const { sessionId } = await started;
        const response = await fetch(`${location.origin}/control/chats/${sessionId}`);
        expect(response.ok).to.equal(true);
        const chat = (await response.json()) as { customer: { displayName: string; customFields: Record<string, string> } };
        expect(chat.customer.displayName).to.equal('Ada Lovelace');
        expect(chat.customer.customFields).to.include({
          firstName: 'Ada',
          lastName: 'Lovelace',
          accountNumber: '12345678',
          vip: 'true',
          source: 'form-test',
        });
      } finally {
        if (session.active) await session.endChat();
      }
    });
  });
});
