// Several tabs of one site, one chat. The tab that owns the chat holds a Web Lock and the only socket; it
// broadcasts the chat's state on a BroadcastChannel, and the other tabs mirror it and send their commands
// to it. When the owner goes away (closed, reloaded, navigated) the lock passes to a waiting tab, which
// picks the chat up from the credentials it was given. Nothing leaves the browser; the token only ever
// travels between tabs of the same origin.
import type { AgentInfo, ChatEnding, ChatState, ConnectionState, LifecycleMetadata, OutgoingMessage, PersistedState, TranscriptMessage } from './types.js';
import { ownerLockName } from './storage.js';

/** What a mirror needs to show the chat, and to take it over. */
export interface ChatSnapshot {
  state: ChatState;
  /** Whole list (`messages`) or only what was added since the last snapshot (`appended`). */
  messages?: TranscriptMessage[];
  appended?: TranscriptMessage[];
  agents: AgentInfo[];
  agentTyping: AgentInfo | null;
  connection: ConnectionState;
  outbox: OutgoingMessage[];
  hasMoreHistory: boolean;
  ending: ChatEnding | null;
  metadata: LifecycleMetadata;
  persisted: PersistedState | null;
}

/** What goes over the channel; every frame also carries `from`, the sending tab's id. */
type Frame =
  | { type: 'hello' }
  | { type: 'snapshot'; snapshot: ChatSnapshot }
  | { type: 'command'; to: string; id: number; name: string; args: unknown[] }
  /** A command's outcome: `error` when it failed, else `value`. */
  | { type: 'result'; to: string; id: number; value?: unknown; error?: { message: string; code: string } };

export interface TabLinkHandlers {
  /** Another tab's chat state (an owner announcing itself or a change). */
  snapshot(snapshot: ChatSnapshot, from: string): void;
  /** A new tab asks who owns the chat: the owner answers with a full snapshot. */
  hello(): void;
  /** A mirror asks the owner to run a command. */
  command(name: string, args: unknown[]): Promise<unknown>;
}

export function tabLinkAvailable(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && 'locks' in navigator;
}

export class TabLink {
  readonly id = Math.random().toString(36).slice(2);
  #channel: BroadcastChannel;
  #lockName: string;
  #handlers: TabLinkHandlers;
  #release?: () => void;
  #waiting?: AbortController;
  #calls = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  #nextCall = 0;
  #closed = false;

  constructor(name: string, handlers: TabLinkHandlers) {
    this.#channel = new BroadcastChannel(name);
    this.#lockName = ownerLockName(name);
    this.#handlers = handlers;
    this.#channel.onmessage = (event: MessageEvent<Frame & { from: string }>) => void this.#receive(event.data);
  }

  get owning(): boolean {
    return this.#release !== undefined;
  }

  /** Ask the other tabs whether one owns a chat: the owner answers with a snapshot. */
  hello(): void {
    this.#post({ type: 'hello' });
  }

  /** Take ownership if no tab holds it. Resolves true when this tab now owns the chat. */
  async claim(): Promise<boolean> {
    if (this.#release) return true;
    return new Promise((resolve) => {
      void navigator.locks
        .request(this.#lockName, { ifAvailable: true }, (lock) => {
          if (!lock) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return new Promise<void>((release) => (this.#release = release));
        })
        .catch(() => resolve(false));
    });
  }

  /** Queue for ownership: `takeOver` runs when the owning tab lets go (closed, reloaded, chat moved on). */
  waitForOwnership(takeOver: () => Promise<boolean>): void {
    if (this.#waiting || this.#release) return;
    const waiting = new AbortController();
    this.#waiting = waiting;
    void navigator.locks
      .request(this.#lockName, { signal: waiting.signal }, async () => {
        this.#waiting = undefined;
        if (this.#closed) return;
        const held = new Promise<void>((release) => (this.#release = release));
        // Keep the lock only if the takeover worked; otherwise the next tab in line gets its turn.
        if (!(await takeOver().catch(() => false))) this.release();
        return held;
      })
      .catch(() => undefined); // aborted
  }

  /** Stop waiting to take over (the chat ended, or this tab owns another one). */
  stopWaiting(): void {
    this.#waiting?.abort();
    this.#waiting = undefined;
  }

  release(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  broadcast(snapshot: ChatSnapshot): void {
    this.#post({ type: 'snapshot', snapshot });
  }

  /** Run a command in the owning tab; rejects if it fails there or no owner answers in time. */
  call(owner: string, name: string, args: unknown[], timeoutMs = 15_000): Promise<unknown> {
    const id = this.#nextCall++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#calls.delete(id);
        reject(Object.assign(new Error('The tab that holds the chat did not answer.'), { code: 'tab.timeout' }));
      }, timeoutMs);
      this.#calls.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.#post({ type: 'command', to: owner, id, name, args });
    });
  }

  close(): void {
    this.#closed = true;
    this.stopWaiting();
    this.release();
    this.#channel.close();
    for (const call of this.#calls.values()) call.reject(new Error('closed'));
    this.#calls.clear();
  }

  async #receive(frame: Frame & { from: string }): Promise<void> {
    if (this.#closed || !frame || frame.from === this.id) return;
    if (frame.type === 'hello') {
      if (this.#release) this.#handlers.hello();
    } else if (frame.type === 'snapshot') {
      this.#handlers.snapshot(frame.snapshot, frame.from);
    } else if (frame.type === 'command' && frame.to === this.id) {
      const reply = { type: 'result', to: frame.from, id: frame.id } as const;
      try {
        this.#post({ ...reply, value: cloneable(await this.#handlers.command(frame.name, frame.args)) });
      } catch (error) {
        const failure = error as { message?: string; code?: string };
        this.#post({ ...reply, error: { message: failure?.message ?? String(error), code: failure?.code ?? 'client.error' } });
      }
    } else if (frame.type === 'result' && frame.to === this.id) {
      const call = this.#calls.get(frame.id);
      this.#calls.delete(frame.id);
      if (frame.error) call?.reject(Object.assign(new Error(frame.error.message), { code: frame.error.code }));
      else call?.resolve(frame.value);
    }
  }

  #post(frame: Frame): void {
    if (!this.#closed) this.#channel.postMessage({ ...frame, from: this.id });
  }
}

/** Command results cross the channel by structured clone: drop what cannot (functions, raw wire bodies). */
function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return undefined;
  }
}
