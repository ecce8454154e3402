// Genesys's structured content (`WebMessagingContent`: QuickReply, Card, Carousel, ListPicker, DatePicker,
// Attachment, …) read into the contract's content. Every string is bounded; links and pictures a bot names
// follow the rule for links in text (http(s) only, no credentials in the address); files must come from the
// service's own hosts (the URL policy), since their addresses are the service's storage. An item missing
// what it needs is dropped, and a content type not mapped here becomes `unsupported` so the visitor sees a
// fallback, never an empty bubble.
import type { Card, CardAction, Choice, MessageContent, MessageFile, PickerItem } from '../contract.js';
import { createUrlPolicy, type UrlPolicy } from '../url-policy.js';

const MAX_TEXT = 2000;
const MAX_ITEMS = 30;

type Json = Record<string, unknown>;
/** A bot's link or picture: http(s) only, and never with a user name or password hiding the real host. */
function url(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 4096) return undefined;
  try {
    const u = new URL(v);
    return /^https?:$/.test(u.protocol) && !u.username && !u.password ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max = MAX_TEXT): string | undefined => (typeof v === 'string' && v.trim() ? v.slice(0, max) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v.slice(0, MAX_ITEMS) : []);

const policies = new Map<string, UrlPolicy>();

/** Reads one message's content list; URLs must be on the hosts of `serviceUrl` (the configured service). */
export function readContent(items: unknown[] | undefined, serviceUrl: string): MessageContent[] {
  if (!items) return [];
  let policy = policies.get(serviceUrl);
  if (!policy) policies.set(serviceUrl, (policy = createUrlPolicy({ serviceUrl })));
  const fileUrl = (v: unknown): string | undefined => policy.check(v, 'http')?.href;
  const out: MessageContent[] = [];
  const choices: Choice[] = [];

  const readCard = (v: unknown): Card | undefined => {
    if (!isObject(v)) return undefined;
    const actions: CardAction[] = [];
    for (const a of list(v.actions)) {
      if (!isObject(a)) continue;
      const label = text(a.text, 200);
      if (!label) continue;
      if (a.type === 'Link') {
        const href = url(a.url);
        // A link that fails the URL policy is left out rather than shown dead.
        if (href) actions.push({ type: 'link', text: label, url: href });
      } else if (a.type === 'Postback') {
        actions.push({ type: 'postback', text: label, payload: text(a.payload, 1000) ?? label });
      }
    }
    const card: Card = { actions };
    const title = text(v.title, 300);
    const description = text(v.description);
    const imageUrl = url(v.image);
    if (title) card.title = title;
    if (description) card.description = description;
    if (imageUrl) card.imageUrl = imageUrl;
    return title || description || imageUrl || actions.length ? card : undefined;
  };

  for (const item of items.slice(0, MAX_ITEMS)) {
    if (!isObject(item) || typeof item.contentType !== 'string') continue;
    switch (item.contentType) {
      case 'QuickReply':
      case 'QuickReplyV2': {
        // Genesys sends one content item per quick reply; they make one set of chips.
        const q = isObject(item.quickReply) ? item.quickReply : isObject(item.quickReplyV2) ? item.quickReplyV2 : undefined;
        const label = text(q?.text, 200);
        if (label) choices.push({ text: label, payload: text(q?.payload, 1000) ?? label, ...(url(q?.image) && { imageUrl: url(q?.image) }) });
        break;
      }
      case 'Card': {
        const card = readCard(item.card);
        if (card) out.push({ type: 'cards', cards: [card], carousel: false });
        break;
      }
      case 'Carousel': {
        const cards = list(isObject(item.carousel) ? item.carousel.cards : undefined).map(readCard).filter((c): c is Card => !!c);
        if (cards.length) out.push({ type: 'cards', cards, carousel: cards.length > 1 });
        break;
      }
      case 'ListPicker': {
        const picker = isObject(item.listPicker) ? item.listPicker : {};
        const received = isObject(picker.receivedMessage) ? picker.receivedMessage : {};
        const sections = list(picker.sections).flatMap((s) => {
          if (!isObject(s)) return [];
          const items = list(s.items).flatMap((i): PickerItem[] => {
            if (!isObject(i)) return [];
            const id = text(i.id, 200);
            const title = text(i.title, 300);
            if (!id || !title) return [];
            const subtitle = text(i.subtitle, 500);
            const imageUrl = url(i.imageUrl);
            return [{ id, title, ...(subtitle && { subtitle }), ...(imageUrl && { imageUrl }) }];
          });
          return items.length ? [{ title: text(s.title, 300) ?? '', multiple: s.multipleSelection === true, items }] : [];
        });
        if (sections.length) {
          out.push({
            type: 'listPicker',
            sections,
            ...(text(received.title, 300) && { title: text(received.title, 300) }),
            ...(text(received.subtitle, 500) && { subtitle: text(received.subtitle, 500) }),
            ...(text(received.buttonLabel, 100) && { buttonLabel: text(received.buttonLabel, 100) }),
          });
        } else out.push({ type: 'unsupported', name: 'ListPicker' });
        break;
      }
      case 'DatePicker': {
        const picker = isObject(item.datePicker) ? item.datePicker : {};
        const slots = list(picker.availableTimes).flatMap((t) => {
          if (!isObject(t) || typeof t.dateTime !== 'string' || Number.isNaN(Date.parse(t.dateTime))) return [];
          const duration = typeof t.duration === 'number' && t.duration > 0 ? t.duration : undefined;
          return [{ time: new Date(Date.parse(t.dateTime)).toISOString(), ...(duration && { durationSeconds: duration }) }];
        });
        if (slots.length) {
          out.push({
            type: 'datePicker',
            slots,
            ...(text(picker.title, 300) && { title: text(picker.title, 300) }),
            ...(text(picker.subtitle, 500) && { subtitle: text(picker.subtitle, 500) }),
          });
        } else out.push({ type: 'unsupported', name: 'DatePicker' });
        break;
      }
      case 'Attachment': {
        const file = readFile(item.attachment, fileUrl);
        if (file) out.push({ type: 'file', file });
        break;
      }
      case 'ButtonResponse':
        // The visitor's own answer: its text is the message.
        break;
      default:
        out.push({ type: 'unsupported', name: item.contentType.slice(0, 40) });
    }
  }
  if (choices.length) out.unshift({ type: 'quickReplies', choices });
  return out;
}

const IMAGE_TYPES = /^image\/(png|jpe?g|gif|webp)$/i;

/** An attachment as a file; a picture only when its type is one browsers show safely (never SVG). */
export function readFile(v: unknown, url: (v: unknown) => string | undefined): MessageFile | undefined {
  if (!isObject(v)) return undefined;
  const id = text(v.id, 200);
  if (!id) return undefined;
  const mime = text(v.mime, 100)?.toLowerCase();
  const name = text(v.filename, 255) ?? text(v.fileName, 255) ?? 'file';
  const href = url(v.url);
  const size = typeof v.contentSizeBytes === 'number' && v.contentSizeBytes >= 0 ? v.contentSizeBytes : undefined;
  const image = mime ? IMAGE_TYPES.test(mime) : v.mediaType === 'Image' && /\.(png|jpe?g|gif|webp)$/i.test(name);
  return { id, name, image, ...(mime && { mime }), ...(size !== undefined && { size }), ...(href && { url: href }) };
}
