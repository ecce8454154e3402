// Which language an element speaks: its own `lang`, else the closest ancestor's, crossing shadow roots
// (so parts inside <gc-webchat> follow the widget's lang), else the page's.
import { loadStrings } from '../i18n/tables.js';

export function langOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang') ?? '';
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang;
}

/**
 * The language `element` speaks, fetching its table when it ships with the widget and is not downloaded yet:
 * the element renders again when it is there (in English meanwhile, for the moment the chunk takes).
 */
export function followLang(element: Element & { requestUpdate(): void }): string {
  const lang = langOf(element);
  const ready = loadStrings(lang);
  if (ready !== true) void ready.then((loaded) => loaded && element.requestUpdate());
  return lang;
}
