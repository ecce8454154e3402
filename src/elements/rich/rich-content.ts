// Structured content under a message: each kind is drawn by its own renderer, a chunk loaded the first
// time a chat meets that kind (quick replies, cards and carousels, pickers, files), so a chat that never
// sees one never downloads it. Content this widget cannot draw says so in words rather than showing an
// empty bubble.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { ChoiceAnswer, MessageContent } from '../../transport/contract.js';
import type { ChatSession } from '../../session/session.js';
import { themeTokens } from '../theme.js';
import type { RichContext } from './context.js';
import { richStrings } from './strings.js';
import { richStyles } from './styles.js';

type AnyRenderer = (content: MessageContent, ctx: RichContext) => unknown;

const loaders: Partial<Record<MessageContent['type'], () => Promise<AnyRenderer>>> = {
  quickReplies: () => import('./quick-replies.js').then((m) => m.renderQuickReplies as AnyRenderer),
  cards: () => import('./cards.js').then((m) => m.renderCards as AnyRenderer),
  listPicker: () => import('./pickers.js').then((m) => m.renderListPicker as AnyRenderer),
  datePicker: () => import('./pickers.js').then((m) => m.renderDatePicker as AnyRenderer),
  file: () => import('./files.js').then((m) => m.renderFile as AnyRenderer),
};
const renderers = new Map<string, AnyRenderer>();
const loading = new Map<string, Promise<void>>();

function load(type: MessageContent['type']): Promise<void> | undefined {
  const loader = loaders[type];
  if (!loader || renderers.has(type)) return undefined;
  let pending = loading.get(type);
  if (!pending) {
    pending = loader().then(
      (render) => void renderers.set(type, render),
      () => void loading.delete(type), // a failed chunk is tried again on the next render
    );
    loading.set(type, pending);
  }
  return pending;
}

/**
 * @tag gc-rich-content
 * @csspart quick-replies - the group of quick-reply chips
 * @csspart quick-reply - one chip
 * @csspart card - a card (alone or in a carousel)
 * @csspart card-button - a card's postback button
 * @csspart card-link - a card's link
 * @csspart carousel - a carousel of cards
 * @csspart list-picker - a list picker form
 * @csspart date-picker - a date picker form
 * @csspart picker-submit - a picker's Choose button
 * @csspart picker-done - what the visitor chose
 * @csspart file - a file's download link
 * @csspart file-image - a picture sent as a file
 * @csspart fallback - "This message can't be shown here."
 */
export class GcRichContent extends LitElement {
  static override styles = [themeTokens, richStyles];
  static override properties = {
    content: { attribute: false },
    session: { attribute: false },
    active: { type: Boolean },
    live: { type: Boolean },
  };

  content: MessageContent[] = [];
  session?: ChatSession;
  /** The message can be answered (quick replies and pickers). */
  active = false;
  /** The chat runs (card buttons work). */
  live = false;
  #state = new Map<string, unknown>();
  #answered = false;

  #context(index: number): RichContext {
    const key = `${index}:`;
    // A view onto this element's state, per content item.
    const view = {
      get: (k: string) => this.#state.get(key + k),
      set: (k: string, v: unknown) => (this.#state.set(key + k, v), view),
    } as unknown as Map<string, unknown>;
    return {
      active: this.active && this.live && !this.#answered,
      live: this.live,
      state: view,
      answer: (choice: ChoiceAnswer) => {
        this.#answered = true;
        this.requestUpdate();
        void this.session?.answer(choice).catch(() => undefined);
      },
      refreshFile: async (fileId) => (await this.session?.downloadFile({ fileId }))?.url,
      announce: (text) => {
        const region = this.renderRoot.querySelector('[aria-live]');
        if (!region) return;
        region.textContent = '';
        setTimeout(() => (region.textContent = text), 50);
      },
      update: () => this.requestUpdate(),
    };
  }

  /** Content drawn after the message (its renderer loaded, a picture arrived): the transcript keeps the newest in view. */
  protected override updated(): void {
    this.dispatchEvent(new Event('gc-content-resize', { bubbles: true, composed: true }));
  }

  protected override render(): TemplateResult {
    const parts = this.content.map((item, i) => {
      if (item.type === 'unsupported') return html`<p class="fallback" part="fallback">${richStrings.unsupported}</p>`;
      const render = renderers.get(item.type);
      if (render) return render(item, this.#context(i));
      const pending = load(item.type);
      if (!pending) return html`<p class="fallback" part="fallback">${richStrings.unsupported}</p>`;
      void pending.then(() => this.requestUpdate());
      return nothing;
    });
    return html`${parts}<span class="visually-hidden" aria-live="polite"></span>`;
  }
}

if (!customElements.get('gc-rich-content')) customElements.define('gc-rich-content', GcRichContent);

declare global {
  interface HTMLElementTagNameMap {
    'gc-rich-content': GcRichContent;
  }
}
