// The state storages a session reads and writes its chat through: sessionStorage or localStorage under the
// transport's key (see stored-state.ts for which, and why), the page's own, or memory.
import type { PersistedState, StateStorage } from './types.js';
import { area, type Keep } from './stored-state.js';

export { ownerLockName, chatHeldByAnotherTab, hasStoredState } from './stored-state.js';

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
