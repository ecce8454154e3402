// The transcript: the transport's messages turned into entries once each (de-duplicated by id), counted in
// the lifecycle block, passed through the page's prefilters and pre-processors, kept in time order, and the
// history behind the transport's opaque cursor.
import { atom } from 'nanostores';
import type { ChatMessage, ChatTransport } from '../transport/contract.js';
import type { Emitter } from '../util/emitter.js';
import type { Lifecycle } from './lifecycle.js';
import { toTranscriptMessage } from './messages.js';
import type { PreProcessor, SenderType, SessionData, SessionEvents, TranscriptMessage } from './types.js';

export interface ConversationHost {
  events: Emitter<SessionEvents>;
  lifecycle: Lifecycle;
  names(): Record<SenderType, string>;
  /** One of the visitor's own messages came back: the outbox lets go of it. */
  ownMessage(message: ChatMessage): void;
  /** An agent said something: their typing indicator stops. */
  agentSpoke(): void;
  /** The chat the messages belong to, which messageReceived names. */
  sessionData(): SessionData | undefined;
}

export class Conversation {
  /** The visible transcript, oldest first (filtered and pre-processed). */
  readonly $messages = atom<TranscriptMessage[]>([]);
  /** More history can be fetched. */
  readonly $hasMoreHistory = atom(false);
  readonly prefilters: RegExp[] = [];
  readonly preProcessors: PreProcessor[] = [];
  /** The newest message received live: a message queued now can only land after it. */
  newestId?: string;
  /** Where the next older history page starts (the transport's own cursor). */
  olderCursor?: string;
  /** The messages a restore loaded, as the transport gave them: the outbox is reconciled against them. */
  restored: ChatMessage[] = [];
  #host: ConversationHost;
  #knownIds = new Set<string>();
  #index = 0;
  /** Live messages waiting for the next frame (queue). */
  #incoming: ChatMessage[] = [];
  #cancelFlush?: () => void;

  constructor(host: ConversationHost) {
    this.#host = host;
  }

  /**
   * Adds the transport's messages to the transcript once each, counting them in the metadata. A service need
   * not deliver in order: a message older than the newest shown takes its place by time.
   */
  receive(wire: ChatMessage[], restoring: boolean, position: 'append' | 'prepend' = 'append'): TranscriptMessage[] {
    // Once per id, also within one batch (a service may say the same thing twice in one frame's time).
    const fresh = wire.filter((message) => !this.#knownIds.has(message.id) && Boolean(this.#knownIds.add(message.id)));
    if (fresh.length === 0) return [];
    const { lifecycle, events } = this.#host;
    const shown: TranscriptMessage[] = [];
    for (const message of fresh) {
      // Structured messages (answers, files, cards) are said by someone like text is.
      const said = message.kind === 'text' || message.kind === 'structured';
      if (!restoring) lifecycle.count(!said ? 'systemMessages' : message.own ? 'userMessages' : 'agentMessages');
      if (message.own && said) this.#host.ownMessage(message);
      let entry = toTranscriptMessage(message, this.#index++, this.#host.names());
      if (restoring) entry.restoring = true;
      if (entry.type === 'Message' && this.prefilters.some((filter) => testFilter(filter, entry.text))) continue;
      for (const process of this.preProcessors) {
        try {
          entry = process({ ...entry, from: { ...entry.from } }) ?? entry;
        } catch (error) {
          console.warn('gc-webchat: a registered pre-processor threw; showing the message unchanged', error);
        }
      }
      shown.push(entry);
      if (entry.from.type === 'Agent' && entry.type === 'Message') this.#host.agentSpoke();
    }
    if (position === 'append') this.newestId = fresh[fresh.length - 1].id;
    if (shown.length > 0) {
      const current = this.$messages.get();
      this.$messages.set(position === 'prepend' ? [...shown, ...current] : insertByTime(current, shown));
    }
    events.emit('messageReceived', { originalMessages: fresh.map((message) => message.raw), messages: shown, restoring, sessionData: this.#host.sessionData() });
    return shown;
  }

  /**
   * A live message joins the transcript on the next animation frame, with every other that arrived by then:
   * a burst of thousands of frames costs one render, not one render and layout each. A hidden tab gets no
   * frames, so a timer stands in for one there.
   */
  queue(message: ChatMessage): void {
    if (this.#incoming.push(message) > 1) return;
    const flush = () => this.flush();
    const timer = setTimeout(flush, 100);
    const frame = globalThis.requestAnimationFrame?.(flush);
    this.#cancelFlush = () => {
      clearTimeout(timer);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }

  /** The queued live messages join the transcript now (before anything that must come after them). */
  flush(): void {
    this.#cancelFlush?.();
    this.#cancelFlush = undefined;
    const batch = this.#incoming.splice(0);
    if (batch.length > 0) this.receive(batch, false);
  }

  /** The page of messages before `before` (the newest page without it), oldest first; notes whether more exist. */
  async olderPage(transport: ChatTransport, before: string | undefined, size: number | undefined): Promise<ChatMessage[]> {
    if (transport.capabilities.history === 'none') return [];
    // The transport keeps the page size within what the service allows.
    const page = await transport.history(before, size);
    this.olderCursor = page.before;
    this.$hasMoreHistory.set(page.before !== undefined);
    return page.messages;
  }

  /** A restored chat's transcript: the newest page, or every page when the page asked for it all at once. */
  async loadRestored(transport: ChatTransport, everything: boolean, size: number | undefined): Promise<void> {
    const loaded = await this.olderPage(transport, undefined, size);
    while (everything && this.olderCursor !== undefined && loaded.length > 0) {
      loaded.unshift(...(await this.olderPage(transport, this.olderCursor, size)));
    }
    this.flush();
    transport.markSeen(loaded);
    this.restored = loaded;
    this.receive(loaded, true);
  }

  /** The prefilters as they are stored with the chat, and back (one that no longer compiles is dropped). */
  storedFilters(): { source: string; flags: string }[] {
    return this.prefilters.map((filter) => ({ source: filter.source, flags: filter.flags }));
  }

  loadFilters(stored: { source: string; flags: string }[]): void {
    for (const filter of stored) {
      try {
        if (this.prefilters.some((f) => f.source === filter.source && f.flags === filter.flags)) continue;
        this.prefilters.push(new RegExp(filter.source, filter.flags));
      } catch {
        // A filter that no longer compiles is dropped rather than blocking the restore.
      }
    }
  }

  /** A mirror shows another tab's transcript as it is; ids it shows are known here too. */
  mirror(messages: TranscriptMessage[]): void {
    this.$messages.set(messages);
  }

  clear(): void {
    this.#cancelFlush?.();
    this.#incoming = [];
    this.#knownIds.clear();
    this.olderCursor = undefined;
    this.newestId = undefined;
    this.restored = [];
    this.#index = 0;
    this.$messages.set([]);
    this.$hasMoreHistory.set(false);
  }
}

/** Messages in time order: each new one goes after every message not newer than it (equal times keep arrival order). */
function insertByTime(current: TranscriptMessage[], added: TranscriptMessage[]): TranscriptMessage[] {
  const result = [...current];
  for (const message of added) {
    let at = result.length;
    while (at > 0 && result[at - 1].timestamp > message.timestamp) at--;
    result.splice(at, 0, message);
  }
  return result;
}

function testFilter(filter: RegExp, text: string): boolean {
  filter.lastIndex = 0; // a global regex keeps state between calls
  return filter.test(text);
}
