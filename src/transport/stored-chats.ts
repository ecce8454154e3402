// Where each built-in protocol keeps its chat, from the attributes' plain text: all the launcher needs to find
// a chat to restore before any protocol or parsing code is loaded (the definitions, with their attribute
// checks, load with the window).
import { purecloudV2Storage } from './purecloud-v2/storage-key.js';
import { webMessagingStorage } from './web-messaging/storage-key.js';

export interface StoredChatRule {
  /** sessionStorage for a chat that dies with its page, localStorage for one the service keeps for the site. */
  keep: 'tab' | 'site';
  /** Undefined while an attribute the key needs is missing. */
  key(values: Record<string, unknown>): string | undefined;
}

/** Genesys Cloud Web Messaging: what real organisations run since the Guest Chat API v2 was retired in 2025. */
export const DEFAULT_TRANSPORT = 'web-messaging';

const RULES: Record<string, StoredChatRule> = {
  'web-messaging': webMessagingStorage,
  'purecloud-v2-sockets': purecloudV2Storage,
};

/** The storage key and place of this configuration's chat; undefined for a protocol an application registered. */
export function storedChatOf(transport: string, values: Record<string, unknown>): { key: string; keep: 'tab' | 'site' } | undefined {
  const rule = Object.hasOwn(RULES, transport) ? RULES[transport] : undefined;
  const key = rule?.key(values);
  return rule && key ? { key, keep: rule.keep } : undefined;
}
