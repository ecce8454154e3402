// Several tabs of one site, one chat, once another tab is there. The tab that owns the chat holds a Web Lock
// and the only socket; it broadcasts the chat's state on the site's BroadcastChannel, and the other tabs
// mirror it and send their commands to it. When the owner goes away (closed, reloaded, navigated) the lock
// passes to a waiting tab, which picks the chat up from the credentials it was given. Nothing leaves the
// browser; the token only ever travels between tabs of the same origin. The channel and the lock themselves
// are the tab's presence (tab-presence.ts), which every chat has; this is loaded when another tab answers.
import type { AgentInfo, ChatEnding, ChatState, ConnectionState, LifecycleMetadata, OutgoingMessage, PersistedState, TranscriptMessage } from './types.js';
import type { TabPresence } from './tab-presence.js';

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
  /** The answer every tab gives a hello: the newcomer is not alone (tab-presence.ts). */
  | { type: 'here' }
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

export class TabLink {
  #presence: TabPresence;
  #handlers: TabLinkHandlers;
  #waiting?: AbortController;
  #calls = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  #nextCall = 0;

  constructor(presence: TabPresence, handlers: TabLinkHandlers) {
    this.#presence = presence;
    this.#handlers = handlers;
    presence.onClose = () => {
      this.stopWaiting();
      for (const call of this.#calls.values()) call.reject(new Error('closed'));
      this.#calls.clear();
    };
  }

  /** Read the frames the presence kept while this loaded, then every frame after them. */
  listen(): void {
    const presence = this.#presence;
    presence.receive = (frame) => void this.#receive(frame as unknown as Frame & { from: string });
    for (const frame of presence.pending.splice(0)) presence.receive(frame);
  }

  get owning(): boolean {
    return this.#presence.owning;
  }

  release(): void {
    this.#presence.release();
  }

  /** Queue for ownership: `takeOver` runs when the owning tab lets go (closed, reloaded, chat moved on). */
  waitForOwnership(takeOver: () => Promise<boolean>): void {
    const presence = this.#presence;
    if (this.#waiting || presence.owning) return;
    const waiting = new AbortController();
    this.#waiting = waiting;
    void navigator.locks
      .request(presence.lockName, { signal: waiting.signal }, async () => {
        this.#waiting = undefined;
        if (presence.closed) return;
        const held = new Promise<void>((release) => presence.hold(release));
        // Keep the lock only if the takeover worked; otherwise the next tab in line gets its turn.
        if (!(await takeOver().catch(() => false))) presence.release();
        return held;
      })
      .catch(() => undefined); // aborted
  }

  /** Stop waiting to take over (the chat ended, or this tab owns another one). */
  stopWaiting(): void {
    this.#waiting?.abort();
    this.#waiting = undefined;
  }

  broadcast(snapshot: ChatSnapshot): void {
    this.#presence.post({ type: 'snapshot', snapshot });
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
      this.#presence.post({ type: 'command', to: owner, id, name, args });
    });
  }

  async #receive(frame: Frame & { from: string }): Promise<void> {
    const presence = this.#presence;
    if (frame.type === 'hello') {
      if (presence.owning) this.#handlers.hello();
    } else if (frame.type === 'snapshot') {
      this.#handlers.snapshot(frame.snapshot, frame.from);
    } else if (frame.type === 'command' && frame.to === presence.id) {
      const reply = { type: 'result', to: frame.from, id: frame.id } as const;
      try {
        presence.post({ ...reply, value: cloneable(await this.#handlers.command(frame.name, frame.args)) });
      } catch (error) {
        const failure = error as { message?: string; code?: string };
        presence.post({ ...reply, error: { message: failure?.message ?? String(error), code: failure?.code ?? 'client.error' } });
      }
    } else if (frame.type === 'result' && frame.to === presence.id) {
      const call = this.#calls.get(frame.id);
      this.#calls.delete(frame.id);
      if (frame.error) call?.reject(Object.assign(new Error(frame.error.message), { code: frame.error.code }));
      else call?.resolve(frame.value);
    }
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
