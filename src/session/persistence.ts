// The chat's state between page loads: read back (when it is still worth restoring), written on every change
// and checkpointed while the chat runs, so a crash or a killed tab still restores. Storage that is blocked,
// full or throws never stops the chat.
import type { PersistedState, StateStorage } from './types.js';

const DEFAULT_RESTORE_TIMEOUT_MS = 60_000;

export class Persistence {
  #storage: StateStorage | null;
  #keep: 'tab' | 'site';
  #restoreTimeoutMs: number;
  #warned = false;
  #timer?: ReturnType<typeof setInterval>;

  /**
   * `keep` 'tab': a chat is restorable for `restoreTimeoutMs` after the page was left (it dies with its page);
   * 'site': for as long as the service keeps it (the transport's resume finds out).
   */
  constructor(storage: StateStorage | null, keep: 'tab' | 'site', restoreTimeoutMs = DEFAULT_RESTORE_TIMEOUT_MS) {
    this.#storage = storage;
    this.#keep = keep;
    this.#restoreTimeoutMs = restoreTimeoutMs;
  }

  /** The stored chat of this transport if there is one to restore; 'timeout' when it was too old (and is now gone). */
  async read(transport: string): Promise<PersistedState | 'timeout' | null> {
    let stored: PersistedState | null | undefined;
    try {
      stored = await this.#storage?.read();
    } catch {
      return null; // blocked or broken storage: there is simply nothing to restore
    }
    if (!stored || stored.version !== 2 || stored.transport !== transport || !stored.resume) return null;
    const age = Date.now() - (Number(stored.savedAt) || 0);
    if (this.#keep === 'tab' && age > this.#restoreTimeoutMs) {
      // Too long since the page was left: the visitor has moved on, so the old chat is forgotten.
      await this.write(null);
      return 'timeout';
    }
    return stored;
  }

  async write(state: PersistedState | null): Promise<void> {
    try {
      await this.#storage?.write(state);
    } catch (error) {
      if (!this.#warned) console.warn('gc-webchat: could not save the chat state; it will not survive a reload', error);
      this.#warned = true;
    }
  }

  /** While a chat runs, call `checkpoint` regularly (a third of the restore window, at most every 15 s); stop otherwise. */
  keepCheckpointing(running: boolean, checkpoint: () => void): void {
    clearInterval(this.#timer);
    if (!running) return;
    this.#timer = setInterval(checkpoint, Math.min(15_000, this.#restoreTimeoutMs / 3));
  }

  dispose(): void {
    clearInterval(this.#timer);
  }
}
