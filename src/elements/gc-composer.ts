import { LitElement, css, html, nothing } from 'lit';
import type { ChatSession } from '../session/session.js';
import type { ChatState } from '../session/types.js';
import type { Strings } from '../i18n/strings.js';
import { consumeSession } from './context.js';
import { stringsOf } from './lang.js';
import { StoreController } from './store-controller.js';
import { themeTokens } from './theme.js';

/** What the visitor has typed and not sent, per chat: it outlives the composer, which minimizing removes. */
const drafts = new WeakMap<ChatSession, string>();

/**
 * Where the visitor writes: Enter sends, Shift+Enter breaks the line, a counter tracks the length limit
 * and a message over it is refused with an explanation rather than cut. Typing notifications go to the
 * agent at most once per burst.
 *
 * @tag gc-composer
 * @attr max-length - the longest message accepted (default 4000, the service's limit)
 * @attr disabled - the composer does not accept input
 * @csspart input - the text area
 * @csspart send-button - the send button
 * @csspart attach-button - the paper clip that attaches files (where the chat takes files)
 * @csspart counter - the characters-left counter
 * @csspart error - why a message was not sent
 * @cssprop --gc-color-text - text colour
 * @cssprop --gc-color-muted - the counter
 * @cssprop --gc-color-surface - background of the composer and its text area
 * @cssprop --gc-color-border - borders
 * @cssprop --gc-color-primary - send button background
 * @cssprop --gc-color-on-primary - send button text
 * @cssprop --gc-color-error - the error message
 * @cssprop --gc-color-focus - focus ring
 * @cssprop --gc-radius - corner radius (controls use two thirds of it)
 * @cssprop --gc-spacing - base spacing unit
 */
export class GcComposer extends LitElement {
  static override styles = [
    themeTokens,
    css`
      :host {
        display: block;
        border-block-start: 1px solid var(--_border);
        padding: var(--_space);
        background: var(--_surface);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space);
        align-items: flex-end;
      }
      textarea {
        flex: 1;
        resize: none;
        font: inherit;
        /* 16 px at least: iOS zooms the page into a smaller field. */
        font-size: max(16px, 1em);
        color: var(--_text);
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) / 1.5);
        padding: calc(var(--_space) * 0.75) var(--_space);
        min-height: 44px;
        max-height: 8em;
        box-sizing: border-box;
        field-sizing: content;
      }
      textarea[aria-invalid='true'] {
        border-color: var(--_error);
      }
      /* Filled when it sends; an outline of the same colour while there is nothing to send. */
      .send {
        flex: none;
        width: 44px;
        height: 44px;
        display: grid;
        place-items: center;
        background: var(--_primary);
        color: var(--_on-primary);
        border: 1px solid var(--_primary);
        border-radius: 50%;
        padding: 0;
      }
      .attach {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        background: var(--_surface);
        color: var(--_text);
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) / 1.5);
        min-width: 44px;
        min-height: 44px;
      }
      .send[aria-disabled='true'] {
        background: transparent;
        color: var(--_muted);
        border-color: var(--_border);
        cursor: default;
      }
      :host(:dir(rtl)) .send svg {
        transform: scaleX(-1);
      }
      .foot {
        display: flex;
        justify-content: space-between;
        gap: var(--_space);
        font-size: 0.8em;
        color: var(--_muted);
      }
      .foot.shown {
        margin-block-start: 4px;
      }
      .error {
        color: var(--_error);
      }
    `,
  ];

  static override properties = {
    session: { attribute: false },
    maxLength: { type: Number, attribute: 'max-length' },
    disabled: { type: Boolean },
    text: { state: true },
    error: { state: true },
  };

  /** The session to send to; found automatically inside `<gc-webchat>`. */
  session?: ChatSession;
  maxLength = 4000;
  disabled = false;

  private text = '';
  private error = '';

  private get input(): HTMLTextAreaElement | null | undefined {
    return this.renderRoot?.querySelector('textarea');
  }

  #contextSession?: ChatSession;
  #state = new StoreController<ChatState>(this);
  #announcedThreshold = Infinity;
  /** The upload tray is on the page (it loads with the first file). */
  #tray = false;

  /** Files chosen, dropped or pasted: the tray loads, then uploads and sends them (dragover only says "copy"). */
  #onFiles = async (event: Event): Promise<void> => {
    const target = event.target as HTMLInputElement;
    const transfer = (event as DragEvent).dataTransfer ?? (event as ClipboardEvent).clipboardData;
    const files = [...(target.files ?? transfer?.files ?? [])];
    if (!this.#session?.capabilities?.attachments || !(files.length || transfer?.types.includes('Files'))) return;
    event.preventDefault();
    if (!files.length || event.type === 'dragover') return;
    if (target.type === 'file') target.value = '';
    await import('./rich/file-picker.js');
    this.#tray = true;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector('gc-file-picker')?.add(files);
  };

  constructor() {
    super();
    consumeSession(this, (session) => (this.#contextSession = session));
  }

  get #session(): ChatSession | undefined {
    return this.session ?? this.#contextSession;
  }

  get #strings(): Strings {
    return stringsOf(this);
  }

  /** Focus the text area. */
  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  protected override willUpdate(): void {
    const session = this.#session;
    this.#state.setStore(session?.$state);
    if (session) {
      if (!this.hasUpdated) this.text = drafts.get(session) ?? '';
      drafts.set(session, this.text);
    }
  }

  #onInput(event: Event): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    if (this.error && this.text.length <= this.maxLength) this.error = '';
    if (this.text && this.#canSend()) void this.#session?.sendTyping().catch(() => undefined);
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.send();
    }
  }

  /**
   * Hand what is in the box to the outbox and clear it: from there the message shows in the transcript as
   * sending, sent or failed (with retry), and survives a dropped connection or a reload.
   */
  async send(): Promise<void> {
    const text = this.text;
    const strings = this.#strings;
    const session = this.#session;
    if (!text.trim() || this.disabled || !session || !this.#canSend()) return;
    if (text.length > this.maxLength) {
      this.error = strings.tooLong(this.maxLength);
      this.input?.focus();
      return;
    }
    const queued = session.sendMessage(text);
    this.text = '';
    this.error = '';
    this.#announcedThreshold = Infinity;
    // A failed attempt is shown beside the message itself, with retry and discard.
    queued.catch(() => undefined);
    await this.updateComplete;
    this.input?.focus();
  }

  /** While the chat is still being created the visitor can write; sending waits for the chat. */
  #canSend(): boolean {
    const state = this.#state.value;
    return state === 'waiting' || state === 'chatting';
  }

  /** Announce the characters left at a few thresholds, not on every keystroke. */
  #counterAnnouncement(left: number): string {
    const thresholds = [0.5, 0.25, 0.1].map((f) => Math.round(this.maxLength * f));
    const crossed = thresholds.find((t) => left <= t && t < this.#announcedThreshold);
    if (crossed === undefined) return '';
    this.#announcedThreshold = crossed;
    return this.#strings.charactersLeft(Math.max(0, left));
  }

  protected override render() {
    const strings = this.#strings;
    const left = this.maxLength - this.text.length;
    const over = left < 0;
    const blocked = this.disabled || !this.text.trim() || !this.#canSend();
    // The counter appears near the limit only: a long message is rare, and a number under every message is noise.
    const near = left <= Math.max(50, this.maxLength / 10);
    const session = this.#session;
    // Files, where the chat takes them (button, drop, paste); their upload tray loads with the first file.
    const files = !this.disabled && this.#canSend() && session?.capabilities?.attachments;
    return html`
      <div class="row" @dragover=${this.#onFiles} @drop=${this.#onFiles} @paste=${this.#onFiles}>
        ${this.#tray ? html`<gc-file-picker .session=${session}></gc-file-picker>` : nothing}
        ${files
          ? html`<button class="attach" part="attach-button" aria-label=${strings.attach} @click=${() => this.renderRoot.querySelector('input')?.click()}>
                <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
                  <path d="M20 11l-8 8a5 5 0 0 1-7-7l8-8a3 3 0 0 1 5 5l-8 8a1 1 0 0 1-3-3l7-7" />
                </svg></button
              ><input type="file" multiple hidden @change=${this.#onFiles} />`
          : nothing}
        <label for="input" class="visually-hidden">${strings.inputLabel}</label>
        <textarea
          id="input"
          dir="auto"
          part="input"
          rows="1"
          .value=${this.text}
          placeholder=${strings.inputPlaceholder}
          ?disabled=${this.disabled}
          aria-invalid=${over}
          aria-describedby=${near ? 'counter error' : 'error'}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
        ></textarea>
        <button class="send" part="send-button" aria-label=${strings.send} aria-disabled=${blocked} @click=${() => this.send()}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" /></svg>
        </button>
      </div>
      <div class="foot ${near || this.error ? 'shown' : ''}"><span id="error" class="error" part="error" role="alert">${this.error || nothing}</span>${near
        ? html`<span id="counter" part="counter">${over ? strings.tooLong(this.maxLength) : strings.charactersLeft(left)}</span>`
        : nothing}</div>
      <div class="visually-hidden" aria-live="polite">${this.#counterAnnouncement(left)}</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gc-composer': GcComposer;
  }
}
