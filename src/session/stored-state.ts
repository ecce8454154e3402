// Where a chat's state waits across page loads, under the key its transport names. A protocol whose chat
// dies with its page (Guest Chat v2) keeps it in sessionStorage: per tab, gone with the tab. One whose
// conversation outlives the page (Web Messaging, as Genesys Messenger does) keeps it in localStorage, so
// every tab and later visit of the site finds it. Either works on localhost and raw IPs and never travels
// to a server; any script of the site's origin can read it, as it can read Messenger's own token.
// This part is what the launcher asks before the window's code is there; storage.ts reads and writes.

export type Keep = 'tab' | 'site';

export const area = (keep: Keep): Storage | undefined => (keep === 'site' ? globalThis.localStorage : globalThis.sessionStorage);

/** The Web Lock that the tab owning a chat holds (tab-link.ts), named after the storage key. */
export function ownerLockName(key: string): string {
  return `${key}:owner`;
}

/** Does a tab of this site hold a chat for this key? Asks Web Locks only; false where they are missing. */
export async function chatHeldByAnotherTab(key: string): Promise<boolean> {
  try {
    const { held = [] } = (await globalThis.navigator?.locks?.query()) ?? {};
    return held.some((lock) => lock.name === ownerLockName(key));
  } catch {
    return false;
  }
}

/** Cheap enough for the launcher: is a chat waiting to be restored, without parsing or loading anything? */
export function hasStoredState(key: string, keep: Keep = 'tab'): boolean {
  try {
    return Boolean(area(keep)?.getItem(key));
  } catch {
    return false;
  }
}
