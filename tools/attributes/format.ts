// Output as JSON or as an aligned two-column table. Attribute values come from whoever filled the chat form,
// so control characters (terminal escapes, bidi overrides) are shown as \u escapes, never written raw.
import type { Attributes } from './conversations.js';
import type { DetailRow } from './interaction-details.js';

// DEL, C1 controls, the Unicode bidi controls and line/paragraph separators; plus C0 controls for a table
// (JSON.stringify escapes C0 itself, and its own newlines are the indentation).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Any text for a terminal line: control characters as \uXXXX. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Pretty JSON whose every control character is escaped (JSON.stringify leaves DEL, C1 and bidi raw). */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, escapeChar)}\n`;
}

/** Attributes sorted by name, each value as text (nested values as JSON). */
export function attributeRows(attributes: Attributes): Array<[string, string]> {
  return Object.keys(attributes)
    .sort()
    .map((key) => {
      const value = attributes[key];
      return [key, typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)];
    });
}

/** Attributes with sorted keys, for stable JSON output. */
export function sortedAttributes(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.keys(attributes).sort().map((key) => [key, attributes[key]]));
}

export function formatTable(headers: [string, string], rows: Array<[string, string]>): string {
  const safe = rows.map(([a, b]) => [escapeForTerminal(a), escapeForTerminal(b)] as const);
  const width = Math.max(headers[0].length, ...safe.map(([a]) => a.length));
  return [[headers[0], headers[1]] as const, ...safe].map(([a, b]) => `${a.padEnd(width)}  ${b}`.trimEnd()).join('\n') + '\n';
}

export type OutputFormat = 'json' | 'table';

export function formatAttributes(attributes: Attributes, format: OutputFormat): string {
  return format === 'json' ? formatJson(sortedAttributes(attributes)) : formatTable(['ATTRIBUTE', 'VALUE'], attributeRows(attributes));
}

export function formatDetails(rows: DetailRow[], format: OutputFormat): string {
  return format === 'json' ? formatJson(rows) : formatTable(['FIELD', 'VALUE'], rows.map((r) => [r.label, r.value]));
}
