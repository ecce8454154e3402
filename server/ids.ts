// Identifier and timestamp helpers shared by every module.
import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/** ISO-8601 UTC with milliseconds and a Z suffix, the format every Genesys timestamp uses. */
export function nowIso(): string {
  return new Date().toISOString();
}
