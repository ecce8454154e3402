// The visitor attaches files: the paper-clip button, dropping files on the composer, or pasting a picture.
// Each file is checked against the deployment's rules before it is uploaded (a refusal says why), its
// progress shows in a tray above the text box, and a failed upload can be retried or removed. Loaded only
// when a chat accepts files.
import { LitElement, css, html, nothing } from 'lit';
import type { ChatSession } from '../../session/session.js';
import { retryable, type SessionUploads, type UploadEntry } from '../../session/uploads.js';
import { StoreController } from '../store-controller.js';
import { themeTokens } from '../theme.js';
import { fileSize, richStrings } from './strings.js';

/**
 * @tag gc-file-picker
 * @csspart attach-button - the button that opens the file chooser
 * @csspart uploads - the list of files being uploaded or refused
 * @csspart upload - one file in it
 * @csspart upload-progress - its progress bar
 * @csspart upload-error - why it was refused
 */
export class GcFilePicker extends LitElement {
  static override styles = [
    themeTokens,
    css`
      :host {
        display: contents;
      }
      .tray {
        order: -1;
        flex-basis: 100%;
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .tray:empty {
        display: none;
      }
      .upload {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5em;
        font-size: 0.85em;
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) / 1.5);
        padding: 4px 8px;
      }
      .upload.failed {
        border-color: var(--_error);
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      progress {
        flex: 1;
        min-width: 60px;
        accent-color: var(--_primary);
      }
      .error {
        color: var(--_error);
        flex-basis: 100%;
      }
      .upload button {
        border: 1px solid currentColor;
        background: var(--_surface);
        color: var(--_text);
        border-radius: 999px;
        padding: 1px 10px;
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
        font-size: 1.1em;
      }
      :host([dragging]) .attach {
        outline: 3px dashed var(--_primary);
      }
    `,
  ];

  static override properties = { session: { attribute: false }, dragging: { type: Boolean, reflect: true } };
  session?: ChatSession;
  dragging = false;
  #uploads?: SessionUploads;
  #entries = new StoreController<UploadEntry[]>(this);
  #composer?: Element;

  #bound?: ChatSession;

  /** The session may arrive after connection (set on the element before its chunk loaded): bind it here. */
  protected override willUpdate(): void {
    const session = this.session;
    if (!session || session === this.#bound) return;
    this.#bound = session;
    void session.uploads().then((uploads) => {
      this.#uploads = uploads;
      this.#entries.setStore(uploads.$uploads);
      this.requestUpdate();
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Files dropped on, or pasted into, the composer this picker sits in.
    const host = (this.getRootNode() as ShadowRoot).host;
    this.#composer = host;
    host?.addEventListener('dragover', this.#onDragOver);
    host?.addEventListener('dragleave', this.#onDragLeave);
    host?.addEventListener('drop', this.#onDrop);
    host?.addEventListener('paste', this.#onPaste);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const host = this.#composer;
    host?.removeEventListener('dragover', this.#onDragOver);
    host?.removeEventListener('dragleave', this.#onDragLeave);
    host?.removeEventListener('drop', this.#onDrop);
    host?.removeEventListener('paste', this.#onPaste);
  }

  #onDragOver = (event: Event): void => {
    const e = event as DragEvent;
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  #onDragLeave = (): void => {
    this.dragging = false;
  };

  #onDrop = (event: Event): void => {
    const files = (event as DragEvent).dataTransfer?.files;
    this.dragging = false;
    if (!files?.length) return;
    event.preventDefault();
    this.add([...files]);
  };

  #onPaste = (event: Event): void => {
    const files = (event as ClipboardEvent).clipboardData?.files;
    if (!files?.length) return;
    event.preventDefault();
    this.add([...files]);
  };

  /** Upload and send files (each is checked first; a refusal stays in the tray with its reason). */
  add(files: File[]): void {
    if (!files.length) return;
    this.#announce(files.map((f) => richStrings.uploading(f.name, 0)).join('. '));
    for (const file of files) {
      void this.session?.sendFile(file).then(
        () => this.#announce(richStrings.uploadSent(file.name)),
        (error: { code?: string; message?: string }) => this.#announce(richStrings.uploadFailed(file.name, this.#reason(error))),
      );
    }
  }

  #reason(error: { code?: string; message?: string } | undefined): string {
    return richStrings.reasons[error?.code ?? ''] ?? richStrings.uploadFallback;
  }

  #announce(text: string): void {
    const region = this.renderRoot.querySelector('[aria-live]');
    if (!region) return;
    region.textContent = '';
    setTimeout(() => (region.textContent = text), 50);
  }

  #choose(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  #onChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.add([...(input.files ?? [])]);
    input.value = '';
  }

  protected override render() {
    const rules = this.session?.capabilities?.uploads;
    const entries = this.#entries.value ?? [];
    const hint = rules ? richStrings.attachHint(rules.types.map((t) => t.split('/')[1]).join(', '), fileSize(rules.maxBytes)) : '';
    return html`
      <ul class="tray" part="uploads" aria-label=${richStrings.attach}>${entries.map((entry) => this.#renderEntry(entry))}</ul>
      <button class="attach" part="attach-button" aria-label=${richStrings.attach} aria-describedby="hint" title=${hint} @click=${this.#choose}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
          <path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
        </svg>
      </button>
      <span id="hint" class="visually-hidden">${hint}</span>
      <input type="file" multiple hidden accept=${rules?.types.join(',') ?? nothing} @change=${this.#onChange} />
      <span class="visually-hidden" aria-live="polite"></span>
    `;
  }

  #renderEntry(entry: UploadEntry) {
    const failed = entry.state === 'failed';
    const percent = Math.round(entry.progress * 100);
    return html`<li class="upload ${failed ? 'failed' : ''}" part="upload" data-state=${entry.state}>
      <span class="name" dir="auto">${entry.name}</span>
      <small>${fileSize(entry.size)}</small>
      ${failed
        ? html`<span class="error" part="upload-error">${richStrings.uploadFailed(entry.name, this.#reason(entry.error))}</span>
            ${retryable(entry)
              ? html`<button aria-label=${richStrings.retryUpload(entry.name)} @click=${() => this.#uploads?.retry(entry.id).catch(() => undefined)}>${richStrings.retry}</button>`
              : nothing}
            <button aria-label=${richStrings.discardUpload(entry.name)} @click=${() => this.#uploads?.discard(entry.id)}>${richStrings.remove}</button>`
        : html`<progress part="upload-progress" max="100" value=${percent} aria-label=${richStrings.uploading(entry.name, percent)}></progress>`}
    </li>`;
  }
}

if (!customElements.get('gc-file-picker')) customElements.define('gc-file-picker', GcFilePicker);

declare global {
  interface HTMLElementTagNameMap {
    'gc-file-picker': GcFilePicker;
  }
}
