// Agents' markdown, when the deployment turns it on (Messenger's "markdown" setting): a small safe subset:
// paragraphs and line breaks, **strong**, *emphasis* / _emphasis_, `code`, fenced code blocks, bulleted and
// numbered lists, and [links](https://…). It is parsed into Lit templates, so nothing in the text can
// become markup: HTML stays text, and a link only renders when its address is http(s), mailto or tel (the
// same rule as links in plain text); anything else shows as the text it was.
import { LitElement, css, html, type TemplateResult } from 'lit';
import { linkify, safeHref } from '../linkify.js';
import { themeTokens } from '../theme.js';

type Inline = string | TemplateResult;

const INLINE = /(\*\*([^*\n]+)\*\*|__([^_\n]+)__|\*([^*\n]+)\*|_([^_\n]+)_|`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\))/;

function link(text: Inline[], href: string): TemplateResult {
  return html`<a href=${href} target="_blank" rel="noopener noreferrer" dir="ltr">${text}</a>`;
}

/** Plain text with bare links made anchors (the transcript's own rule). */
function plain(text: string): Inline[] {
  return linkify(text).map((part) => (part.kind === 'link' ? link([part.text], part.href) : part.text));
}

export function inline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest) {
    const m = depth < 4 ? INLINE.exec(rest) : null;
    if (!m) {
      out.push(...plain(rest));
      break;
    }
    if (m.index > 0) out.push(...plain(rest.slice(0, m.index)));
    const [whole, , strong1, strong2, em1, em2, code, label, target] = m;
    if (strong1 ?? strong2) out.push(html`<strong>${inline((strong1 ?? strong2)!, depth + 1)}</strong>`);
    else if (em1 ?? em2) out.push(html`<em>${inline((em1 ?? em2)!, depth + 1)}</em>`);
    else if (code !== undefined) out.push(html`<code>${code}</code>`);
    else {
      const href = safeHref(target!);
      out.push(...(href && !target!.startsWith('www.') ? [link(inline(label!, depth + 1), href)] : plain(whole)));
    }
    rest = rest.slice(m.index + whole.length);
  }
  return out;
}

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul' | 'ol'; items: string[] } | { kind: 'code'; text: string };

export function blocks(source: string): Block[] {
  const out: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      const body: string[] = [];
      while (++i < lines.length && !/^\s*```/.test(lines[i]!)) body.push(lines[i]!);
      out.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d{1,3}[.)]\s+(.*)$/.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : undefined;
    const last = out.at(-1);
    if (kind) {
      const item = (bullet ?? numbered)![1]!;
      if (last?.kind === kind) last.items.push(item);
      else out.push({ kind, items: [item] });
    } else if (!line.trim()) {
      out.push({ kind: 'p', lines: [] });
    } else if (last?.kind === 'p' && last.lines.length) {
      last.lines.push(line);
    } else {
      out.push({ kind: 'p', lines: [line] });
    }
  }
  return out.filter((b) => b.kind !== 'p' || b.lines.length > 0);
}

export function renderMarkdown(source: string): TemplateResult[] {
  return blocks(source).map((b) => {
    switch (b.kind) {
      case 'code':
        return html`<pre><code>${b.text}</code></pre>`;
      case 'ul':
        return html`<ul>${b.items.map((item) => html`<li>${inline(item)}</li>`)}</ul>`;
      case 'ol':
        return html`<ol>${b.items.map((item) => html`<li>${inline(item)}</li>`)}</ol>`;
      default:
        return html`<p>${b.lines.map((l, i) => (i ? [html`<br />`, ...inline(l)] : inline(l)))}</p>`;
    }
  });
}

/**
 * Renders `source` as safe markdown. Until this element's chunk has loaded, whatever is inside it (the
 * transcript puts the plain text there) shows instead.
 *
 * @tag gc-markdown
 */
export class GcMarkdown extends LitElement {
  static override styles = [
    themeTokens,
    css`
      :host {
        display: block;
        white-space: normal;
        font-size: inherit;
        color: inherit;
      }
      p,
      ul,
      ol,
      pre {
        margin: 0;
      }
      p + *,
      ul + *,
      ol + *,
      pre + * {
        margin-block-start: 0.5em;
      }
      ul,
      ol {
        padding-inline-start: 1.4em;
      }
      code {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.92em;
        background: rgb(0 0 0 / 6%);
        border-radius: 4px;
        padding: 0 0.25em;
      }
      pre {
        white-space: pre-wrap;
        background: rgb(0 0 0 / 6%);
        border-radius: 6px;
        padding: 0.5em;
      }
      pre code {
        background: none;
        padding: 0;
      }
      a {
        color: inherit;
      }
    `,
  ];

  static override properties = { source: { attribute: false } };
  source = '';

  protected override render() {
    return renderMarkdown(this.source);
  }
}

if (!customElements.get('gc-markdown')) customElements.define('gc-markdown', GcMarkdown);
