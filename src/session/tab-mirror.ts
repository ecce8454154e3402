// One chat across the site's tabs, seen from a session: the tab that holds the chat broadcasts its state (one
// snapshot per task, only what was appended when it can); a tab that joins while another holds a chat mirrors
// it, sends its commands there, and takes the chat over when that tab goes away. Loaded once another tab of
// the site is there (tab-presence.ts): a chat alone in its tab never downloads it.
import type { WritableAtom } from 'nanostores';
import type { Emitter } from '../util/emitter.js';
import { SessionError } from './session-error.js';
import { TabLink, type ChatSnapshot } from './tab-link.js';
import type { TabPresence } from './tab-presence.js';
import type { AgentInfo, ChatEnding, ChatState, ConnectionState, LifecycleMetadata, OutgoingMessage, PersistedState, SessionEvents, TranscriptMessage } from './types.js';

/** What a mirroring tab may ask the tab that holds the chat to run. */
export const TAB_COMMANDS = ['sendMessage', 'endChat', 'sendTyping', 'fetchHistory', 'retryMessage', 'discardMessage', 'answer'] as const;
export type TabCommand = (typeof TAB_COMMANDS)[number];

/** The stores a snapshot carries besides the transcript and the metadata, by snapshot field. */
export interface MirroredStores {
  agents: WritableAtom<AgentInfo[]>;
  agentTyping: WritableAtom<AgentInfo | null>;
  connection: WritableAtom<ConnectionState>;
  outbox: WritableAtom<OutgoingMessage[]>;
  hasMoreHistory: WritableAtom<boolean>;
  ending: WritableAtom<ChatEnding | null>;
  /** Last: a mirror's view already has the rest when it sees the state change. */
  state: WritableAtom<ChatState>;
}

export interface MirrorHost {
  key: string;
  events: Emitter<SessionEvents>;
  messages: WritableAtom<TranscriptMessage[]>;
  stores: MirroredStores;
  metadata(): LifecycleMetadata;
  setMetadata(metadata: LifecycleMetadata): void;
  /** This tab runs a chat of its own (started, restored or taken over). */
  active(): boolean;
  /** This tab is picking a chat up: not shown to others yet. */
  restoring(): boolean;
  persisted(): PersistedState | null;
  /** Pick the chat up from what the owner last said, showing `shown` meanwhile; resolves when done. */
  takeOver(persisted: PersistedState, shown: TranscriptMessage[]): Promise<unknown>;
  run(name: TabCommand, args: unknown[]): Promise<unknown>;
}

export class TabMirror {
  #host: MirrorHost;
  #tabs: TabLink;
  /** The tab whose chat this session mirrors (it holds the socket); undefined when this tab runs its own. */
  #owner?: string;
  #lastSnapshot?: ChatSnapshot;
  #queued = false;
  #sent: TranscriptMessage[] = [];

  /** Takes over the tab's presence: reads what the other tabs said so far, and tells them of every change. */
  constructor(host: MirrorHost, presence: TabPresence) {
    this.#host = host;
    // Kept for the session's life: once the presence is closed, nothing is sent.
    const changed = () => this.broadcast(false);
    for (const store of [host.messages, ...Object.values(host.stores)]) store.listen(changed);
    this.#tabs = new TabLink(presence, {
      snapshot: (snapshot, from) => this.#onSnapshot(snapshot, from),
      hello: () => this.broadcast(true),
      command: (name, args) => this.#run(name, args),
    });
    this.#tabs.listen();
    // This tab ran its chat alone until now: the tab just met has not seen any of it.
    this.broadcast(true);
  }

  get mirroring(): boolean {
    return this.#owner !== undefined;
  }

  /** Whether the window was open in the tab that holds the chat. */
  get ownerUi(): { open: boolean; minimized: boolean } | undefined {
    return this.#owner ? this.#lastSnapshot?.persisted?.ui : undefined;
  }

  /** The chat ended here: the mirrors hear it at once, and the lock goes. */
  ended(): void {
    if (!this.#tabs.owning) return;
    this.broadcast(true, true);
    this.#tabs.release();
  }

  /** Run a command in the tab that holds the chat. */
  forward(name: TabCommand, args: unknown[]): Promise<unknown> {
    return this.#tabs.call(this.#owner!, name, args).catch((error: Error & { code?: string }) => {
      throw new SessionError(error.message, error.code ?? 'tab.error', error);
    });
  }

  /** The owner tells the others what changed, coalesced to one snapshot per task. */
  broadcast(full: boolean, now = false): void {
    const tabs = this.#tabs;
    if (!tabs.owning || this.#owner || this.#host.restoring()) return; // a chat being picked up is not shown yet
    if (full) this.#sent = [];
    const send = () => {
      this.#queued = false;
      const messages = this.#host.messages.get();
      const previous = this.#sent;
      const extends_ = previous.length > 0 && previous.length <= messages.length && messages[previous.length - 1] === previous[previous.length - 1];
      this.#sent = messages;
      const snapshot: Record<string, unknown> = {
        ...(extends_ ? { appended: messages.slice(previous.length) } : { messages }),
        metadata: this.#host.metadata(),
        persisted: this.#host.persisted(),
      };
      for (const [field, store] of Object.entries(this.#host.stores)) snapshot[field] = store.get();
      tabs.broadcast(snapshot as unknown as ChatSnapshot);
    };
    if (now) send();
    else if (!this.#queued) {
      this.#queued = true;
      queueMicrotask(send);
    }
  }

  /** Another tab's chat: mirror it while it runs, queue to take it over, let go when it ends. */
  #onSnapshot(snapshot: ChatSnapshot, from: string): void {
    const host = this.#host;
    if (this.#tabs.owning || (!this.#owner && host.active()) || host.restoring()) return; // this tab runs its own chat
    const live = !['idle', 'ended'].includes(snapshot.state);
    if (!live && this.#owner !== from) return; // only the tab that held the chat can tell its mirrors it is over
    const wasMirroring = this.#owner !== undefined;
    this.#owner = live ? from : undefined;
    this.#lastSnapshot = snapshot;

    const known = new Set(host.messages.get().map((m) => m.id));
    const messages = snapshot.messages ?? [...(wasMirroring ? host.messages.get() : []), ...(snapshot.appended ?? [])];
    const fresh = messages.filter((m) => !known.has(m.id));
    const typingBefore = host.stores.agentTyping.get();
    const connectionBefore = host.stores.connection.get();
    host.messages.set(messages);
    host.setMetadata(snapshot.metadata);
    for (const [field, store] of Object.entries(host.stores)) {
      (store as WritableAtom<unknown>).set(snapshot[field as keyof ChatSnapshot]);
    }
    // The UI of this tab hears what the owner's heard: new messages, typing, the connection, the end.
    const { events } = host;
    if (fresh.length > 0) events.emit('messageReceived', { originalMessages: [], messages: fresh, restoring: !wasMirroring });
    if (!typingBefore && snapshot.agentTyping) events.emit('agentTypingStarted', { agent: snapshot.agentTyping });
    if (connectionBefore !== snapshot.connection) events.emit(snapshot.connection === 'offline' ? 'disconnected' : 'reconnected', {});
    if (live) {
      this.#tabs.waitForOwnership(() => this.#takeOver());
    } else {
      this.#tabs.stopWaiting();
      if (snapshot.state === 'ended') events.emit('ended', { reason: 'tab' });
    }
  }

  /** The owning tab went away: this one picks the chat up with the resume token it was given. */
  async #takeOver(): Promise<boolean> {
    const snapshot = this.#lastSnapshot;
    // #owner is set only while the last snapshot showed a live chat.
    if (!this.#owner || !snapshot?.persisted) return false;
    this.#owner = undefined;
    return this.#host.takeOver(snapshot.persisted, this.#host.messages.get()).then(
      () => true,
      () => false,
    );
  }

  async #run(name: string, args: unknown[]): Promise<unknown> {
    if (!(TAB_COMMANDS as readonly string[]).includes(name)) throw new SessionError(`Unknown command "${name}".`, 'tab.command');
    return this.#host.run(name as TabCommand, args);
  }
}
