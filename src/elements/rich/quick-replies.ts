// Quick replies: chips under a bot's message. Choosing one sends it as the visitor's answer (a button
// response the bot's flow reads by payload); the chips then retire, as they do once anything else is said,
// so an old question cannot be answered out of turn.
import { html, nothing } from 'lit';
import type { Renderer } from './context.js';
import { richStrings } from './strings.js';

export const renderQuickReplies: Renderer<'quickReplies'> = (content, ctx) => {
  if (!ctx.active) return nothing;
  return html`<div class="chips" role="group" aria-label=${richStrings.quickReplies} part="quick-replies">
    ${content.choices.map(
      (choice) =>
        html`<button class="chip" part="quick-reply" @click=${() => ctx.answer({ kind: 'quickReply', text: choice.text, payload: choice.payload })}>
          ${choice.text}
        </button>`,
    )}
  </div>`;
};
