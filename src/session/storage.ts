// Where a chat's state waits across page loads, under the key its transport names. A protocol whose chat
// dies with its page (Guest Chat v2) keeps it in sessionStorage: per tab, gone with the tab. One whose
// conversation outlives the page (Web Messaging, as Genesys Messenger does) keeps it in localStorage, so
// every tab and later visit of the site finds it. Either works on localhost and raw IPs and never travels
// to a server; any script of the site's origin can read it, as it can read Messenger's own token.
import type { PersistedState, StateStorage } from './types.js';

type Keep = 'tab' | 'site';

const area = (keep: Keep): Storage | undefined => (keep === 'site' ? globalThis.localStorage : globalThis.sessionStorage);

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

export function sessionStorageState(key: string): StateStorage {
  return webStorageState(key, 'tab');
}

export function localStorageState(key: string): StateStorage {
  return webStorageState(key, 'site');
}

function webStorageState(key: string, keep: Keep): StateStorage {
  return {
    read() {
      try {
        const text = area(keep)?.getItem(key);
        return text ? (JSON.parse(text) as PersistedState) : null;
      } catch {
        return null; // blocked storage or a corrupt entry: start fresh rather than fail
      }
    },
    write(state) {
      try {
        if (state) area(keep)?.setItem(key, JSON.stringify(state));
        else area(keep)?.removeItem(key);
      } catch {
        // Storage is blocked or full: the chat goes on, it just will not survive a reload.
      }
    },
  };
}

export function memoryState(): StateStorage {
  let saved: PersistedState | null = null;
  return { read: () => saved, write: (state) => void (saved = state) };
}

export function isStateStorage(value: unknown): value is StateStorage {
  const storage = value as Partial<StateStorage> | null | undefined;
  return typeof storage?.read === 'function' && typeof storage.write === 'function';
}
