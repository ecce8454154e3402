// The visitor's files on their way: the composer hands over what was chosen (its paper-clip button), dropped
// or pasted. Each file is checked against the deployment's rules before it is uploaded (a refusal says why),
// its progress shows in a tray above the text box, and a failed upload can be retried or removed. Loaded with
// the first file.
import { LitElement, css, html, nothing } from 'lit';
import type { ChatSession } from '../../session/session.js';
import { retryable, type SessionUploads, type UploadEntry } from '../../session/uploads.js';
import { StoreController } from '../store-controller.js';
import { themeTokens } from '../theme.js';
import { fileSize, richStrings } from './strings.js';

/**
 * @tag gc-file-picker
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
    `,
  ];

  static override properties = { session: { attribute: false } };
  session?: ChatSession;
  #uploads?: SessionUploads;
  #entries = new StoreController<UploadEntry[]>(this);

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

  protected override render() {
    const entries = this.#entries.value ?? [];
    return html`
      <ul class="tray" part="uploads" aria-label=${richStrings.uploads}>${entries.map((entry) => this.#renderEntry(entry))}</ul>
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
