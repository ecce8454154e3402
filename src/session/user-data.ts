// Builds the create request's memberInfo the way Genesys Widgets v2 did (reference §3.3):
// displayName from nickname or names, and customFields merged in a fixed order, later sources winning.
import type { StartRequest } from '../transport/contract.js';
import { isPlainObject } from '../util/config-parse.js';
import { pageContextFields } from './page-context.js';

export { isPlainObject };
import type { PageUrlQuery, StartChatOptions } from './types.js';

/** Form fields that are the chat's own (the rest of the form becomes userData by name). */
export const RESERVED_FIELDS = ['firstname', 'lastname', 'email', 'subject', 'nickname'] as const;

/** customFields is map<string,string> on the wire: booleans and numbers become their text. */
export function toFieldValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  // Objects and arrays as JSON; a function (or symbol) has no JSON and is left out.
  return ['object', 'function', 'symbol'].includes(typeof value) ? JSON.stringify(value) : String(value);
}

export function displayNameOf(options: StartChatOptions): string {
  const nickname = options.nickname?.trim();
  const first = options.firstname?.trim();
  const last = options.lastname?.trim();
  if (nickname) return nickname;
  if (first && last) return `${first} ${last}`;
  return first || last || 'Customer';
}

export function buildStartRequest(
  options: StartChatOptions,
  configUserData: Record<string, unknown> = {},
  pageUrlQuery?: PageUrlQuery,
): StartRequest {
  const customFields: Record<string, string> = {};
  const sources = [
    { firstName: options.firstname, lastName: options.lastname, nickname: options.nickname },
    configUserData,
    pageContextFields(pageUrlQuery),
    { email: options.email, subject: options.subject },
    Object.fromEntries(Object.entries(options.form ?? {}).filter(([name]) => !(RESERVED_FIELDS as readonly string[]).includes(name))),
    options.userData,
  ];
  // Later sources win.
  for (const source of sources) {
    for (const [key, value] of Object.entries(source ?? {})) {
      const text = toFieldValue(value);
      if (text !== undefined) customFields[key] = text;
    }
  }
  return { displayName: displayNameOf(options), attributes: customFields };
}
