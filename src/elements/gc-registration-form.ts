import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { isRightToLeft, stringsFor, type Strings } from '../i18n/strings.js';
import type { ChatSession } from '../session/session.js';
import type { ChatState, StartChatOptions } from '../session/types.js';
import { consumeSession } from './context.js';
import { langOf } from './lang.js';
import { formStyles } from './form-styles.js';
import {
  FormSchemaError,
  STANDARD_FIELDS,
  allOptions,
  defaultFormSchema,
  isObject,
  parseFormSchema,
  schemaFromElements,
  type FormField,
  type FormSchema,
  type SelectOption,
} from './form-schema.js';
import { StoreController } from './store-controller.js';
import { themeTokens } from './theme.js';
import type { GcRegistrationFormEventMap, TypedAddEventListener, TypedRemoveEventListener } from './events.js';

export type FormValues = Record<string, string | boolean>;

/** `gc-form-submit` detail: every field by name (checkboxes as booleans, hidden fields included). */
export interface FormSubmitDetail {
  values: FormValues;
  autoSubmitted: boolean;
}

export interface FormErrorDetail {
  code: string;
  message: string;
}

/**
 * The pre-chat registration form. Its fields come from the `form` attribute (the Genesys Widgets v2
 * `{"inputs": [...]}` JSON, or a bare array of inputs), from `<gc-form-field>` children, or from the
 * `fields` property; without any it shows first name, last name, email and subject. Every field that is not
 * a standard one (firstname, lastname, nickname, email, subject) becomes userData by its `name`.
 *
 * Validation is the browser's constraint validation with the widget's own messages: on submit, then on
 * change and blur once a field was edited. Nothing from a configuration is ever rendered as HTML.
 *
 * Inside `<gc-webchat>` it finds the session by itself; elsewhere bind it with `for="<id of a gc-webchat>"`
 * or the `session` property. Without a session the `gc-form-submit` event is the only outcome.
 *
 * @tag gc-registration-form
 * @attr form - the form schema as JSON: `{"inputs": [{"name": "…", "type": "…", "label": "…", …}]}` or an array of inputs
 * @attr prefill - JSON object of field name → value filled in before the visitor sees the form
 * @attr auto-submit - submit at once when the (prefilled) form is valid; when not, show its errors
 * @attr cancellable - show a Cancel button that fires `gc-form-cancel`
 * @attr for - id of the `<gc-webchat>` whose session to start, when placed outside it
 * @attr lang - language of the built-in strings (default: the closest `lang` on the page)
 * @attr dir - text direction; `rtl` mirrors the form (default: that of the language)
 * @fires {CustomEvent<FormSubmitDetail>} gc-form-submit - a valid form is submitted, before the chat starts; cancelable: `preventDefault()` keeps the chat from starting
 * @fires {CustomEvent} gc-form-cancel - the visitor pressed Cancel
 * @fires {CustomEvent<FormErrorDetail>} gc-error - the form configuration is invalid (`code: 'form.invalid'` or `'prefill.invalid'`)
 * @csspart form - the `<form>` element
 * @csspart field - the wrapper of one label, control and error
 * @csspart label - a field's label
 * @csspart required - the "Required" mark inside a label
 * @csspart input - every control: input, select, textarea, checkbox
 * @csspart error - a field's error message
 * @csspart summary - the error summary shown after a submit with errors (role=alert)
 * @csspart start-error - the message shown when the chat could not start (role=alert)
 * @csspart status - the polite status line while the chat is starting
 * @csspart actions - the row of buttons
 * @csspart submit - the submit button
 * @csspart cancel - the cancel button
 * @csspart config-error - the configuration error shown instead of the form
 * @cssprop --gc-font-family - font of the form
 * @cssprop --gc-font-size - base font size (default 15px)
 * @cssprop --gc-color-text - text colour
 * @cssprop --gc-color-muted - secondary text (the "Required" mark, placeholders)
 * @cssprop --gc-color-surface - background of controls
 * @cssprop --gc-color-primary - submit button background, checkbox accent
 * @cssprop --gc-color-on-primary - submit button text
 * @cssprop --gc-color-border - control borders
 * @cssprop --gc-color-error - error text and invalid borders
 * @cssprop --gc-color-focus - focus ring
 * @cssprop --gc-radius - corner radius (controls use half of it)
 * @cssprop --gc-spacing - base spacing unit
 */
export class GcRegistrationForm extends LitElement {
  static override styles = [themeTokens, formStyles];

  static override get observedAttributes(): string[] {
    // lang and dir stay the native properties; the form only needs to re-render when they change.
    return [...super.observedAttributes, 'lang', 'dir'];
  }

  static override properties = {
    form: {},
    fields: { attribute: false },
    fieldElements: { attribute: false },
    prefill: {},
    autoSubmit: { type: Boolean, attribute: 'auto-submit' },
    cancellable: { type: Boolean },
    for: {},
    session: { attribute: false },
    _values: { state: true },
    _errors: { state: true },
    _summaryShown: { state: true },
    _startError: { state: true },
    _submitting: { state: true },
  };

  /** The form schema as JSON (Genesys `inputs` format or a bare array of inputs). */
  form?: string;

  /** An already normalised schema (see form-schema.ts); wins over `form` and child elements. */
  fields?: FormField[];

  /** `<gc-form-field>` elements to read the schema from, when they are not this element's children. */
  fieldElements?: Element[];

  /** Values to fill in, by field name: an object, or JSON text from the attribute. */
  prefill?: Record<string, unknown> | string;

  autoSubmit = false;

  cancellable = false;

  /** id of a `<gc-webchat>` elsewhere on the page whose session to use. */
  for?: string;

  /** The session to start; found automatically inside `<gc-webchat>`. */
  session?: ChatSession;

  private _values: FormValues = {};
  private _errors = new Map<string, string>();
  private _summaryShown = false;
  private _startError?: string;
  private _submitting = false;

  #schema?: FormSchema;
  #configError?: FormErrorDetail;
  #reportedError?: string;
  #schemaDirty = true;
  #touched = new Set<string>();
  #prefilled = false;
  #autoSubmitPending = false;
  #contextSession?: ChatSession;
  #renderedLang?: string;
  #state = new StoreController<ChatState>(this);
  // <gc-form-field> children may be added or edited after the form first rendered.
  #observer = new MutationObserver((records) => {
    if (!records.some((record) => record.target !== this || record.type === 'childList')) return;
    this.#schemaDirty = true;
    this.requestUpdate();
  });

  constructor() {
    super();
    consumeSession(this, (session) => (this.#contextSession = session));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer.disconnect();
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' || name === 'dir') this.requestUpdate();
  }

  /** The fields being shown (empty while the configuration is invalid). */
  get schemaFields(): FormField[] {
    return this.#schema?.fields ?? [];
  }

  /** Every field's current value by name: checkboxes as booleans, hidden fields included. */
  get values(): FormValues {
    const values: FormValues = {};
    for (const field of this.schemaFields) values[field.name] = this.#valueOf(field);
    return values;
  }

  /** The session actually used: explicit property, then `for`, then the surrounding widget's. */
  get boundSession(): ChatSession | undefined {
    if (this.session) return this.session;
    if (this.for) {
      const root = this.getRootNode() as Document | ShadowRoot;
      const host = root.getElementById?.(this.for) as { session?: ChatSession } | null;
      if (host?.session) return host.session;
    }
    return this.#contextSession;
  }

  /** Focuses the field marked autofocus (the first name in the default form), else the first field. */
  override focus(options?: FocusOptions): void {
    const fields = this.schemaFields;
    const visible = fields.filter((field) => field.type !== 'hidden');
    const target = visible.find((field) => field.autofocus) ?? visible[0];
    const control = target && this.#control(fields.indexOf(target));
    if (control) control.focus(options);
    else super.focus(options);
  }

  /**
   * Validates and submits as the submit button does. Resolves true when the chat started (or, without a
   * session, when `gc-form-submit` went out uncanceled), false when the form is invalid, the event was
   * canceled, or the chat could not start.
   */
  async submit(): Promise<boolean> {
    return this.#submit(false);
  }

  // --- Schema, prefill, session -----------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('form') || changed.has('fields') || changed.has('fieldElements')) this.#schemaDirty = true;
    if (this.#schemaDirty) {
      this.#schemaDirty = false;
      this.#loadSchema();
    }
    if (changed.has('prefill') || (changed.has('autoSubmit') && this.autoSubmit)) this.#applyPrefill();
    this.#state.setStore(this.boundSession?.$state);
    // Messages already shown follow a change of language.
    const lang = langOf(this);
    if (lang !== this.#renderedLang) this.#validate((field) => this._errors.has(field.name));
    this.#renderedLang = lang;
  }

  #loadSchema(): void {
    const previous = this.#schema;
    let schema: FormSchema | undefined;
    let error: FormErrorDetail | undefined;
    try {
      const declared = this.fieldElements ?? Array.from(this.children).filter((child) => child.localName === 'gc-form-field');
      if (this.fields) schema = { fields: this.fields, warnings: [] };
      else if (this.form != null && this.form.trim() !== '') schema = parseFormSchema(this.form);
      else if (declared.length > 0) schema = schemaFromElements(declared);
      else schema = defaultFormSchema();
    } catch (caught) {
      if (!(caught instanceof FormSchemaError)) throw caught;
      error = { code: caught.code, message: caught.message };
    }
    if (schema && previous && JSON.stringify(schema.fields) === JSON.stringify(previous.fields)) return;
    this.#schema = schema;
    this.#configError = error;
    for (const warning of schema?.warnings ?? []) console.warn(`<gc-registration-form> ${warning}`);
    // A new schema starts from its own initial values; the prefill is laid over them again.
    this._values = {};
    this._errors = new Map();
    this._summaryShown = false;
    this.#touched.clear();
    if (schema) this.#applyPrefill();
  }

  #applyPrefill(): void {
    if (!this.#schema) return;
    let prefill: unknown = this.prefill;
    if (this.#configError?.code === 'prefill.invalid') this.#configError = undefined;
    if (typeof prefill === 'string') {
      try {
        prefill = prefill.trim() === '' ? undefined : JSON.parse(prefill);
      } catch (error) {
        this.#configError = { code: 'prefill.invalid', message: `prefill attribute is not valid JSON: ${(error as Error).message}` };
        return;
      }
      if (prefill !== undefined && !isObject(prefill)) {
        this.#configError = { code: 'prefill.invalid', message: 'prefill attribute must be a JSON object of field name → value.' };
        return;
      }
    }
    const values = { ...this._values };
    let filled = false;
    for (const field of this.schemaFields) {
      const raw = isObject(prefill) && Object.hasOwn(prefill, field.name) ? prefill[field.name] : undefined;
      // A select can only hold one of its options (or '' when it has a placeholder).
      if (raw == null || (field.type === 'select' && !selectAccepts(field, String(raw)))) continue;
      values[field.name] = field.type === 'checkbox' ? ['true', 'on', '1', 'yes'].includes(String(raw).toLowerCase()) : String(raw);
      filled = true;
    }
    this._values = values;
    if (filled) {
      this.#prefilled = true;
      this.boundSession?.noteForm({ prefilled: true });
    }
    if (this.autoSubmit) this.#autoSubmitPending = true;
  }

  protected override updated(): void {
    if (this.#configError && this.#reportedError !== this.#configError.message) {
      this.#reportedError = this.#configError.message;
      this.dispatchEvent(new CustomEvent<FormErrorDetail>('gc-error', { bubbles: true, composed: true, detail: { ...this.#configError } }));
    } else if (!this.#configError) {
      this.#reportedError = undefined;
    }
    if (this.#autoSubmitPending && this.#schema && !this.#configError) {
      this.#autoSubmitPending = false;
      void this.#submit(true);
    }
  }

  // --- Validation ---------------------------------------------------------------------------------

  #control(index: number): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#f${index}`);
  }

  /** A field's own value: a field named `toString` or `constructor` must not find what every object inherits. */
  #valueOf(field: FormField): string | boolean {
    return (Object.hasOwn(this._values, field.name) ? this._values[field.name] : undefined) ?? field.value;
  }

  #labelOf(field: FormField, strings: Strings): string {
    return field.labelKey ? strings[field.labelKey] : field.label;
  }

  /** The message for one control, from its validity state and the checks the browser skips, which it sets as custom validity. */
  #check(index: number, strings: Strings): string | undefined {
    const field = this.schemaFields[index];
    const control = this.#control(index);
    if (!control || field.type === 'hidden') return undefined;
    const label = this.#labelOf(field, strings);
    const value = field.type === 'checkbox' ? '' : control.value;
    const { valueMissing, typeMismatch, badInput } = control.validity;
    const max = field.maxlength ?? Infinity;
    let message: string | undefined;
    // Only spaces do not count as an answer to a required question.
    const blank = field.required && field.type !== 'checkbox' && field.type !== 'select' && value !== '' && value.trim() === '';
    if (valueMissing || blank) message = strings.fieldRequired(label);
    else if (typeMismatch && field.type === 'email') message = strings.fieldInvalidEmail(label);
    else if (typeMismatch || badInput) message = strings.fieldPattern(label);
    // Measured here: the browser's tooLong only counts what the visitor typed, not a prefilled value.
    else if (value.length > max) message = strings.fieldTooLong(label, max);
    // Matched here: a textarea has no pattern attribute.
    else if (value !== '' && !matchesPattern(field.pattern, value)) message = field.patternMessage ?? strings.fieldPattern(label);
    control.setCustomValidity(message ?? '');
    return message;
  }

  /** Checks the fields `which` picks and shows or clears their messages; returns the index of the first invalid one. */
  #validate(which: (field: FormField) => boolean): number | undefined {
    const strings = this.#strings();
    const errors = new Map(this._errors);
    let first: number | undefined;
    this.schemaFields.forEach((field, index) => {
      if (!which(field)) return;
      const message = this.#check(index, strings);
      if (!message) errors.delete(field.name);
      else {
        errors.set(field.name, message);
        first ??= index;
      }
    });
    this._errors = errors;
    return first;
  }

  // --- Submit -------------------------------------------------------------------------------------

  get #busy(): boolean {
    return this._submitting || this.#state.value === 'starting';
  }

  async #submit(autoSubmitted: boolean): Promise<boolean> {
    if (this.#busy || !this.#schema || this.#configError) return false;
    await this.updateComplete;
    for (const field of this.schemaFields) this.#touched.add(field.name);
    const firstInvalid = this.#validate(() => true);
    if (firstInvalid !== undefined) {
      this._summaryShown = true;
      await this.updateComplete;
      this.#control(firstInvalid)?.focus();
      return false;
    }
    this._summaryShown = false;
    this._startError = undefined;
    const values = this.values;
    const event = new CustomEvent<FormSubmitDetail>('gc-form-submit', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { values: { ...values }, autoSubmitted },
    });
    if (!this.dispatchEvent(event)) return false;
    const session = this.boundSession;
    if (!session) return true;

    const options: StartChatOptions = { form: values };
    for (const name of STANDARD_FIELDS) {
      const value = values[name];
      if (typeof value === 'string') options[name] = value;
    }
    session.noteForm({ prefilled: this.#prefilled, autoSubmitted });
    this._submitting = true;
    try {
      await session.startChat(options);
      return true;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this._startError = detail ? `${this.#strings().startFailed} ${detail}` : this.#strings().startFailed;
      return false;
    } finally {
      this._submitting = false;
    }
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.#submit(false);
  }

  #onCancel(): void {
    this.dispatchEvent(new CustomEvent('gc-form-cancel', { bubbles: true, composed: true }));
  }

  /**
   * input, change and focusout of every control bubble to the <form>; the control's name says which field.
   * A field is checked on change, when it loses focus once edited, and while typing once it shows an error.
   */
  #onFieldEvent(event: Event): void {
    const control = event.target as HTMLInputElement;
    const field = this.schemaFields.find((candidate) => candidate.name === control.name);
    if (!field) return; // a button
    if (event.type !== 'focusout') {
      this._values = { ...this._values, [field.name]: field.type === 'checkbox' ? control.checked : control.value };
      this.#touched.add(field.name);
      this._startError = undefined;
    }
    const check =
      event.type === 'change' ||
      (event.type === 'focusout' ? this.#touched.has(field.name) : field.validateWhileTyping && this._errors.has(field.name));
    if (check) this.#validate((candidate) => candidate === field);
  }

  // --- Rendering ----------------------------------------------------------------------------------

  #hasExplicitDir(): boolean {
    let node: Node | null = this;
    while (node) {
      if (node instanceof Element && node.hasAttribute('dir')) return true;
      node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
    }
    return false;
  }

  #strings(): Strings {
    return stringsFor(langOf(this));
  }

  protected override render(): TemplateResult {
    const strings = this.#strings();
    const dir = !this.#hasExplicitDir() && isRightToLeft(langOf(this)) ? 'rtl' : undefined;
    if (this.#configError) {
      return html`<div class="config-error" part="config-error" role="alert" dir=${dir ?? nothing}>
        <p><strong>${strings.configError}:</strong> ${this.#configError.message}</p>
      </div>`;
    }
    const busy = this.#busy;
    const errorMessages = this.schemaFields.flatMap((field) => this._errors.get(field.name) ?? []);
    const summary = this._summaryShown && errorMessages.length > 0;
    return html`
      <form part="form" novalidate aria-busy=${String(busy)} dir=${dir ?? nothing}
        @submit=${this.#onSubmit}
        @input=${this.#onFieldEvent}
        @change=${this.#onFieldEvent}
        @focusout=${this.#onFieldEvent}
      >
        <div class="summary ${summary ? 'has-errors' : ''}" part="summary" role="alert">
          ${summary
            ? html`<p>${strings.formErrors(errorMessages.length)}</p>
                <ul>
                  ${errorMessages.map((message) => html`<li>${message}</li>`)}
                </ul>`
            : nothing}
        </div>
        ${this.schemaFields.map((field, index) => this.#renderField(field, index, strings))}
        <div class="start-error" part="start-error" role="alert">${this._startError ? html`<p>${this._startError}</p>` : nothing}</div>
        <div class="visually-hidden" part="status" role="status">${busy ? strings.starting : ''}</div>
        <div class="actions" part="actions">
          ${this.cancellable
            ? html`<button class="cancel" part="cancel" type="button" @click=${this.#onCancel}>${strings.cancel}</button>`
            : nothing}
          <button
            class="submit"
            part="submit"
            type="submit"
            aria-busy=${String(busy)}
            aria-disabled=${String(busy)}
          >
            ${busy ? strings.starting : strings.submit}
          </button>
        </div>
      </form>
    `;
  }

  #renderField(field: FormField, index: number, strings: Strings): TemplateResult {
    const id = `f${index}`;
    const value = this.#valueOf(field);
    if (field.type === 'hidden') {
      return html`<input type="hidden" id=${id} name=${field.name} .value=${live(String(value))} />`;
    }
    const error = this._errors.get(field.name);
    const errorId = error ? `${id}-error` : undefined;
    const invalid = error ? 'true' : undefined;
    const placeholder = field.placeholderKey ? strings[field.placeholderKey] : field.placeholder;
    const required = field.required ? html` <span class="required" part="required">(${strings.required})</span>` : nothing;
    const label = html`<label for=${id} part="label">${this.#labelOf(field, strings)}${required}</label>`;
    const option = (option: SelectOption) =>
      html`<option value=${option.value} ?disabled=${option.disabled} ?selected=${option.value === value}>${option.text}</option>`;
    // Input, change and focusout reach the <form>, which finds the field by the control's name.
    let control: TemplateResult;
    switch (field.type) {
      case 'checkbox':
        control = html`<input
          type="checkbox"
          part="input"
          id=${id}
          name=${field.name}
          ?required=${field.required}
          aria-describedby=${errorId ?? nothing}
          aria-invalid=${invalid ?? nothing}
          .checked=${live(value === true)}
        />`;
        break;
      case 'select':
        control = html`<select
          part="input"
          id=${id}
          name=${field.name}
          autocomplete=${field.autocomplete}
          ?required=${field.required}
          aria-describedby=${errorId ?? nothing}
          aria-invalid=${invalid ?? nothing}
          .value=${live(String(value))}
        >
          ${placeholder !== undefined ? html`<option value="" ?selected=${value === ''}>${placeholder}</option>` : nothing}
          ${(field.options ?? []).map((entry) =>
            entry.kind === 'group' ? html`<optgroup label=${entry.label}>${entry.options.map(option)}</optgroup>` : option(entry),
          )}
        </select>`;
        break;
      case 'textarea':
        control = html`<textarea
          part="input"
          id=${id}
          name=${field.name}
          rows=${field.rows ?? 3}
          autocomplete=${field.autocomplete}
          placeholder=${placeholder ?? nothing}
          maxlength=${field.maxlength ?? nothing}
          ?required=${field.required}
          aria-describedby=${errorId ?? nothing}
          aria-invalid=${invalid ?? nothing}
          .value=${live(String(value))}
        ></textarea>`;
        break;
      default:
        control = html`<input
          type=${field.type}
          part="input"
          id=${id}
          name=${field.name}
          autocomplete=${field.autocomplete}
          placeholder=${placeholder ?? nothing}
          maxlength=${field.maxlength ?? nothing}
          pattern=${field.pattern ?? nothing}
          ?required=${field.required}
          aria-describedby=${errorId ?? nothing}
          aria-invalid=${invalid ?? nothing}
          .value=${live(String(value))}
        />`;
    }
    const errorTemplate = error ? html`<p class="error" part="error" id=${errorId}>${error}</p>` : nothing;
    return field.type === 'checkbox'
      ? html`<div class="field checkbox" part="field">${control}${label}${errorTemplate}</div>`
      : html`<div class="field" part="field">${label}${control}${errorTemplate}</div>`;
  }
}

function matchesPattern(pattern: string | undefined, value: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(`^(?:${pattern})$`, 'v').test(value);
  } catch {
    return true;
  }
}

function selectAccepts(field: FormField, value: string): boolean {
  if (value === '') return field.placeholder !== undefined || field.placeholderKey !== undefined;
  return allOptions(field.options ?? []).some((option) => option.value === value && !option.disabled);
}

/** Typed `addEventListener` for the element's events (GcRegistrationFormEventMap). */
export interface GcRegistrationForm {
  addEventListener: TypedAddEventListener<GcRegistrationForm, GcRegistrationFormEventMap>;
  removeEventListener: TypedRemoveEventListener<GcRegistrationForm, GcRegistrationFormEventMap>;
}

declare global {
  interface HTMLElementTagNameMap {
    'gc-registration-form': GcRegistrationForm;
  }
  interface GlobalEventHandlersEventMap {
    'gc-form-submit': CustomEvent<FormSubmitDetail>;
    'gc-form-cancel': CustomEvent<undefined>;
  }
}
