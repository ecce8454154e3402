// Where a chat's state waits across page loads. sessionStorage by default: it works on localhost and
// raw IPs (unlike the real widget's cookies), is per tab, and never travels to a server.
import type { PersistedState, StateStorage } from './types.js';

/** One sessionStorage entry per deployment and queue, so two widgets on a page keep separate chats. */
export function storageKey(deploymentKey: string, targetAddress: string): string {
  return `gc-webchat:${deploymentKey}:${targetAddress}`;
}

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
export function hasStoredState(key: string): boolean {
  try {
    return Boolean(globalThis.sessionStorage?.getItem(key));
  } catch {
    return false;
  }
}

export function sessionStorageState(key: string): StateStorage {
  return {
    read() {
      try {
        const text = globalThis.sessionStorage?.getItem(key);
        return text ? (JSON.parse(text) as PersistedState) : null;
      } catch {
        return null; // blocked storage or a corrupt entry: start fresh rather than fail
      }
    },
    write(state) {
      try {
        if (state) globalThis.sessionStorage?.setItem(key, JSON.stringify(state));
        else globalThis.sessionStorage?.removeItem(key);
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
