// The registration form's schema: read from the Genesys Widgets v2 `inputs` JSON a customer already has, or
// from <gc-form-field> child elements, and normalised into one typed shape the element renders. Pure
// functions: no DOM writes, no console; anything the page author should hear about comes back as a
// FormSchemaError (fatal) or in `warnings` (ignored keys).

/** Field types the form renders. Anything else in a configuration is an error, not a guess. */
export const FIELD_TYPES = ['text', 'email', 'tel', 'url', 'number', 'select', 'checkbox', 'textarea', 'hidden'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Built-in strings a label or placeholder can point at (keys of the i18n table). */
export type TextKey = 'firstname' | 'lastname' | 'email' | 'subject' | 'nickname' | 'required' | 'optional';

export interface SelectOption {
  text: string;
  value: string;
  selected: boolean;
  disabled: boolean;
}

export interface OptionGroup {
  label: string;
  options: SelectOption[];
}

/** One select entry: an option at the top level, or an <optgroup> with its options. */
export type SelectEntry = ({ kind: 'option' } & SelectOption) | ({ kind: 'group' } & OptionGroup);

export interface FormField {
  name: string;
  type: FieldType;
  /** The label text; when `labelKey` is set, the built-in string in the form's language replaces it. */
  label: string;
  labelKey?: TextKey;
  placeholder?: string;
  placeholderKey?: TextKey;
  /** Initial value: text for every type but checkbox, whose value is whether it is checked. */
  value: string | boolean;
  required: boolean;
  /** An HTML pattern (the whole value must match). */
  pattern?: string;
  /** The field's own message when the pattern does not match. */
  patternMessage?: string;
  maxlength?: number;
  autocomplete: string;
  /** false: do not re-validate on each keystroke (only on change, blur and submit). */
  validateWhileTyping: boolean;
  autofocus: boolean;
  /** select only. */
  options?: SelectEntry[];
  /** textarea only. */
  rows?: number;
}

export interface FormSchema {
  fields: FormField[];
  /** Keys that were present but deliberately not honoured (e.g. `custom` raw HTML). */
  warnings: string[];
}

export class FormSchemaError extends Error {
  readonly code = 'form.invalid';
  constructor(message: string) {
    super(message);
    this.name = 'FormSchemaError';
  }
}

/** Names the chat itself uses; every other field becomes userData by its name. */
export const STANDARD_FIELDS = ['firstname', 'lastname', 'email', 'subject', 'nickname'] as const;

const AUTOCOMPLETE: Record<string, string> = {
  firstname: 'given-name',
  lastname: 'family-name',
  nickname: 'nickname',
  email: 'email',
  phonenumber: 'tel',
  phone: 'tel',
};

// `@i18n:webchat.ChatFormFirstName` and friends from pasted Genesys configurations: a reference, and the keys
// that name a standard field (as a label, or with "Placeholder" as a placeholder).
const I18N_REFERENCE = /^@i18n:(?:[\w-]+\.)?([\w-]+)$/i;
const I18N_FIELD_KEY = new RegExp(`^chatform(placeholder)?(${STANDARD_FIELDS.join('|')})$`, 'i');

/** The form shown when none is configured: the Genesys default's four fields, first and last name required. */
export function defaultFormSchema(): FormSchema {
  const field = (name: TextKey, extra: Partial<FormField> = {}): FormField => ({
    name,
    type: 'text',
    label: name,
    labelKey: name,
    value: '',
    required: false,
    maxlength: 100,
    autocomplete: (Object.hasOwn(AUTOCOMPLETE, name) ? AUTOCOMPLETE[name] : undefined) ?? 'on',
    validateWhileTyping: true,
    autofocus: false,
    ...extra,
  });
  return {
    fields: [
      field('firstname', { required: true, autofocus: true }),
      field('lastname', { required: true }),
      field('email', { type: 'email' }),
      field('subject'),
    ],
    warnings: [],
  };
}

/**
 * Parses the `form` attribute: `{"wrapper": "…", "inputs": [ … ]}` as Genesys Widgets v2 takes it, or a bare
 * array of inputs. Throws FormSchemaError naming the input and the problem.
 */
export function parseFormSchema(json: string): FormSchema {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new FormSchemaError(`form attribute is not valid JSON: ${(error as Error).message}`);
  }
  return schemaFromObject(parsed);
}

/** The same as parseFormSchema for an already parsed value (a `formJSON` object). */
export function schemaFromObject(config: unknown): FormSchema {
  let inputs: unknown;
  if (Array.isArray(config)) {
    inputs = config;
  } else if (isObject(config)) {
    if (!('inputs' in config)) throw new FormSchemaError('form must have an "inputs" array (or be an array of inputs).');
    inputs = config.inputs;
    if (!Array.isArray(inputs)) throw new FormSchemaError(`form "inputs" must be an array, not ${describeType(inputs)}.`);
  } else {
    throw new FormSchemaError(`form must be an object with an "inputs" array or an array of inputs, not ${describeType(config)}.`);
  }
  return normalise(
    (inputs as unknown[]).map((input, index) => ({ raw: input, where: `inputs[${index}]` })),
  );
}

/**
 * Reads `<gc-form-field>` elements declared with attributes:
 * `<gc-form-field name="accountNumber" label="Account number" required pattern="[0-9]{8}" pattern-message="Eight digits">`.
 * A select field takes its options from `<option>` and `<optgroup>` children.
 */
export function schemaFromElements(elements: Element[]): FormSchema {
  return normalise(
    elements.map((element, index) => {
      const where = `<${element.localName}> #${index + 1}`;
      if (element.localName !== 'gc-form-field') {
        throw new FormSchemaError(`${where}: expected a <gc-form-field> element.`);
      }
      return { raw: inputFromElement(element), where };
    }),
  );
}

function inputFromElement(element: Element): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const attribute of Array.from(element.attributes)) {
    // pattern-message → patternMessage, validate-while-typing → validateWhileTyping, as in the JSON.
    raw[attribute.name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())] = attribute.value;
  }
  // As on HTML boolean attributes, any value but "false" turns a flag on.
  for (const flag of ['required', 'checked', 'autofocus', 'validateWhileTyping']) {
    if (flag in raw) raw[flag] = raw[flag] !== 'false';
  }
  const options: Record<string, unknown>[] = [];
  const readOption = (option: Element) => ({
    text: option.textContent?.trim() ?? '',
    ...(option.hasAttribute('value') ? { value: option.getAttribute('value') } : {}),
    selected: option.hasAttribute('selected'),
    disabled: option.hasAttribute('disabled'),
  });
  for (const child of Array.from(element.children)) {
    if (child.localName === 'option') options.push(readOption(child));
    if (child.localName === 'optgroup') {
      // A nested options list closes the group, as </optgroup> does.
      const grouped = Array.from(child.children).filter((option) => option.localName === 'option');
      options.push({ text: child.getAttribute('label') ?? '', group: true, options: grouped.map(readOption) });
    }
  }
  if (options.length > 0) raw.options = options;
  return raw;
}

function normalise(entries: { raw: unknown; where: string }[]): FormSchema {
  if (entries.length === 0) throw new FormSchemaError('form has no inputs: give at least one field.');
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  const fields = entries.map(({ raw, where }) => {
    const field = normaliseInput(raw, where, warnings);
    const earlier = seen.get(field.name);
    if (earlier) throw new FormSchemaError(`${where}: duplicate name "${field.name}" (already used by ${earlier}).`);
    seen.set(field.name, where);
    return field;
  });
  return { fields, warnings };
}

function normaliseInput(raw: unknown, where: string, warnings: string[]): FormField {
  if (!isObject(raw)) throw new FormSchemaError(`${where}: an input must be an object, not ${describeType(raw)}.`);
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (!name) throw new FormSchemaError(`${where}: missing "name" (every field needs a name; it becomes the userData key).`);
  if (name === '__proto__' || name === 'constructor' || name === 'prototype') {
    throw new FormSchemaError(`${where}: "${name}" cannot be used as a field name.`);
  }
  const at = `${where} ("${name}")`;

  const rawType = raw.type === undefined || raw.type === '' ? 'text' : raw.type;
  if (typeof rawType !== 'string' || !(FIELD_TYPES as readonly string[]).includes(rawType.toLowerCase())) {
    throw new FormSchemaError(
      `${at}: unknown type ${JSON.stringify(rawType)}; use one of ${FIELD_TYPES.join(', ')}.`,
    );
  }
  const type = rawType.toLowerCase() as FieldType;

  if ('custom' in raw && raw.custom !== undefined && raw.custom !== '') {
    warnings.push(`${at}: the "custom" key (raw HTML) is not supported and was ignored; the field is rendered from its other keys.`);
  }
  if ('validate' in raw) {
    warnings.push(`${at}: the "validate" key (a function) is not supported; use "required", "pattern" and "maxlength".`);
  }

  const field: FormField = {
    name,
    type,
    label: name,
    value: '',
    required: readBoolean(raw.required, at, 'required'),
    autocomplete: '',
    validateWhileTyping: raw.validateWhileTyping === undefined ? true : readBoolean(raw.validateWhileTyping, at, 'validateWhileTyping'),
    autofocus: readBoolean(raw.autofocus, at, 'autofocus'),
  };

  // Label: a string, `@i18n:…`, or an object whose `text` is the label.
  const label = readText(isObject(raw.label) ? raw.label.text : raw.label, at, 'label', 'text or {"text": "…"}')?.trim();
  if (label) {
    const key = I18N_REFERENCE.exec(label)?.[1];
    if (key === undefined) field.label = label;
    else {
      // A key naming a standard field shows its built-in label; any other keeps the field name.
      const known = I18N_FIELD_KEY.exec(key);
      if (known && !known[1]) field.labelKey = known[2].toLowerCase() as TextKey;
    }
  }

  const placeholder = readText(raw.placeholder, at, 'placeholder');
  if (placeholder) {
    const key = I18N_REFERENCE.exec(placeholder.trim())?.[1];
    if (key === undefined) field.placeholder = placeholder;
    // Genesys's placeholders only said "Required"/"Optional": say what is true of this field.
    else if (I18N_FIELD_KEY.exec(key)?.[1]) field.placeholderKey = field.required ? 'required' : 'optional';
  }

  field.maxlength = readCount(raw.maxlength, at, 'maxlength');

  const pattern = readText(raw.pattern, at, 'pattern');
  if (pattern !== undefined) {
    if (type === 'select' || type === 'checkbox' || type === 'hidden') {
      warnings.push(`${at}: pattern does not apply to a ${type} field and was ignored.`);
    } else {
      try {
        new RegExp(`^(?:${pattern})$`, 'v');
      } catch (error) {
        throw new FormSchemaError(`${at}: pattern ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message}).`);
      }
      field.pattern = pattern;
    }
  }
  field.patternMessage = readText(raw.patternMessage ?? raw['pattern-message'], at, 'patternMessage');
  field.autocomplete = readText(raw.autocomplete, at, 'autocomplete') ?? AUTOCOMPLETE[name.toLowerCase()] ?? 'on';

  if (type === 'checkbox') {
    field.value = readBoolean(raw.checked, at, 'checked') || raw.value === true;
  } else {
    const value = raw.value;
    field.value = (typeof value === 'number' || typeof value === 'boolean' ? String(value) : readText(value, at, 'value')) ?? '';
  }

  if (type === 'textarea') field.rows = readCount(raw.rows, at, 'rows');

  if (type === 'select') {
    field.options = readOptions(raw.options, at);
    if (field.value === '') {
      // What the browser shows: the selected option, else the first enabled one unless a placeholder comes first.
      const options = allOptions(field.options);
      const selected = options.find((option) => option.selected);
      const hasPlaceholder = field.placeholder !== undefined || field.placeholderKey !== undefined;
      if (selected) field.value = selected.value;
      else if (!hasPlaceholder) field.value = options.find((option) => !option.disabled)?.value ?? '';
    }
  } else if (raw.options !== undefined) {
    warnings.push(`${at}: options only apply to a select field and were ignored.`);
  }
  return field;
}

function readOptions(raw: unknown, at: string): SelectEntry[] {
  if (raw === undefined || raw === null) throw new FormSchemaError(`${at}: a select needs an "options" array.`);
  if (!Array.isArray(raw)) throw new FormSchemaError(`${at}: options must be an array, not ${describeType(raw)}.`);
  const entries: SelectEntry[] = [];
  let group: ({ kind: 'group' } & OptionGroup) | undefined;
  raw.forEach((option: unknown, index) => readOption(option, `${at} options[${index}]`, false));
  if (allOptions(entries).length === 0) throw new FormSchemaError(`${at}: a select needs at least one option.`);
  return entries;

  function readOption(option: unknown, where: string, nested: boolean): void {
    if (typeof option === 'string') option = { text: option };
    if (!isObject(option)) throw new FormSchemaError(`${where}: an option must be an object like {"text": "…", "value": "…"}.`);
    const text = option.text ?? option.label ?? option.value;
    if (text === undefined || text === null || (typeof text !== 'string' && typeof text !== 'number')) {
      throw new FormSchemaError(`${where}: an option needs a "text".`);
    }
    // {text, group: true} opens an <optgroup>; the options after it belong to it until the next group.
    // With its own "options" array ({text, group: true, options: [...]}) the group holds exactly those.
    if (readBoolean(option.group, where, 'group')) {
      if (nested) throw new FormSchemaError(`${where}: option groups cannot be nested.`);
      group = { kind: 'group', label: String(text), options: [] };
      entries.push(group);
      if (option.options !== undefined) {
        if (!Array.isArray(option.options)) throw new FormSchemaError(`${where}: a group's options must be an array.`);
        option.options.forEach((inner: unknown, i) => readOption(inner, `${where} options[${i}]`, true));
        group = undefined;
      }
      return;
    }
    const value = option.value === undefined || option.value === null ? String(text) : option.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new FormSchemaError(`${where}: value must be text.`);
    }
    const entry: SelectOption = {
      text: String(text),
      value: String(value),
      selected: readBoolean(option.selected, where, 'selected'),
      disabled: readBoolean(option.disabled, where, 'disabled'),
    };
    if (group) group.options.push(entry);
    else entries.push({ kind: 'option', ...entry });
  }
}

/** Every selectable option of a select, groups flattened, in order. */
export function allOptions(entries: SelectEntry[]): SelectOption[] {
  return entries.flatMap((entry) => (entry.kind === 'group' ? entry.options : [entry]));
}

/** true/false, or the strings an HTML boolean attribute may carry ("", "true", "false", or its own name). */
function readBoolean(value: unknown, at: string, key: string): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'false') return false;
    if (text === 'true' || text === '' || text === key.toLowerCase()) return true;
  }
  throw new FormSchemaError(`${at}: ${key} must be true or false, not ${JSON.stringify(value)}.`);
}

/** A text key: undefined when absent or empty; anything but a string is an error naming the key and the value. */
function readText(value: unknown, at: string, key: string, expected = 'text'): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new FormSchemaError(`${at}: ${key} must be ${expected}, not ${describeType(value)}.`);
  return value;
}

/** A count such as maxlength or rows: undefined when absent or empty, else a whole number of at least 1. */
function readCount(value: unknown, at: string, key: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new FormSchemaError(`${at}: ${key} must be a positive whole number, not ${JSON.stringify(value)}.`);
  }
  return count;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
