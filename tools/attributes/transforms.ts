// Reshaping participant attributes for the places that read them. Genesys Cloud stores what the widget sent
// as `context.<key>`; Architect reads names exactly, agent scripts cannot use dots (a script variable
// `email` finds `context.email`), and neither can look inside a JSON value such as pre-chat form data.
import type { Attributes } from './conversations.js';

export const CONTEXT_PREFIX = 'context.';
export const FLATTEN_SEPARATOR = '_';

/**
 * `context.<key>` becomes `<key>`; other keys stay. When both `context.x` and `x` exist, `x` wins: it was
 * set explicitly (by a flow, an agent, or an earlier write-back).
 */
export function stripContextPrefix(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith(CONTEXT_PREFIX) && key.length > CONTEXT_PREFIX.length) {
      const short = key.slice(CONTEXT_PREFIX.length);
      if (!Object.hasOwn(attributes, short)) out[short] = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A nested value: an object or array, or a string that holds one as JSON (participant data is strings). */
function nestedValue(value: unknown): object | undefined {
  if (typeof value === 'object' && value !== null) return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!(text.startsWith('{') && text.endsWith('}')) && !(text.startsWith('[') && text.endsWith(']'))) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** How deep nested data is spread out; deeper values stay one JSON text (data this deep is no form's answer). */
export const MAX_FLATTEN_DEPTH = 32;

function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    // JSON.stringify recurses: a value nested thousands deep cannot be written back as text.
    return '[nested too deeply]';
  }
}

/**
 * Spreads a nested value into `<prefix>_<key>` entries with an explicit stack (customer data may nest
 * thousands of levels, which recursion would turn into a stack overflow), in the order a depth-first walk
 * gives, at most MAX_FLATTEN_DEPTH levels deep.
 */
function expand(prefix: string, value: object, into: Array<[string, string]>, separator: string): void {
  const stack: Array<{ name: string; entries: Array<[string, unknown]>; next: number; depth: number }> = [
    { name: prefix, entries: Object.entries(value), next: 0, depth: 1 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.entries.length) {
      stack.pop();
      continue;
    }
    const [key, inner] = top.entries[top.next++]!;
    const name = `${top.name}${separator}${key}`;
    const nested = top.depth < MAX_FLATTEN_DEPTH ? nestedValue(inner) : undefined;
    if (nested && Object.keys(nested).length > 0) {
      stack.push({ name, entries: Object.entries(nested), next: 0, depth: top.depth + 1 });
    } else {
      const text = scalarText(inner);
      if (text !== undefined) into.push([name, text]);
    }
  }
}

/**
 * Stripped attributes with every nested JSON value spread into `<key>_<inner key>` entries (arrays by
 * index), all values strings. A key that exists at the top level is never overwritten by an expansion;
 * an empty object or array keeps its text.
 */
export function flattenAttributes(attributes: Attributes, separator = FLATTEN_SEPARATOR): Record<string, string> {
  const stripped = stripContextPrefix(attributes);
  const out: Record<string, string> = {};
  const expansions: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(stripped)) {
    const nested = nestedValue(value);
    if (nested && Object.keys(nested).length > 0) {
      expand(key, nested, expansions, separator);
    } else {
      const text = scalarText(value);
      if (text !== undefined) out[key] = text;
    }
  }
  for (const [key, value] of expansions) if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}

/**
 * Where a write-back puts what it adds: under the prefix Genesys Cloud gives everything the customer sent.
 * Flattened names come from the customer's own data, so they must never land on a top-level name that a flow
 * or an agent sets and trusts (a visitor could otherwise write `account_fraud_cleared=true`). Agent scripts
 * still find them by the short name, as they find every `context.` attribute.
 */
export const WRITE_PREFIX = CONTEXT_PREFIX;

/**
 * What a write-back adds: the flattened entries the participant does not already carry with the same value,
 * under that name or as `context.<name>`, each named `context.<name>`. So nested data gains its own keys,
 * plain context attributes are not duplicated, and nothing already there is touched (the platform's PATCH merges).
 */
export function attributesToWrite(current: Attributes, flattened: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(flattened)) {
    if (current[key] === value || current[`${CONTEXT_PREFIX}${key}`] === value) continue;
    out[`${WRITE_PREFIX}${key}`] = value;
  }
  return out;
}
