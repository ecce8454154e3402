import { expect } from '@open-wc/testing';
import {
  FormSchemaError,
  allOptions,
  defaultFormSchema,
  parseFormSchema,
  schemaFromElements,
  schemaFromObject,
} from '../../src/elements/form-schema.js';

function errorOf(fn: () => unknown): FormSchemaError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(FormSchemaError);
    return error as FormSchemaError;
  }
  throw new Error('expected a FormSchemaError');
}

function elements(markup: string): Element[] {
  const template = document.createElement('template');
  template.innerHTML = markup;
  return Array.from(template.content.children);
}

// The default form of Genesys Widgets v2, as a customer would paste it.
const genesysDefault = JSON.stringify({
  wrapper: "<table role='none'></table>",
  inputs: [
    {
      id: 'cx_webchat_form_firstname',
      name: 'firstname',
      maxlength: '100',
      placeholder: '@i18n:webchat.ChatFormPlaceholderFirstName',
      label: '@i18n:webchat.ChatFormFirstName',
      autofocus: true,
    },
    {
      id: 'cx_webchat_form_lastname',
      name: 'lastname',
      maxlength: '100',
      placeholder: '@i18n:webchat.ChatFormPlaceholderLastName',
      label: '@i18n:webchat.ChatFormLastName',
    },
    {
      id: 'cx_webchat_form_email',
      name: 'email',
      maxlength: '100',
      placeholder: '@i18n:webchat.ChatFormPlaceholderEmail',
      label: '@i18n:webchat.ChatFormEmail',
    },
    {
      id: 'cx_webchat_form_subject',
      name: 'subject',
      maxlength: '100',
      placeholder: '@i18n:webchat.ChatFormPlaceholderSubject',
      label: '@i18n:webchat.ChatFormSubject',
    },
  ],
});

describe('form schema', () => {
  describe('parseFormSchema (Genesys inputs format)', () => {
    it('reads the Genesys default form: @i18n labels map to built-in strings, maxlength becomes a number', () => {
      const { fields, warnings } = parseFormSchema(genesysDefault);
      expect(fields.map((f) => f.name)).to.deep.equal(['firstname', 'lastname', 'email', 'subject']);
      expect(fields.map((f) => f.labelKey)).to.deep.equal(['firstname', 'lastname', 'email', 'subject']);
      expect(fields[0].maxlength).to.equal(100);
      expect(fields[0].autofocus).to.equal(true);
      expect(fields[0].type).to.equal('text');
      // The Genesys placeholders only said Required/Optional: they now say what is true of the field.
      expect(fields[0].placeholderKey).to.equal('optional');
      expect(fields[0].placeholder).to.equal(undefined);
      expect(warnings).to.deep.equal([]);
    });

    it('accepts a bare array of inputs', () => {
      const { fields } = parseFormSchema('[{"name": "orderId", "label": "Order"}]');
      expect(fields).to.have.length(1);
      expect(fields[0]).to.include({ name: 'orderId', label: 'Order', type: 'text', required: false, value: '' });
    });

    it('reads every field type with its attributes', () => {
      const { fields } = parseFormSchema(
        JSON.stringify({
          inputs: [
            { name: 'email', type: 'email', label: 'Email', placeholder: 'you@example.com', required: true },
            { name: 'phonenumber', type: 'tel', label: 'Phone' },
            { name: 'accountNumber', label: { text: 'Account number', class: 'x' }, pattern: '[0-9]{8}', patternMessage: 'Eight digits', maxlength: 8, value: '1234' },
            { name: 'message', type: 'textarea', label: 'Message', rows: '5', validateWhileTyping: false },
            { name: 'newsletter', type: 'checkbox', label: 'Send me news', checked: true },
            { name: 'campaign', type: 'hidden', value: 'spring' },
            { name: 'count', type: 'number', value: 3 },
          ],
        }),
      );
      const [email, phone, account, message, checkbox, hidden, count] = fields;
      expect(email).to.include({ type: 'email', required: true, placeholder: 'you@example.com', autocomplete: 'email' });
      expect(phone).to.include({ type: 'tel', autocomplete: 'tel', required: false });
      expect(account).to.include({ label: 'Account number', pattern: '[0-9]{8}', patternMessage: 'Eight digits', maxlength: 8, value: '1234' });
      expect(message).to.include({ type: 'textarea', rows: 5, validateWhileTyping: false });
      expect(checkbox).to.include({ type: 'checkbox', value: true });
      expect(hidden).to.include({ type: 'hidden', value: 'spring' });
      expect(count).to.include({ type: 'number', value: '3' });
    });

    it('accepts "pattern-message" as well as "patternMessage"', () => {
      const { fields } = parseFormSchema('[{"name": "zip", "pattern": "[0-9]{5}", "pattern-message": "Five digits"}]');
      expect(fields[0].patternMessage).to.equal('Five digits');
    });

    it('fills in autocomplete from the name unless given', () => {
      const { fields } = parseFormSchema(
        JSON.stringify([
          { name: 'firstname' },
          { name: 'lastname' },
          { name: 'email' },
          { name: 'phonenumber' },
          { name: 'phone' },
          { name: 'subject' },
          { name: 'email2', autocomplete: 'off' },
          { name: 'lastname2', autocomplete: 'family-name' },
        ]),
      );
      expect(fields.map((f) => f.autocomplete)).to.deep.equal(['given-name', 'family-name', 'email', 'tel', 'tel', 'on', 'off', 'family-name']);
    });

    it('builds a select with option groups: options after a group belong to it until the next group', () => {
      const { fields } = parseFormSchema(
        JSON.stringify([
          {
            name: 'topic',
            type: 'select',
            label: 'Topic',
            options: [
              { text: 'Choose…', value: '' },
              { text: 'Billing', group: true },
              { text: 'Invoice', value: 'invoice' },
              { text: 'Refund', value: 'refund', selected: true },
              { text: 'Technical', group: true },
              { text: 'Login', value: 'login', disabled: true },
              { text: 'Other' },
            ],
          },
        ]),
      );
      const [topic] = fields;
      expect(topic.options).to.deep.equal([
        { kind: 'option', text: 'Choose…', value: '', selected: false, disabled: false },
        {
          kind: 'group',
          label: 'Billing',
          options: [
            { text: 'Invoice', value: 'invoice', selected: false, disabled: false },
            { text: 'Refund', value: 'refund', selected: true, disabled: false },
          ],
        },
        {
          kind: 'group',
          label: 'Technical',
          options: [
            { text: 'Login', value: 'login', selected: false, disabled: true },
            // Without a value, the option's text is its value (as in HTML).
            { text: 'Other', value: 'Other', selected: false, disabled: false },
          ],
        },
      ]);
      expect(topic.value).to.equal('refund');
      expect(allOptions(topic.options!).map((o) => o.value)).to.deep.equal(['', 'invoice', 'refund', 'login', 'Other']);
    });

    it('a select starts on what the browser shows: the selected option, else the first enabled one, else its placeholder', () => {
      const { fields } = parseFormSchema(
        JSON.stringify([
          { name: 'a', type: 'select', options: [{ text: 'Off', value: 'off', disabled: true }, { text: 'One', value: '1' }] },
          { name: 'b', type: 'select', placeholder: 'Pick one', options: [{ text: 'One', value: '1' }] },
          { name: 'c', type: 'select', value: '2', options: [{ text: 'One', value: '1' }, { text: 'Two', value: '2' }] },
        ]),
      );
      expect(fields.map((f) => f.value)).to.deep.equal(['1', '', '2']);
    });

    it('a group with its own "options" array closes after them', () => {
      const [field] = parseFormSchema(
        '[{"name": "t", "type": "select", "options": [{"text": "G", "group": true, "options": [{"text": "A"}]}, {"text": "B"}]}]',
      ).fields;
      expect(field.options!.map((e) => e.kind)).to.deep.equal(['group', 'option']);
    });

    it('maps known @i18n labels to built-in strings and falls back to the field name for unknown ones', () => {
      const { fields } = parseFormSchema(
        JSON.stringify([
          { name: 'nickname', label: '@i18n:webchat.ChatFormNickname' },
          { name: 'orderRef', label: '@i18n:webchat.SomethingCustom', placeholder: '@i18n:webchat.SomethingElse' },
          { name: 'firstname', label: '@i18n:ChatFormFirstName', required: true, placeholder: '@i18n:webchat.ChatFormPlaceholderFirstName' },
        ]),
      );
      expect(fields[0].labelKey).to.equal('nickname');
      expect(fields[1].labelKey).to.equal(undefined);
      expect(fields[1].label).to.equal('orderRef');
      expect(fields[1].placeholder).to.equal(undefined);
      expect(fields[2].labelKey).to.equal('firstname');
      expect(fields[2].placeholderKey).to.equal('required');
    });

    it('ignores the "custom" raw-HTML key and reports it in warnings', () => {
      const { fields, warnings } = parseFormSchema(
        JSON.stringify([{ name: 'x', label: 'X', custom: '<img src=x onerror=alert(1)>' }]),
      );
      expect(fields[0]).to.include({ name: 'x', type: 'text' });
      expect(JSON.stringify(fields)).not.to.contain('onerror');
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('"custom"').and.contain('inputs[0] ("x")');
    });

    it('accepts HTML-style boolean strings for required', () => {
      const { fields } = parseFormSchema('[{"name":"a","required":"required"},{"name":"b","required":"true"},{"name":"c","required":"false"}]');
      expect(fields.map((f) => f.required)).to.deep.equal([true, true, false]);
    });
  });

  describe('errors', () => {
    it('malformed JSON names the parser problem', () => {
      const error = errorOf(() => parseFormSchema('{"inputs": [ {name: "x"} ]}'));
      expect(error.message).to.match(/^form attribute is not valid JSON: /);
      expect(error.message).to.contain("position 14");
      expect(error.code).to.equal('form.invalid');
    });

    it('an object without inputs', () => {
      expect(errorOf(() => parseFormSchema('{"wrapper": "<table>"}')).message).to.contain('"inputs" array');
    });

    it('inputs that are not an array, and a top level that is neither object nor array', () => {
      expect(errorOf(() => parseFormSchema('{"inputs": {"name": "x"}}')).message).to.equal('form "inputs" must be an array, not an object.');
      expect(errorOf(() => parseFormSchema('"firstname"')).message).to.contain('not string "firstname"');
    });

    it('an empty form', () => {
      expect(errorOf(() => parseFormSchema('[]')).message).to.contain('no inputs');
    });

    it('a missing name', () => {
      const error = errorOf(() => parseFormSchema('[{"name": "a"}, {"label": "No name"}]'));
      expect(error.message).to.equal('inputs[1]: missing "name" (every field needs a name; it becomes the userData key).');
    });

    it('an input that is not an object', () => {
      expect(errorOf(() => parseFormSchema('["firstname"]')).message).to.contain('inputs[0]: an input must be an object');
    });

    it('an unknown type', () => {
      const error = errorOf(() => parseFormSchema('[{"name": "pick", "type": "radio"}]'));
      expect(error.message).to.contain('inputs[0] ("pick"): unknown type "radio"');
      expect(error.message).to.contain('text, email, tel');
    });

    it('duplicate names', () => {
      const error = errorOf(() => parseFormSchema('[{"name": "email"}, {"name": "x"}, {"name": "email"}]'));
      expect(error.message).to.equal('inputs[2]: duplicate name "email" (already used by inputs[0]).');
    });

    it('a select without options, or with only groups', () => {
      expect(errorOf(() => parseFormSchema('[{"name": "topic", "type": "select"}]')).message).to.equal(
        'inputs[0] ("topic"): a select needs an "options" array.',
      );
      expect(errorOf(() => parseFormSchema('[{"name": "topic", "type": "select", "options": []}]')).message).to.contain(
        'at least one option',
      );
      expect(
        errorOf(() => parseFormSchema('[{"name": "topic", "type": "select", "options": [{"text": "G", "group": true}]}]')).message,
      ).to.contain('at least one option');
    });

    it('a bad maxlength, pattern or label', () => {
      expect(errorOf(() => parseFormSchema('[{"name": "a", "maxlength": "ten"}]')).message).to.contain('maxlength must be a positive whole number');
      expect(errorOf(() => parseFormSchema('[{"name": "a", "pattern": "[0-9"}]')).message).to.contain('is not a valid regular expression');
      expect(errorOf(() => parseFormSchema('[{"name": "a", "label": 42}]')).message).to.contain('label must be text');
      expect(errorOf(() => parseFormSchema('[{"name": "a", "required": "yes"}]')).message).to.contain('required must be true or false');
    });

    it('refuses names that would reach the object prototype', () => {
      expect(errorOf(() => parseFormSchema('[{"name": "__proto__"}]')).message).to.contain('cannot be used as a field name');
    });

    it('schemaFromObject takes an already parsed formJSON', () => {
      expect(schemaFromObject({ inputs: [{ name: 'a' }] }).fields[0].name).to.equal('a');
      expect(errorOf(() => schemaFromObject(null)).message).to.contain('not null');
    });
  });

  describe('schemaFromElements', () => {
    it('reads <gc-form-field> attributes', () => {
      const { fields } = schemaFromElements(
        elements(`
          <gc-form-field name="accountNumber" label="Account number" type="text" required pattern="[0-9]{8}"
            pattern-message="Eight digits" maxlength="8"></gc-form-field>
          <gc-form-field name="notes" type="textarea" label="Notes" validate-while-typing="false"></gc-form-field>
          <gc-form-field name="terms" type="checkbox" label="I accept" required checked></gc-form-field>
          <gc-form-field name="ref" type="hidden" value="abc"></gc-form-field>
        `),
      );
      expect(fields[0]).to.include({
        name: 'accountNumber',
        label: 'Account number',
        type: 'text',
        required: true,
        pattern: '[0-9]{8}',
        patternMessage: 'Eight digits',
        maxlength: 8,
        autocomplete: 'on',
      });
      expect(fields[1]).to.include({ type: 'textarea', validateWhileTyping: false, required: false });
      expect(fields[2]).to.include({ type: 'checkbox', required: true, value: true });
      expect(fields[3]).to.include({ type: 'hidden', value: 'abc' });
    });

    it('takes a select field\'s options from <option> and <optgroup> children', () => {
      const [field] = schemaFromElements(
        elements(`
          <gc-form-field name="topic" type="select" label="Topic">
            <option value="">Choose…</option>
            <optgroup label="Billing"><option value="invoice">Invoice</option><option value="refund" selected>Refund</option></optgroup>
            <option>Other</option>
          </gc-form-field>
        `),
      ).fields;
      expect(field.options).to.deep.equal([
        { kind: 'option', text: 'Choose…', value: '', selected: false, disabled: false },
        {
          kind: 'group',
          label: 'Billing',
          options: [
            { text: 'Invoice', value: 'invoice', selected: false, disabled: false },
            { text: 'Refund', value: 'refund', selected: true, disabled: false },
          ],
        },
        // </optgroup> closes the group: the option after it stays at the top level.
        { kind: 'option', text: 'Other', value: 'Other', selected: false, disabled: false },
      ]);
      expect(field.value).to.equal('refund');
    });

    it('reports a missing name and foreign elements with their position', () => {
      expect(errorOf(() => schemaFromElements(elements('<gc-form-field label="x"></gc-form-field>'))).message).to.equal(
        '<gc-form-field> #1: missing "name" (every field needs a name; it becomes the userData key).',
      );
      expect(errorOf(() => schemaFromElements(elements('<gc-form-field name="a"></gc-form-field><div></div>'))).message).to.contain(
        '<div> #2: expected a <gc-form-field>',
      );
      expect(errorOf(() => schemaFromElements(elements('<gc-form-field name="s" type="select"></gc-form-field>'))).message).to.contain(
        'a select needs an "options" array',
      );
    });
  });

  it('the default schema is first name and last name (required), email (type email) and subject', () => {
    const { fields } = defaultFormSchema();
    expect(fields.map((f) => [f.name, f.type, f.required, f.autocomplete])).to.deep.equal([
      ['firstname', 'text', true, 'given-name'],
      ['lastname', 'text', true, 'family-name'],
      ['email', 'email', false, 'email'],
      ['subject', 'text', false, 'on'],
    ]);
  });
});
