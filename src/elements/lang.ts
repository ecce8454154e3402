// Which language an element speaks: its own `lang`, else the closest ancestor's, crossing shadow roots
// (so parts inside <gc-webchat> follow the widget's lang), else the page's.
import { loadStrings, stringsFor, type Strings } from '../i18n/strings.js';

export function langOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang') ?? '';
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang;
}

/**
 * The strings of the language `element` speaks. A shipped language not downloaded yet is fetched, and the
 * element renders again when it is there (in English meanwhile, for the moment the chunk takes).
 */
export function stringsOf(element: Element & { requestUpdate(): void }): Strings {
  const lang = langOf(element);
  const ready = loadStrings(lang);
  if (ready !== true) void ready.then((loaded) => loaded && element.requestUpdate());
  return stringsFor(lang);
}
