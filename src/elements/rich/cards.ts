// Cards and carousels: a title, text, a picture and buttons. A postback button answers the bot (by
// payload); a link opens in a new tab and only ever points where the transport's URL policy allowed. A
// carousel scrolls sideways (swipe, the previous/next buttons, or the arrow keys on its cards) and each
// card says its position ("2 of 3: Fibre 500") to screen readers.
import { html, nothing } from 'lit';
import type { Card } from '../../transport/contract.js';
import { safeHref } from '../linkify.js';
import type { RichContext, Renderer } from './context.js';
import { richStrings } from './strings.js';

/** `slide`: the card's place in a carousel (its label, and whether the arrow keys land on it). */
function renderCard(card: Card, ctx: RichContext, slide?: { label: string; current: boolean }) {
  return html`<div
    class="card"
    part="card"
    role=${slide ? 'group' : 'article'}
    aria-roledescription=${slide ? 'slide' : nothing}
    aria-label=${slide?.label ?? card.title ?? nothing}
    tabindex=${slide ? (slide.current ? '0' : '-1') : nothing}
  >
    ${card.imageUrl ? html`<img src=${card.imageUrl} alt=${card.title ?? ''} loading="lazy" />` : nothing}
    <div class="body">
      ${card.title ? html`<h3 dir="auto">${card.title}</h3>` : nothing}
      ${card.description ? html`<p dir="auto">${card.description}</p>` : nothing}
      ${card.actions.length
        ? html`<div class="actions">
            ${card.actions.map((action) => {
              if (action.type === 'link') {
                const href = safeHref(action.url);
                return href && /^https?:/.test(href)
                  ? html`<a class="action" part="card-link" href=${href} target="_blank" rel="noopener noreferrer" dir="auto"
                      >${action.text}<span class="visually-hidden"> ${richStrings.opensInNewTab}</span></a
                    >`
                  : nothing;
              }
              return html`<button class="action" part="card-button" ?disabled=${!ctx.live} dir="auto"
                @click=${() => ctx.answer({ kind: 'button', text: action.text, payload: action.payload })}>${action.text}</button>`;
            })}
          </div>`
        : nothing}
    </div>
  </div>`;
}

export const renderCards: Renderer<'cards'> = (content, ctx) => {
  const { cards } = content;
  if (!content.carousel) return html`${cards.map((card) => renderCard(card, ctx))}`;
  const index = (ctx.state.get('slide') as number | undefined) ?? 0;
  const go = (to: number, event?: Event) => {
    const next = Math.max(0, Math.min(cards.length - 1, to));
    const track = (event?.currentTarget as HTMLElement | undefined)?.closest('.carousel')?.querySelector<HTMLElement>('.track');
    const slide = track?.querySelectorAll<HTMLElement>(':scope > .card')[next];
    ctx.state.set('slide', next);
    // Scroll the track only: scrollIntoView would also move the transcript around it.
    if (track && slide) track.scrollTo({ left: slide.offsetLeft - track.offsetLeft });
    if (next !== index) ctx.announce(richStrings.slide(next + 1, cards.length, cards[next]!.title ?? ''));
    ctx.update();
    return slide;
  };
  const onKey = (event: KeyboardEvent) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    // In a right-to-left page the track runs the other way.
    const rtl = getComputedStyle(event.currentTarget as Element).direction === 'rtl';
    const slide = go(index + (rtl ? -delta : delta), event);
    slide?.focus();
  };
  // Swipes and scrolling move the position too (the nearest card to the start).
  const onScroll = (event: Event) => {
    const track = event.currentTarget as HTMLElement;
    const first = track.firstElementChild as HTMLElement | null;
    if (!first) return;
    const width = first.getBoundingClientRect().width + 8;
    const at = Math.round(Math.abs(track.scrollLeft) / width);
    if (at !== ctx.state.get('slide')) {
      ctx.state.set('slide', Math.max(0, Math.min(cards.length - 1, at)));
      ctx.update();
    }
  };
  return html`<section class="carousel" part="carousel" aria-roledescription="carousel" aria-label=${richStrings.carousel(cards.length)}>
    <div class="track" @keydown=${onKey} @scroll=${onScroll}>
      ${cards.map((card, i) => renderCard(card, ctx, { label: richStrings.slide(i + 1, cards.length, card.title ?? ''), current: i === index }))}
    </div>
    <div class="nav">
      <button aria-label=${richStrings.previous} ?disabled=${index === 0} @click=${(e: Event) => go(index - 1, e)}>‹</button>
      <span aria-hidden="true">${index + 1} / ${cards.length}</span>
      <button aria-label=${richStrings.next} ?disabled=${index === cards.length - 1} @click=${(e: Event) => go(index + 1, e)}>›</button>
    </div>
  </section>`;
};
