// Which language an element speaks: its own `lang`, else the closest ancestor's, crossing shadow roots
// (so parts inside <gc-webchat> follow the widget's lang), else the page's.
export function langOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang') ?? '';
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang;
}
