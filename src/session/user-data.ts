// Builds the create request's memberInfo the way Genesys Widgets v2 did (reference §3.3):
// displayName from nickname or names, and customFields merged in a fixed order, later sources winning.
import type { StartRequest } from '../transport/types.js';
import { pageContextFields } from './page-context.js';
import type { StartChatOptions } from './types.js';

/** Form fields that are the chat's own (the rest of the form becomes userData by name). */
export const RESERVED_FIELDS = ['firstname', 'lastname', 'email', 'subject', 'nickname'] as const;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** customFields is map<string,string> on the wire: booleans and numbers become their text. */
export function toFieldValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function assign(target: Record<string, string>, source: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    const text = toFieldValue(value);
    if (text !== undefined) target[key] = text;
  }
}

export function displayNameOf(options: StartChatOptions): string {
  const nickname = options.nickname?.trim();
  const first = options.firstname?.trim();
  const last = options.lastname?.trim();
  if (nickname) return nickname;
  if (first && last) return `${first} ${last}`;
  return first || last || 'Customer';
}

export function buildStartRequest(options: StartChatOptions, configUserData: Record<string, unknown> = {}): StartRequest {
  const customFields: Record<string, string> = {};
  assign(customFields, { firstName: options.firstname, lastName: options.lastname, nickname: options.nickname });
  assign(customFields, configUserData);
  assign(customFields, pageContextFields());
  const formFields: Record<string, unknown> = { email: options.email, subject: options.subject };
  for (const [name, value] of Object.entries(options.form ?? {})) {
    if (!(RESERVED_FIELDS as readonly string[]).includes(name)) formFields[name] = value;
  }
  assign(customFields, formFields);
  assign(customFields, options.userData);
  return { displayName: displayNameOf(options), customFields };
}
