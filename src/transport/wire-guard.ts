// Type checks for what the wire delivers. A frame or a REST answer is parsed JSON from a service the page
// does not control: a field of the wrong type (a number for a body, an object for a name) must not reach the
// session and the elements, where one bad value would throw while rendering and blank the whole transcript.
// Transports check each item with these and drop (and report) the bad ones, keeping the rest.

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isText = (value: unknown): value is string => typeof value === 'string';

/** A string, or absent (undefined or null on the wire). */
export const isOptionalText = (value: unknown): value is string | undefined | null =>
  value === undefined || value === null || typeof value === 'string';

/** A non-empty string short enough to be an id. */
export const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 200;

/** `value` when it is one of `allowed`, else undefined. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Checks named fields of a record: each predicate must hold. Returns the names that failed. */
export function badFields(record: Record<string, unknown>, checks: Record<string, (value: unknown) => boolean>): string[] {
  return Object.entries(checks)
    .filter(([name, check]) => !check(record[name]))
    .map(([name]) => name);
}
