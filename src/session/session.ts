// One chat session: the seeds' WebChatService. It owns the stores the elements read, the interaction
// lifecycle with its metadata block, the command API with the seed's resolutions and rejections, and
// persistence for restore. It talks to the wire only through a ChatTransport.
import { atom, map, type ReadableAtom, type WritableAtom } from 'nanostores';
import { Emitter } from '../util/emitter.js';
import { reconnectDelay } from '../util/backoff.js';
import { uuid } from '../util/uuid.js';
import { transportDefinition } from '../transport/registry.js';
import {
  isTransient,
  TransportError,
  type ChatMessage,
  type ChatTransport,
  type Participant,
  type ResumeToken,
  type TransportDefinition,
} from '../transport/contract.js';
import { Reasons, SessionError } from './errors.js';
import { toTranscriptMessage } from './messages.js';
import { createMetadata, newInteractionId } from './metadata.js';
import { Outbox } from './outbox.js';
import { TabLink, tabLinkAvailable, type ChatSnapshot } from './tab-link.js';
import { isStateStorage, localStorageState, sessionStorageState } from './storage.js';
import { buildStartRequest, isPlainObject, RESERVED_FIELDS, toFieldValue } from './user-data.js';
import type {
  AgentInfo,
  ChatState,
  ConnectionState,
  LifecycleMetadata,
  LifecycleStep,
  OutgoingMessage,
  PersistedState,
  PreProcessor,
  SenderType,
  SessionConfig,
  SessionData,
  SessionEvents,
  StartChatOptions,
  StateStorage,
  TranscriptMessage,
} from './types.js';

const CLIENT_TYPING_WINDOW_MS = 2000;
const DEFAULT_RESTORE_TIMEOUT_MS = 60_000;
/** Tries at restoring through failures that may pass (no answer, 429, 5xx) before restoreFailed; what is left stays stored. */
const RESTORE_ATTEMPTS = 4;
/** What a mirroring tab sends to the tab that holds the chat (see #forward). */
const TAB_COMMANDS = ['sendMessage', 'endChat', 'sendTyping', 'fetchHistory', 'retryMessage', 'discardMessage'] as const;

export class ChatSession {
  /** Where the chat is: idle, starting, restoring, waiting (queued), chatting, ended. */
  readonly $state = atom<ChatState>('idle');
  /** The visible transcript, oldest first (filtered and pre-processed). */
  readonly $messages = atom<TranscriptMessage[]>([]);
  readonly $agents = atom<AgentInfo[]>([]);
  /** The agent currently typing, if any. */
  readonly $agentTyping = atom<AgentInfo | null>(null);
  readonly $connection = atom<ConnectionState>('online');
  readonly $metadata = map<LifecycleMetadata>(createMetadata());
  /** More history can be fetched with fetchHistory(). */
  readonly $hasMoreHistory = atom(false);
  /** What the visitor wrote that is not in the transcript yet: sending, sent (awaiting echo) or failed. */
  readonly $outbox: ReadableAtom<OutgoingMessage[]>;

  /** Names shown when the wire gives none; the elements set these from the i18n table. */
  fallbackNames: Record<SenderType, string> = { Agent: 'Agent', Client: 'You', Bot: 'Bot', External: 'System', System: 'System' };

  readonly config: Readonly<SessionConfig>;
  #events = new Emitter<SessionEvents>();
  #transport?: ChatTransport;
  #storage: StateStorage | null;
  #userData: Record<string, unknown>;
  #prefilters: RegExp[] = [];
  #preProcessors: PreProcessor[] = [];
  #knownIds = new Set<string>();
  /** Where the next older history page starts (the transport's own cursor). */
  #olderCursor?: string;
  #definition: TransportDefinition;
  #key: string;
  /** The visitor's name in this chat, for the answer to sendMessage before the echo is in. */
  #ownName?: string;
  /** The messages a restore loaded, as the transport gave them: the outbox is reconciled against them. */
  #restoredWire: ChatMessage[] = [];
  /** The visitor ended the chat before its transport was loaded. */
  #leaveOnceCreated = false;
  /** The resume token of the chat that ended last: a protocol with one visitor identity starts the next on it. */
  #previous?: ResumeToken;
  #index = 0;
  #agentTypingTimer?: ReturnType<typeof setTimeout>;
  #clientTypingTimer?: ReturnType<typeof setTimeout>;
  #clientTypingSent = false;
  #restoring = false;
  #ui = { open: false, minimized: false };
  #typingInputs = new WeakSet<object>();
  #newestId?: string;
  #outbox: Outbox;
  #disposed = false;
  #storageWarned = false;
  #checkpointTimer?: ReturnType<typeof setInterval>;
  #tabs?: TabLink;
  /** The tab whose chat this session mirrors (it holds the socket); undefined when this tab runs its own. */
  #owner?: string;
  #lastSnapshot?: ChatSnapshot;
  #broadcastQueued = false;
  #broadcastMessages: TranscriptMessage[] = [];

  constructor(config: SessionConfig) {
    this.config = config;
    this.#outbox = new Outbox({
      send: (text, correlationId) => this.#requireChat(Reasons.noActiveSession).send(text, { correlationId }),
      sync: async () => this.#transport?.sync(),
      canSend: () => this.#transport !== undefined && this.$connection.get() === 'online' && this.#chatOpen(),
      newestId: () => this.#newestId,
      changed: () => this.#persist(),
      failed: (message, error) => {
        const failure = describe(error);
        this.#recordError(failure.code);
        this.#events.emit('messageFailed', { message, error: failure });
        this.#events.emit('error', failure);
      },
    });
    this.$outbox = this.#outbox.$entries;
    // Messages written while the chat was being created go as soon as it exists.
    this.$state.listen(() => {
      if (this.#chatOpen()) this.#outbox.pump();
      this.#keepCheckpointing();
    });
    this.#userData = { ...(config.userData ?? {}) };
    this.#definition = transportDefinition(config.transport);
    this.#key = this.#definition.storageKey(config as unknown as Record<string, unknown>) ?? `gc-webchat:${config.transport}`;
    this.#storage =
      config.storage === null
        ? null
        : isStateStorage(config.storage)
          ? config.storage
          : this.#definition.keep === 'site'
            ? localStorageState(this.#key)
            : sessionStorageState(this.#key);
  }

  on<K extends keyof SessionEvents>(type: K, listener: (event: SessionEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  /** Every event of the session, with its name: how the widget turns each into a gc-* DOM event. */
  onAny(listener: (type: keyof SessionEvents, event: SessionEvents[keyof SessionEvents]) => void): () => void {
    return this.#events.onAny(listener);
  }

  get metadata(): LifecycleMetadata {
    return { ...this.$metadata.get() };
  }

  /** A chat is being started, restored or is running (not idle, not ended). */
  get active(): boolean {
    return !['idle', 'ended'].includes(this.$state.get());
  }

  /** The key this chat is stored under (its transport's choice): tabs and title alerts share it. */
  get storageKey(): string {
    return this.#key;
  }

  get uiState(): { open: boolean; minimized: boolean } {
    return { ...this.#ui };
  }

  // --- Lifecycle (seed 001) ---------------------------------------------------------------------

  /** The widget is configured and can take commands. */
  ready(): void {
    this.#lifecycle('ready');
  }

  /** The visitor opened the chat window. */
  open(options: { proactive?: boolean } = {}): void {
    if (this.$metadata.get().opened && !this.$metadata.get().closed) return;
    this.#resetMetadataIfFinished();
    if (options.proactive) this.$metadata.setKey('proactive', true);
    this.$metadata.setKey('opened', Date.now());
    this.$metadata.setKey('closed', false);
    this.#lifecycle('opened');
    this.rememberUi({ open: true });
  }

  /** The visitor closed the window: an unfinished interaction counts as cancelled first. */
  async close(): Promise<void> {
    if (!this.$metadata.get().opened || this.$metadata.get().closed) return;
    if (this.active) {
      await this.endChat().catch(() => undefined);
    } else if (!this.#finishedStep()) {
      this.#stamp('cancelled');
    }
    this.$metadata.setKey('closed', Date.now());
    this.#lifecycle('closed');
    this.rememberUi({ open: false, minimized: false });
  }

  /** Record how the form was filled (prefilled, auto-submitted) before startChat. */
  noteForm(flags: { prefilled?: boolean; autoSubmitted?: boolean }): void {
    this.#resetMetadataIfFinished();
    if (flags.prefilled !== undefined) this.$metadata.setKey('prefilled', flags.prefilled);
    if (flags.autoSubmitted !== undefined) this.$metadata.setKey('autoSubmitted', flags.autoSubmitted);
  }

  rememberUi(ui: Partial<{ open: boolean; minimized: boolean }>): void {
    this.#ui = { ...this.#ui, ...ui };
    this.checkpoint();
  }

  // --- Commands (seed 003) ------------------------------------------------------------------------

  async startChat(options: StartChatOptions = {}): Promise<SessionData> {
    if (this.active) throw new SessionError(Reasons.alreadyActive, 'chat.active');
    if (options.userData !== undefined && !isPlainObject(options.userData)) {
      throw new SessionError(Reasons.malformedUserData, 'userdata.malformed');
    }
    this.#resetMetadataIfFinished();
    if (!this.$metadata.get().opened) this.open();
    const form = { ...(options.form ?? {}) };
    for (const key of RESERVED_FIELDS) {
      if (options[key] !== undefined && form[key] === undefined) form[key] = options[key];
    }
    this.$metadata.setKey('form', form);
    this.$metadata.setKey('id', newInteractionId());
    this.#lifecycle('submitted', { form });

    this.#clearConversation();
    this.#leaveOnceCreated = false;
    this.$state.set('starting');
    let transport: ChatTransport | undefined;
    try {
      transport = await this.#createTransport();
      if (this.#leaveOnceCreated) void transport.leave().catch(() => undefined);
      const request = buildStartRequest(options, this.#userData);
      this.#ownName = request.displayName;
      await transport.start({ ...request, ...(this.#previous && { previous: this.#previous }) });
    } catch (error) {
      transport?.dispose();
      this.#transport = undefined;
      this.$state.set('idle');
      const failure = describe(error);
      this.#recordError(failure.code);
      this.#stamp('rejected');
      this.#lifecycle('rejected', { error: failure });
      this.#events.emit('error', failure);
      throw toSessionError(error);
    }
    if (this.$state.get() === 'starting') this.$state.set('waiting');
    this.$metadata.setKey('started', Date.now());
    this.#persist();
    if (this.#tabs) void this.#tabs.claim().then(() => this.#broadcast(true));
    const session = this.sessionData()!;
    this.#lifecycle('started', { session });
    return session;
  }

  async endChat(): Promise<void> {
    if (this.#owner && this.active) {
      await this.#forward('endChat', []);
      return;
    }
    if (this.$state.get() === 'starting' && !this.#transport) {
      // The protocol's code is still loading: the chat ends now, and is left as soon as it exists.
      this.#leaveOnceCreated = true;
      this.#finishChat('customer');
      return;
    }
    if (!this.active || !this.#transport) throw new SessionError(Reasons.noActiveSession, 'no.session');
    try {
      await this.#transport.leave();
    } catch (error) {
      // The visitor asked to leave: end locally even when the service could not be told.
      this.#events.emit('error', describe(error));
    }
    this.#finishChat('customer');
  }

  /**
   * Queue a message in the outbox and resolve once the service accepted it. A failed attempt rejects, but
   * the message stays in the outbox (failed, or waiting for the connection) until sent or discarded.
   */
  async sendMessage(input: string | { message?: string }): Promise<TranscriptMessage | undefined> {
    const text = textOf(input);
    if (typeof text !== 'string' || text.trim() === '') throw new SessionError(Reasons.noMessageText, 'no.text');
    if (this.#owner) return this.#forward('sendMessage', [text]) as Promise<TranscriptMessage | undefined>;
    this.#requireChat(Reasons.noActiveSession);
    this.#stopClientTyping();
    const { accepted } = this.#outbox.enqueue(text);
    try {
      const { id, message } = await accepted;
      if (message) return toTranscriptMessage(message, -1, this.fallbackNames);
      const from = { type: 'Client' as const, name: this.#ownName || this.fallbackNames.Client, id: this.#transport?.ids()?.participantId ?? '' };
      return { id, index: -1, type: 'Message', text, timestamp: Date.now(), from };
    } catch (error) {
      throw toSessionError(error);
    }
  }

  /** Try a failed message again, keeping its place in the queue. */
  retryMessage(id: string): void {
    if (this.#owner) void this.#forward('retryMessage', [id]).catch(() => undefined);
    else this.#outbox.retry(id);
  }

  /** Drop a message that was not sent. */
  discardMessage(id: string): void {
    if (this.#owner) void this.#forward('discardMessage', [id]).catch(() => undefined);
    else this.#outbox.discard(id);
  }

  async sendCustomNotice(input: string | { message?: string }): Promise<void> {
    const text = textOf(input) ?? '';
    const transport = this.#requireChat(Reasons.noActiveSession);
    if (!transport.capabilities.customNotice) throw new SessionError(Reasons.customNotice, 'unsupported');
    const delivery = await transport.send(text, { correlationId: uuid(), kind: 'notice' });
    if (delivery.outcome !== 'accepted') await this.#command(Promise.reject(delivery.error));
  }

  async sendTyping(): Promise<void> {
    if (this.#owner) {
      await this.#forward('sendTyping', []);
      return;
    }
    const transport = this.#requireChat(Reasons.noActiveSession);
    clearTimeout(this.#clientTypingTimer);
    this.#clientTypingTimer = setTimeout(() => this.#stopClientTyping(), CLIENT_TYPING_WINDOW_MS);
    // One typing call per burst: keystrokes within the window are swallowed.
    if (this.#clientTypingSent) return;
    this.#clientTypingSent = true;
    this.#events.emit('clientTypingStarted', {});
    await this.#command(transport.typing());
  }

  async sendFilteredMessage(input: { message?: string; regex?: RegExp } | string, regex?: RegExp): Promise<void> {
    const filter = typeof input === 'string' ? regex : input?.regex;
    this.#requireChat(Reasons.noActiveSessionShort);
    if (filter instanceof RegExp) this.#prefilters.push(filter);
    this.#persist();
    await this.sendMessage(textOf(input) ?? '');
  }

  async addPrefilter(input: { filters?: RegExp | RegExp[] } | RegExp | RegExp[]): Promise<RegExp[]> {
    const filters = input instanceof RegExp || Array.isArray(input) ? input : input?.filters;
    const list = [filters].flat();
    if (list.length === 0 || !list.every((f) => f instanceof RegExp)) {
      throw new SessionError(Reasons.invalidFilters, 'invalid.filters');
    }
    this.#prefilters.push(...(list as RegExp[]));
    this.#persist();
    return [...this.#prefilters];
  }

  async updateUserData(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!isPlainObject(data)) throw new SessionError(Reasons.malformedUserData, 'userdata.malformed');
    if (this.active && !this.#transport?.capabilities.midChatAttributes) {
      throw new SessionError(Reasons.userDataDuringChat, 'unsupported');
    }
    this.#userData = { ...this.#userData, ...data };
    if (this.active) {
      // Sent with the next message: the protocol merges them into the participant's attributes.
      const changed = Object.entries(data).map(([key, value]) => [key, toFieldValue(value)]).filter(([, value]) => value !== undefined);
      this.#transport?.updateAttributes?.(Object.fromEntries(changed));
    }
    return { ...this.#userData };
  }

  /** Chat Service JS API (seed 004): set, read and delete userData keys this page set. */
  setUserData(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.updateUserData(data);
  }

  async getUserData(key: string): Promise<{ userData: Record<string, string | undefined> }> {
    return { userData: { [key]: toFieldValue(this.#userData[key]) } };
  }

  async deleteUserData(key: string): Promise<{ timestamp: number }> {
    if (this.active && !this.#transport?.capabilities.midChatAttributes) {
      throw new SessionError(Reasons.userDataDuringChat, 'unsupported');
    }
    delete this.#userData[key];
    return { timestamp: Date.now() };
  }

  async getTranscript(): Promise<{ messages: TranscriptMessage[] }> {
    return { messages: [...this.$messages.get()] };
  }

  async getAgents(): Promise<AgentInfo[]> {
    return this.$agents.get().map((agent) => ({ ...agent }));
  }

  async getStats(): Promise<{ agents: AgentInfo[]; startTime?: number; endTime?: number; duration?: number }> {
    const metadata = this.$metadata.get();
    const startTime = metadata.started || undefined;
    const endTime = (metadata.completed || metadata.cancelled) || undefined;
    return {
      agents: await this.getAgents(),
      startTime,
      endTime,
      duration: startTime ? (endTime ?? Date.now()) - startTime : undefined,
    };
  }

  async getSessionData(): Promise<SessionData | undefined> {
    return this.sessionData();
  }

  sessionData(): SessionData | undefined {
    const ids = this.#transport?.ids();
    if (!ids) return undefined;
    return { ...ids, transportId: this.config.transport };
  }

  /** Load the page of messages older than the oldest shown (maxMessagePageSize at a time). */
  async fetchHistory(): Promise<TranscriptMessage[]> {
    if (this.#owner) return this.#forward('fetchHistory', []) as Promise<TranscriptMessage[]>;
    const transport = this.#requireChat(Reasons.noActiveSession, true);
    if (!this.$hasMoreHistory.get() || !this.#olderCursor) throw new SessionError(Reasons.noMoreHistory, 'no.more');
    const older = await this.#command(this.#olderPage(transport, this.#olderCursor));
    transport.markSeen(older);
    return this.#receive(older, true, 'prepend');
  }

  async registerPreProcessor(input: { preprocessor?: unknown } | PreProcessor): Promise<PreProcessor> {
    const fn = typeof input === 'function' ? input : input?.preprocessor;
    if (typeof fn !== 'function') {
      throw new SessionError(Reasons.invalidPreprocessor(fn === undefined ? '' : typeof fn), 'invalid.preprocessor');
    }
    this.#preProcessors.push(fn as PreProcessor);
    return fn as PreProcessor;
  }

  async registerTypingPreviewInput(input: { input?: unknown } | unknown): Promise<void> {
    const element = isTextInput(input) ? input : (input as { input?: unknown })?.input;
    if (!isTextInput(element)) throw new SessionError(Reasons.invalidTypingInput, 'invalid.input');
    if (this.#typingInputs.has(element)) return;
    this.#typingInputs.add(element);
    element.addEventListener('input', () => {
      if (this.#chatOpen()) void this.sendTyping().catch(() => undefined);
    });
  }

  async verifySession(): Promise<{ sessionActive: boolean }> {
    return { sessionActive: this.active || Boolean(await this.#readStored()) };
  }

  poll(): Promise<never> {
    return unsupported(Reasons.polling);
  }
  startPoll(): Promise<never> {
    return unsupported(Reasons.polling);
  }
  stopPoll(): Promise<never> {
    return unsupported(Reasons.polling);
  }
  resetPollExceptions(): Promise<never> {
    return unsupported(Reasons.resetPoll);
  }
  sendFile(): Promise<never> {
    return unsupported(Reasons.fileUpload);
  }

  /** Pick up the chat this tab had before a reload: transcript, agents and state come back. */
  async restore(): Promise<SessionData> {
    if (this.#restoring) throw new SessionError(Reasons.alreadyRestoring, 'restoring');
    if (this.active) throw new SessionError(Reasons.restoreWhileActive, 'chat.active');
    const stored = await this.#readStored();
    if (!stored) throw new SessionError(Reasons.sessionNotFound, 'not.found');
    if (this.#tabs && !(await this.#tabs.claim())) {
      // Another tab holds this chat already: show it from there rather than open a second socket.
      throw new SessionError(Reasons.restoreWhileActive, 'chat.active');
    }
    return this.#resume(stored);
  }

  /**
   * Reattach to a stored chat: transcript, outbox, members and state come back. `shown` is the transcript
   * this tab mirrored when it is taking the chat over from another tab.
   */
  async #resume(stored: PersistedState, shown?: TranscriptMessage[]): Promise<SessionData> {
    this.#restoring = true;
    this.$state.set('restoring');
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.#reattach(stored);
        } catch (error) {
          this.#transport?.dispose();
          this.#transport = undefined;
          // A reload on a flaky network: a call that may pass is tried again before the restore gives up.
          if (attempt >= RESTORE_ATTEMPTS || this.#disposed || !isTransient(error)) throw error;
          const wait = Math.max(reconnectDelay(attempt, this.config.reconnect), ((error as TransportError).retryAfterSeconds ?? 0) * 1000);
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    } catch (error) {
      const failure = error instanceof SessionError ? error : toSessionError(error);
      // The tab this one takes over from can end the chat and let go of it before this tab hears of the
      // end: the chat is over here too, as it is there, not a restore that failed.
      const ended = shown && failure.code === 'chat.ended';
      if (ended) this.$messages.set(shown);
      this.$state.set(ended ? 'ended' : 'idle');
      this.#tabs?.release();
      // A chat that is gone is forgotten; one the network kept out of reach stays for the next reload.
      if (!isTransient(failure.cause)) await this.#write(null);
      this.#events.emit(ended ? 'ended' : 'restoreFailed', { reason: ended ? 'tab' : failure.message });
      throw failure;
    } finally {
      this.#restoring = false;
    }
  }

  /** One try at picking the stored chat up; whatever it stored may be damaged, so a throw here is a failed restore. */
  async #reattach(stored: PersistedState): Promise<SessionData> {
    this.#clearConversation();
    this.$metadata.set({ ...createMetadata(), ...stored.metadata });
    this.#ui = { ...stored.ui };
    for (const filter of stored.filters) {
      try {
        if (this.#prefilters.some((f) => f.source === filter.source && f.flags === filter.flags)) continue;
        this.#prefilters.push(new RegExp(filter.source, filter.flags));
      } catch {
        // A filter that no longer compiles is dropped rather than blocking the restore.
      }
    }
    const transport = await this.#createTransport();
    const found = await transport.resume(stored.resume);
    if (found === 'ended') throw new SessionError('The conversation ended while you were away.', 'chat.ended');
    await this.#loadRestoredTranscript(transport);
    if (found === 'readOnly') {
      // Ended while the visitor was away, its transcript still readable: shown as a chat that is over.
      this.#restoring = false;
      this.#outbox.load(stored.outbox ?? []);
      this.$state.set('waiting');
      this.#finishChat('agent');
      return this.sessionData()!;
    }
    await this.#restoreOutbox(transport, stored.outbox ?? []);
    for (const participant of await transport.participants()) this.#onParticipant({ participant, change: 'joined' }, true);
    // A connected agent has made it 'chatting' already (#onMember).
    if (this.$state.get() === 'restoring') this.$state.set('waiting');
    this.#restoring = false; // now the other tabs may mirror it
    this.#persist();
    this.#broadcast(true);
    const session = this.sessionData()!;
    this.#events.emit('restored', { session });
    return session;
  }

  /**
   * Save the chat's state now, stamped with the time: the restore timeout counts from the last checkpoint.
   * The widget calls it when the page is hidden or left; the session also does every few seconds.
   */
  checkpoint(): void {
    if (this.active) this.#persist();
  }

  /** Stop timers and sockets without ending the chat (the page is going away). */
  dispose(): void {
    this.checkpoint();
    this.#disposed = true;
    clearInterval(this.#checkpointTimer);
    this.#tabs?.close(); // the next tab in line takes the chat over
    clearTimeout(this.#agentTypingTimer);
    clearTimeout(this.#clientTypingTimer);
    this.#outbox.dispose();
    this.#transport?.dispose();
    this.#events.clear();
  }

  // --- Internals ----------------------------------------------------------------------------------

  /** The page of messages before `before` (the newest page without it), oldest first; notes whether more exist. */
  async #olderPage(transport: ChatTransport, before?: string): Promise<ChatMessage[]> {
    if (transport.capabilities.history === 'none') return [];
    // The transport keeps the page size within what the service allows.
    const page = await transport.history(before, this.config.maxMessagePageSize);
    this.#olderCursor = page.before;
    this.$hasMoreHistory.set(page.before !== undefined);
    return page.messages;
  }

  async #loadRestoredTranscript(transport: ChatTransport): Promise<void> {
    const loaded = await this.#olderPage(transport);
    // Without pagination the whole transcript comes back at once, page after page.
    while (this.config.pagination === false && this.#olderCursor !== undefined && loaded.length > 0) {
      loaded.unshift(...(await this.#olderPage(transport, this.#olderCursor)));
    }
    transport.markSeen(loaded);
    this.#restoredWire = loaded;
    this.#receive(loaded, true);
  }

  /**
   * Messages still in the outbox at reload: the ones that landed meanwhile leave it, the rest go again. What
   * may have landed is read from the history, back to the newest message shown when the first was queued.
   */
  async #restoreOutbox(transport: ChatTransport, saved: OutgoingMessage[]): Promise<void> {
    if (saved.length === 0) return;
    this.#outbox.load(saved);
    const from = this.#outbox.reconcileFrom();
    if (!from) return;
    const messages: ChatMessage[] = [];
    // The restored transcript is the newest page; older pages are read only as far as the start point.
    let cursor = this.#olderCursor;
    let seen = this.#restoredWire;
    for (let guard = 0; guard < 1000; guard++) {
      messages.unshift(...seen);
      if (from.after === undefined ? cursor === undefined : messages.some((m) => m.id === from.after)) break;
      if (cursor === undefined || transport.capabilities.history === 'none') break;
      const page = await transport.history(cursor, this.config.maxMessagePageSize);
      cursor = page.before;
      seen = page.messages;
    }
    const start = from.after === undefined ? 0 : messages.findIndex((m) => m.id === from.after) + 1;
    this.#outbox.reconcile(messages.slice(start), from.after);
  }

  async #readStored(): Promise<PersistedState | null> {
    let stored: PersistedState | null | undefined;
    try {
      stored = await this.#storage?.read();
    } catch {
      return null; // blocked or broken storage: there is simply nothing to restore
    }
    if (!stored || stored.version !== 2 || stored.transport !== this.config.transport || !stored.resume) return null;
    const age = Date.now() - (Number(stored.savedAt) || 0);
    // A chat the service keeps for the whole site lives as long as the service says (resume finds out).
    if (this.#definition.keep === 'tab' && age > (this.config.restoreTimeoutMs ?? DEFAULT_RESTORE_TIMEOUT_MS)) {
      // Too long since the page was left: the visitor has moved on, so the old chat is forgotten.
      await this.#write(null);
      this.#events.emit('restoreTimeout', {});
      return null;
    }
    return stored;
  }

  /** Storage may be blocked, full or a host object that throws: the chat goes on without it. */
  async #write(state: PersistedState | null): Promise<void> {
    try {
      await this.#storage?.write(state);
    } catch (error) {
      if (!this.#storageWarned) console.warn('gc-webchat: could not save the chat state; it will not survive a reload', error);
      this.#storageWarned = true;
    }
  }

  /** While a chat runs, re-save its state regularly so a crash or a killed tab still restores in time. */
  #keepCheckpointing(): void {
    clearInterval(this.#checkpointTimer);
    if (!this.active || this.#disposed) return;
    const every = Math.min(15_000, (this.config.restoreTimeoutMs ?? DEFAULT_RESTORE_TIMEOUT_MS) / 3);
    this.#checkpointTimer = setInterval(() => this.checkpoint(), every);
  }

  /** The configured protocol's transport, its chunk loaded on first use; the session listens to it from here on. */
  async #createTransport(): Promise<ChatTransport> {
    this.#transport?.dispose();
    this.#transport = undefined;
    let factory;
    try {
      factory = await this.#definition.load();
    } catch (cause) {
      throw new TransportError('The chat could not be loaded: check the connection and try again.', 0, 'load.failed', undefined, cause);
    }
    const { requestTimeoutMs, heartbeatTimeoutMs, reconnect, maxMessagePageSize } = this.config;
    const transport = factory(this.config as unknown as Record<string, unknown>, { requestTimeoutMs, heartbeatTimeoutMs, reconnect, pageSize: maxMessagePageSize });
    this.#transport = transport;
    // No unsubscribing: a disposed transport emits nothing more (see ChatTransport.dispose).
    transport.on('message', (message) => this.#receive([message], false));
    transport.on('participant', (change) => this.#onParticipant(change, false));
    transport.on('typing', ({ participant, durationMs }) => this.#onAgentTyping(participant, durationMs));
    transport.on('ended', ({ reason }) => this.#finishChat(reason));
    transport.on('connection', ({ state }) => {
      if (this.$connection.get() === state) return;
      this.$connection.set(state);
      this.#events.emit(state === 'offline' ? 'disconnected' : 'reconnected', {});
      if (state === 'online') this.#outbox.resume();
    });
    transport.on('error', (error) => this.#events.emit('error', describe(error)));
    return transport;
  }

  /** The chat exists on the service and takes messages (queued or with an agent). */
  #chatOpen(): boolean {
    return ['waiting', 'chatting'].includes(this.$state.get());
  }

  #requireChat(reason: string, allowEnded = false): ChatTransport {
    const usable = this.#chatOpen() || (allowEnded && this.$state.get() === 'ended');
    if (!usable || !this.#transport) throw new SessionError(reason, 'no.session');
    return this.#transport;
  }

  /** A command's call to the service: a failure is recorded, announced and rejected as a SessionError. */
  #command<T>(call: Promise<T>): Promise<T> {
    return call.catch((error) => {
      const failure = describe(error);
      this.#recordError(failure.code);
      this.#events.emit('error', failure);
      throw toSessionError(error);
    });
  }

  #recordError(code: string): void {
    const errors = this.$metadata.get().errors || [];
    this.$metadata.setKey('errors', [...errors, code]);
  }

  /**
   * Adds the transport's messages to the transcript once each, counting them in the metadata. A service need
   * not deliver in order: a message older than the newest shown takes its place by time.
   */
  #receive(wire: ChatMessage[], restoring: boolean, position: 'append' | 'prepend' = 'append'): TranscriptMessage[] {
    const fresh = wire.filter((message) => !this.#knownIds.has(message.id));
    if (fresh.length === 0) return [];
    const shown: TranscriptMessage[] = [];
    for (const message of fresh) {
      this.#knownIds.add(message.id);
      if (!restoring) this.#count(message);
      if (message.own && message.kind === 'text') this.#outbox.deliver(message);
      let entry = toTranscriptMessage(message, this.#index++, this.fallbackNames);
      if (restoring) entry.restoring = true;
      if (entry.type === 'Message' && this.#prefilters.some((filter) => testFilter(filter, entry.text))) continue;
      for (const process of this.#preProcessors) {
        try {
          entry = process({ ...entry, from: { ...entry.from } }) ?? entry;
        } catch (error) {
          console.warn('gc-webchat: a registered pre-processor threw; showing the message unchanged', error);
        }
      }
      shown.push(entry);
      if (entry.from.type === 'Agent' && entry.type === 'Message') this.#clearAgentTyping('agentTypingStopped');
    }
    if (position === 'append') this.#newestId = fresh[fresh.length - 1].id;
    if (shown.length > 0) {
      const current = this.$messages.get();
      this.$messages.set(position === 'prepend' ? [...shown, ...current] : insertByTime(current, shown));
    }
    this.#events.emit('messageReceived', {
      originalMessages: fresh.map((message) => message.raw),
      messages: shown,
      restoring,
    });
    return shown;
  }

  #count(message: ChatMessage): void {
    const key = message.kind !== 'text' ? 'systemMessages' : message.own ? 'userMessages' : 'agentMessages';
    this.$metadata.setKey(key, this.$metadata.get()[key] + 1);
  }

  #onParticipant({ participant, change, time }: { participant: Participant; change: 'joined' | 'left'; time?: string }, restoring: boolean): void {
    if (participant.own || participant.role === 'customer') {
      if (participant.own && !restoring) {
        const detail = this.#participantDetail();
        this.#events.emit(change === 'joined' ? 'clientConnected' : 'clientDisconnected', detail);
      }
      return;
    }
    if (participant.role !== 'agent') return;
    const agents = this.$agents.get();
    const known = agents.find((agent) => agent.id === participant.id);
    const now = Date.now();
    if (change === 'joined' && !known?.connected) {
      const parsed = time ? Date.parse(time) : NaN;
      const joinTime = Number.isFinite(parsed) ? parsed : now;
      const agent: AgentInfo = { ...this.#agentInfo(participant), connectedTime: joinTime };
      this.$agents.set(known ? agents.map((a) => (a.id === participant.id ? agent : a)) : [...agents, agent]);
      const metadata = this.$metadata.get();
      if (!known) this.$metadata.setKey('numAgents', metadata.numAgents + 1);
      if (!metadata.agentReached) {
        this.$metadata.setKey('agentReached', joinTime);
        if (metadata.started) this.$metadata.setKey('waitingForAgent', Math.max(0, joinTime - metadata.started));
      }
      if (this.$state.get() === 'waiting' || this.$state.get() === 'restoring') this.$state.set('chatting');
      this.#persist();
      if (!restoring) this.#events.emit('agentConnected', this.#participantDetail());
    } else if (change === 'left' && known?.connected) {
      this.$agents.set(agents.map((a) => (a.id === participant.id ? { ...a, connected: false, disconnectedTime: now } : a)));
      if (this.$agentTyping.get()?.id === participant.id) this.#clearAgentTyping('agentTypingStopped');
      if (!restoring) this.#events.emit('agentDisconnected', this.#participantDetail());
    }
  }

  #agentInfo(participant: Participant): AgentInfo {
    return { id: participant.id, name: participant.name || this.fallbackNames.Agent, connected: true, supervisor: false };
  }

  #participantDetail(): SessionEvents['agentConnected'] {
    const agents = this.$agents.get().map((agent) => ({ ...agent }));
    return { agents, numAgentsConnected: agents.filter((agent) => agent.connected).length };
  }

  #onAgentTyping(participant: Participant, durationMs?: number): void {
    if (participant.own || participant.role === 'customer') return;
    const agent = this.$agents.get().find((a) => a.id === participant.id) ?? this.#agentInfo(participant);
    const wasTyping = this.$agentTyping.get();
    this.$agentTyping.set(agent);
    if (!wasTyping) this.#events.emit('agentTypingStarted', { agent });
    clearTimeout(this.#agentTypingTimer);
    // The service's own duration where it gives one; the widget's setting otherwise.
    const showFor = this.config.agentTypingTimeoutMs ?? durationMs ?? 3000;
    this.#agentTypingTimer = setTimeout(() => this.#clearAgentTyping('agentTypingTimeout'), showFor);
  }

  #clearAgentTyping(event: 'agentTypingStopped' | 'agentTypingTimeout'): void {
    clearTimeout(this.#agentTypingTimer);
    const agent = this.$agentTyping.get();
    if (!agent) return;
    this.$agentTyping.set(null);
    this.#events.emit(event, { agent });
  }

  #stopClientTyping(): void {
    clearTimeout(this.#clientTypingTimer);
    if (!this.#clientTypingSent) return;
    this.#clientTypingSent = false;
    this.#events.emit('clientTypingStopped', {});
  }

  #finishChat(reason: string): void {
    if (!this.active) return; // idle or ended already
    this.#clearAgentTyping('agentTypingStopped');
    this.#stopClientTyping();
    this.$state.set('ended');
    this.$connection.set('online');
    const now = Date.now();
    const metadata = this.$metadata.get();
    if (metadata.started) this.$metadata.setKey('elapsed', now - metadata.started);
    this.$agents.set(this.$agents.get().map((a) => (a.connected ? { ...a, connected: false, disconnectedTime: now } : a)));
    this.#previous = this.#transport?.resumeToken();
    void this.#write(null); // the session token must not outlive the chat
    this.#outbox.close({ code: 'chat.ended', message: 'The chat ended before this message could be sent.' });
    this.#events.emit('ended', { reason });
    this.#stamp(metadata.agentReached ? 'completed' : 'cancelled');
    if (this.#tabs?.owning) {
      this.#broadcast(true, true);
      this.#tabs.release();
    }
  }

  /** completed / cancelled / rejected: set the timestamp and announce it once. */
  #stamp(step: 'completed' | 'cancelled' | 'rejected'): void {
    if (this.$metadata.get()[step]) return;
    this.$metadata.setKey(step, Date.now());
    if (step !== 'rejected') this.#lifecycle(step);
  }

  #finishedStep(): boolean {
    const metadata = this.$metadata.get();
    return Boolean(metadata.completed || metadata.cancelled || metadata.rejected);
  }

  /** A new interaction after a finished one starts from a clean metadata block (keeping `opened`). */
  #resetMetadataIfFinished(): void {
    const metadata = this.$metadata.get();
    if (!this.#finishedStep() && !metadata.closed) return;
    const fresh = createMetadata();
    if (!metadata.closed) fresh.opened = metadata.opened;
    this.$metadata.set(fresh);
  }

  #lifecycle<K extends LifecycleStep>(step: K, extra: Omit<SessionEvents[K], 'metadata'> | Record<string, never> = {}): void {
    this.#events.emit(step, { ...extra, metadata: this.metadata } as SessionEvents[K]);
  }

  #clearConversation(): void {
    this.#knownIds.clear();
    this.#outbox.clear();
    this.#olderCursor = undefined;
    this.#restoredWire = [];
    this.#newestId = undefined;
    this.#index = 0;
    this.$messages.set([]);
    this.$agents.set([]);
    this.$agentTyping.set(null);
    this.$hasMoreHistory.set(false);
  }

  #persist(): void {
    const state = this.#persistedState();
    // A disposed session belongs to a page that is going away: what it saved last is what a reload gets.
    if (state && this.$state.get() !== 'ended' && !this.#disposed) void this.#write(state);
  }

  #persistedState(): PersistedState | null {
    const resume = this.#transport?.resumeToken();
    if (!resume) return null;
    return {
      version: 2,
      transport: this.config.transport,
      resume,
      filters: this.#prefilters.map((filter) => ({ source: filter.source, flags: filter.flags })),
      metadata: this.metadata,
      ui: { ...this.#ui },
      outbox: this.#outbox.entries,
      savedAt: Date.now(),
    };
  }

  // --- Tabs -------------------------------------------------------------------------------------

  /** This tab shows a chat another tab of the site holds (commands go to that tab). */
  get mirroring(): boolean {
    return this.#owner !== undefined;
  }

  /** Whether the chat window was open in the tab that holds the chat. */
  get mirroredUi(): { open: boolean; minimized: boolean } | undefined {
    return this.#owner ? this.#lastSnapshot?.persisted?.ui : undefined;
  }

  /**
   * Join the other tabs of this site (config.tabSync): resolves "mirror" when another tab already holds a
   * chat (this session then shows it and sends its commands there), "alone" otherwise.
   */
  async joinTabs(waitMs = 300): Promise<'mirror' | 'alone'> {
    if (!this.config.tabSync || !tabLinkAvailable() || this.#disposed) return 'alone';
    if (!this.#tabs) {
      this.#tabs = new TabLink(this.#key, {
        snapshot: (snapshot, from) => this.#onSnapshot(snapshot, from),
        hello: () => this.#broadcast(true),
        command: (name, args) => this.#runForTab(name, args),
      });
      // Kept for the session's life: once disposed, its tab link is closed and #broadcast sends nothing.
      const changed = () => this.#broadcast(false);
      for (const store of [this.$messages, ...Object.values(this.#mirroredStores())]) store.listen(changed);
    }
    this.#tabs.hello();
    const deadline = Date.now() + waitMs;
    while (!this.#owner && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.#owner ? 'mirror' : 'alone';
  }

  /** The owner tells the others what changed, coalesced to one snapshot per task. */
  #broadcast(full: boolean, now = false): void {
    const tabs = this.#tabs;
    if (!tabs?.owning || this.#owner || this.#restoring) return; // a chat being picked up is not shown yet
    if (full) this.#broadcastMessages = [];
    const send = () => {
      this.#broadcastQueued = false;
      const messages = this.$messages.get();
      const previous = this.#broadcastMessages;
      const extends_ = previous.length > 0 && previous.length <= messages.length && messages[previous.length - 1] === previous[previous.length - 1];
      this.#broadcastMessages = messages;
      const snapshot: Record<string, unknown> = {
        ...(extends_ ? { appended: messages.slice(previous.length) } : { messages }),
        metadata: this.metadata,
        persisted: this.#persistedState(),
      };
      for (const [field, store] of Object.entries(this.#mirroredStores())) snapshot[field] = store.get();
      tabs.broadcast(snapshot as unknown as ChatSnapshot);
    };
    if (now) send();
    else if (!this.#broadcastQueued) {
      this.#broadcastQueued = true;
      queueMicrotask(send);
    }
  }

  /**
   * The stores a snapshot carries besides the transcript and the metadata, by snapshot field. State comes
   * last, so a mirror's view already has the rest when it sees the state change.
   */
  #mirroredStores() {
    return {
      agents: this.$agents,
      agentTyping: this.$agentTyping,
      connection: this.$connection,
      outbox: this.#outbox.$entries,
      hasMoreHistory: this.$hasMoreHistory,
      state: this.$state,
    };
  }

  /** Another tab's chat: mirror it while it runs, queue to take it over, let go when it ends. */
  #onSnapshot(snapshot: ChatSnapshot, from: string): void {
    if (this.#tabs?.owning || (!this.#owner && this.active) || this.#restoring) return; // this tab runs its own chat
    const live = !['idle', 'ended'].includes(snapshot.state);
    if (!live && this.#owner !== from) return; // only the tab that held the chat can tell its mirrors it is over
    const wasMirroring = this.#owner !== undefined;
    this.#owner = live ? from : undefined;
    this.#lastSnapshot = snapshot;

    const known = new Set(this.$messages.get().map((m) => m.id));
    const messages = snapshot.messages ?? [...(wasMirroring ? this.$messages.get() : []), ...(snapshot.appended ?? [])];
    const fresh = messages.filter((m) => !known.has(m.id));
    const typingBefore = this.$agentTyping.get();
    const connectionBefore = this.$connection.get();
    this.$messages.set(messages);
    this.$metadata.set(snapshot.metadata);
    for (const [field, store] of Object.entries(this.#mirroredStores())) {
      (store as WritableAtom<unknown>).set(snapshot[field as keyof ChatSnapshot]);
    }
    // The UI of this tab hears what the owner's heard: new messages, typing, the connection, the end.
    if (fresh.length > 0) this.#events.emit('messageReceived', { originalMessages: [], messages: fresh, restoring: !wasMirroring });
    if (!typingBefore && snapshot.agentTyping) this.#events.emit('agentTypingStarted', { agent: snapshot.agentTyping });
    if (connectionBefore !== snapshot.connection) this.#events.emit(snapshot.connection === 'offline' ? 'disconnected' : 'reconnected', {});
    if (live) {
      this.#tabs?.waitForOwnership(() => this.#takeOver());
    } else {
      this.#tabs?.stopWaiting();
      if (snapshot.state === 'ended') this.#events.emit('ended', { reason: 'tab' });
    }
  }

  /** The owning tab went away: this one picks the chat up with the credentials it was given. */
  async #takeOver(): Promise<boolean> {
    const snapshot = this.#lastSnapshot;
    // #owner is set only while the last snapshot showed a live chat.
    if (!this.#owner || !snapshot?.persisted) return false;
    this.#owner = undefined;
    await this.#write({ ...snapshot.persisted, savedAt: Date.now() });
    return this.#resume(snapshot.persisted, this.$messages.get()).then(
      () => true,
      () => false,
    );
  }

  #forward(name: string, args: unknown[]): Promise<unknown> {
    return this.#tabs!.call(this.#owner!, name, args).catch((error: Error & { code?: string }) => {
      throw new SessionError(error.message, error.code ?? 'tab.error', error);
    });
  }

  /** Commands a mirroring tab may ask this (owning) tab to run. */
  async #runForTab(name: string, args: unknown[]): Promise<unknown> {
    if (!(TAB_COMMANDS as readonly string[]).includes(name)) throw new SessionError(`Unknown command "${name}".`, 'tab.command');
    return (this[name as (typeof TAB_COMMANDS)[number]] as (...args: unknown[]) => unknown)(...args);
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

/** Neither protocol offers polling, and file uploads are not wired yet: those commands reject with the seed's reason. */
function unsupported(reason: string): Promise<never> {
  return Promise.reject(new SessionError(reason, 'unsupported'));
}

/** Commands take their text as a string or as `{message}` (the seed's form). */
function textOf(input: string | { message?: string }): string | undefined {
  return typeof input === 'string' ? input : input?.message;
}

function testFilter(filter: RegExp, text: string): boolean {
  filter.lastIndex = 0; // a global regex keeps state between calls
  return filter.test(text);
}

function isTextInput(value: unknown): value is HTMLInputElement | HTMLTextAreaElement {
  const tag = (value as Element | null)?.tagName;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as EventTarget).addEventListener === 'function' &&
    (tag === 'TEXTAREA' || (tag === 'INPUT' && ['text', 'search', ''].includes((value as HTMLInputElement).type ?? '')))
  );
}

function describe(error: unknown): { code: string; message: string; status?: number } {
  if (error instanceof TransportError) return { code: error.code, message: error.message, status: error.status };
  if (error instanceof SessionError) return { code: error.code, message: error.message };
  return { code: 'client.error', message: error instanceof Error ? error.message : String(error) };
}

/** A command's failure as the SessionError it rejects with: the service's (or transport's) code and message. */
function toSessionError(error: unknown): SessionError {
  const { code, message } = describe(error);
  return new SessionError(message, code, error);
}

export type { ReadableAtom };
