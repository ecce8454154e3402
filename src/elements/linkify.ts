// Splits message text into plain text and links. Only http(s), mailto and tel links become anchors; the
// rest stays text. Rendering goes through Lit text bindings, so nothing here can become markup.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const candidate = /\b(?:https?:\/\/[^\s<>"']+|mailto:[^\s<>"']+|tel:[+\d][\d\s().-]*\d|www\.[^\s<>"']+)/gi;
const trailingPunctuation = /[.,;:!?)\]}'"]+$/;

export function safeHref(raw: string): string | undefined {
  const href = raw.startsWith('www.') ? `https://${raw}` : raw;
  try {
    const url = new URL(href);
    if (['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol)) return url.href;
  } catch {
    // not a URL after all
  }
  return undefined;
}

export function linkify(text: string): TextPart[] {
  // Transports check types, but a page's own pre-processor or storage may still hand over something else.
  if (typeof text !== 'string') return [{ kind: 'text', text: String(text ?? '') }];
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(candidate)) {
    const raw = match[0].replace(trailingPunctuation, '');
    const href = safeHref(raw);
    if (!href) continue;
    const start = match.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
