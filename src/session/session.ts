// One chat session: the seeds' WebChatService. It owns the stores the elements read, the interaction
// lifecycle with its metadata block, the command API with the seed's resolutions and rejections, and
// persistence for restore. It talks to the wire only through a ChatTransport.
import { atom, map, type ReadableAtom, type WritableAtom } from 'nanostores';
import { Emitter } from '../util/emitter.js';
import { reconnectDelay } from '../util/backoff.js';
import { createTransport } from '../transport/registry.js';
import { isTransient, TransportError, type ChatTransport, type Member, type WireMessage } from '../transport/types.js';
import { Reasons, SessionError } from './errors.js';
import { toTranscriptMessage } from './messages.js';
import { createMetadata, newInteractionId } from './metadata.js';
import { Outbox } from './outbox.js';
import { TabLink, tabLinkAvailable, type ChatSnapshot } from './tab-link.js';
import { isStateStorage, sessionStorageState, storageKey } from './storage.js';
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
  #oldestId?: string;
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
  /** Live messages waiting for the next frame (#queueIncoming). */
  #incoming: WireMessage[] = [];
  #cancelIncoming?: () => void;

  constructor(config: SessionConfig) {
    this.config = config;
    this.#outbox = new Outbox({
      send: (text) => this.#requireChat(Reasons.noActiveSession).sendMessage(text),
      catchUp: async () => {
        await this.#transport?.catchUp();
        this.#flushIncoming(); // what the catch-up found must be in the transcript before the outbox looks
      },
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
    this.#storage =
      config.storage === null
        ? null
        : isStateStorage(config.storage)
          ? config.storage
          : sessionStorageState(storageKey(config.deploymentKey, config.targetAddress));
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
    this.$state.set('starting');
    const transport = this.#createTransport();
    try {
      const request = buildStartRequest(options, this.#userData, this.config.pageUrlQuery);
      await transport.start(request);
    } catch (error) {
      transport.dispose();
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
      const sent = await accepted;
      return toTranscriptMessage(sent, this.#transport?.ownMemberId, -1, this.fallbackNames);
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
    await this.#command(transport.sendMessage(text, 'notice'));
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
    await this.#command(transport.sendTyping());
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
    if (this.active && !this.#transport?.capabilities.updateUserDataDuringChat) {
      throw new SessionError(Reasons.userDataDuringChat, 'unsupported');
    }
    this.#userData = { ...this.#userData, ...data };
    return { ...this.#userData };
  }

  /** Chat Service JS API (seed 004): set, read and delete userData keys this page set. */
  setUserData(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.updateUserData(data);
  }

  async getUserData(key: string): Promise<{ userData: Record<string, string | undefined> }> {
    return { userData: { [key]: Object.hasOwn(this.#userData, key) ? toFieldValue(this.#userData[key]) : undefined } };
  }

  async deleteUserData(key: string): Promise<{ timestamp: number }> {
    if (this.active && !this.#transport?.capabilities.updateUserDataDuringChat) {
      throw new SessionError(Reasons.userDataDuringChat, 'unsupported');
    }
    delete this.#userData[key];
    return { timestamp: Date.now() };
  }

  async getTranscript(): Promise<{ messages: TranscriptMessage[] }> {
    this.#flushIncoming(); // messages that arrived count, even before the frame that shows them
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
    const credentials = this.#transport?.credentials;
    if (!credentials) return undefined;
    return { sessionId: credentials.conversationId, participantId: credentials.memberId, transportId: this.config.transport };
  }

  /** Load the page of messages older than the oldest shown (maxMessagePageSize at a time). */
  async fetchHistory(): Promise<TranscriptMessage[]> {
    if (this.#owner) return this.#forward('fetchHistory', []) as Promise<TranscriptMessage[]>;
    const transport = this.#requireChat(Reasons.noActiveSession, true);
    if (!this.$hasMoreHistory.get() || !this.#oldestId) throw new SessionError(Reasons.noMoreHistory, 'no.more');
    const older = await this.#command(this.#olderPage(transport, this.#oldestId));
    this.#flushIncoming();
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
    const transport = this.#createTransport();
    const self = await transport.resume(stored.credentials);
    if (self.state === 'DISCONNECTED') throw new SessionError('The conversation ended while you were away.', 'chat.ended');
    await this.#loadRestoredTranscript(transport);
    await this.#restoreOutbox(transport, stored.outbox ?? []);
    for (const member of await transport.fetchMembers()) this.#onMember(member, true);
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
    this.#flushIncoming();
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
  async #olderPage(transport: ChatTransport, before?: string): Promise<WireMessage[]> {
    // The transport keeps the page size within what the service allows.
    const page = await transport.fetchMessages({ before, newestFirst: true, pageSize: this.config.maxMessagePageSize });
    this.$hasMoreHistory.set(page.hasMore);
    return page.messages.reverse();
  }

  async #loadRestoredTranscript(transport: ChatTransport): Promise<void> {
    const loaded = await this.#olderPage(transport);
    // Without pagination the whole transcript comes back at once, page after page.
    while (this.config.pagination === false && this.$hasMoreHistory.get() && loaded.length > 0) {
      loaded.unshift(...(await this.#olderPage(transport, loaded[0].id)));
    }
    this.#flushIncoming();
    transport.markSeen(loaded);
    this.#receive(loaded, true);
  }

  /** Messages still in the outbox at reload: the ones that landed meanwhile leave it, the rest go again. */
  async #restoreOutbox(transport: ChatTransport, saved: OutgoingMessage[]): Promise<void> {
    if (saved.length === 0) return;
    this.#outbox.load(saved);
    const from = this.#outbox.reconcileFrom();
    if (!from) return;
    const messages: WireMessage[] = [];
    let after = from.after;
    for (let guard = 0; guard < 1000; guard++) {
      const page = await transport.fetchMessages({ after });
      messages.push(...page.messages);
      if (!page.hasMore || page.messages.length === 0) break;
      after = page.messages[page.messages.length - 1].id;
    }
    this.#outbox.reconcile(messages, transport.ownMemberId, from.after);
  }

  async #readStored(): Promise<PersistedState | null> {
    let stored: PersistedState | null | undefined;
    try {
      stored = await this.#storage?.read();
    } catch {
      return null; // blocked or broken storage: there is simply nothing to restore
    }
    if (!stored || stored.version !== 1 || stored.transport !== this.config.transport || !stored.credentials?.jwt) return null;
    const age = Date.now() - (Number(stored.savedAt) || 0);
    if (age > (this.config.restoreTimeoutMs ?? DEFAULT_RESTORE_TIMEOUT_MS)) {
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

  #createTransport(): ChatTransport {
    this.#transport?.dispose();
    const { transport: name, orgGuid, deploymentKey, targetType, targetAddress, priority, skills, language } = this.config;
    // dataUrl, requestTimeoutMs, heartbeatTimeoutMs and reconnect have the same names in both.
    const transport = createTransport(name, {
      ...this.config,
      organizationId: orgGuid,
      deploymentId: deploymentKey,
      routing: { targetType, targetAddress, priority, skills, language },
    });
    this.#transport = transport;
    // No unsubscribing: a disposed transport emits nothing more (see ChatTransport.dispose).
    transport.on('message', (message) => this.#queueIncoming(message));
    // Every other event comes after the messages before it: the queue is emptied first.
    const after = <T>(handle: (event: T) => void) => (event: T) => {
      this.#flushIncoming();
      handle(event);
    };
    transport.on('member', after((member) => this.#onMember(member, false)));
    transport.on('typing', after((member) => this.#onAgentTyping(member)));
    transport.on('ended', after(({ reason }) => this.#finishChat(reason)));
    transport.on('disconnected', after(() => {
      if (this.$connection.get() === 'offline') return;
      this.$connection.set('offline');
      this.#events.emit('disconnected', {});
    }));
    transport.on('reconnected', after(() => {
      this.$connection.set('online');
      this.#events.emit('reconnected', {});
      this.#outbox.resume();
    }));
    transport.on('error', after((error) => this.#events.emit('error', describe(error))));
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
   * Live messages wait for the next animation frame and join the transcript together: a burst of thousands
   * of frames costs one render, not one render and layout each. A hidden tab gets no frames, so a timer
   * stands in for one there.
   */
  #queueIncoming(message: WireMessage): void {
    if (this.#incoming.push(message) > 1) return;
    const flush = () => this.#flushIncoming();
    const timer = setTimeout(flush, 100);
    const frame = globalThis.requestAnimationFrame?.(flush);
    this.#cancelIncoming = () => {
      clearTimeout(timer);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }

  #flushIncoming(): void {
    this.#cancelIncoming?.();
    this.#cancelIncoming = undefined;
    const batch = this.#incoming.splice(0);
    if (batch.length > 0) this.#receive(batch, false);
  }

  /** Adds wire messages to the transcript once each, in order, counting them in the metadata. */
  #receive(wire: WireMessage[], restoring: boolean, position: 'append' | 'prepend' = 'append'): TranscriptMessage[] {
    const fresh = wire.filter((message) => !this.#knownIds.has(message.id));
    if (fresh.length === 0) return [];
    const ownId = this.#transport?.ownMemberId;
    const shown: TranscriptMessage[] = [];
    for (const message of fresh) {
      this.#knownIds.add(message.id);
      if (!restoring) this.#count(message, ownId);
      if (message.sender.id === ownId && message.bodyType === 'standard') this.#outbox.deliver(message);
      let entry = toTranscriptMessage(message, ownId, this.#index++, this.fallbackNames);
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
    if (position === 'prepend' || this.#oldestId === undefined) this.#oldestId = fresh[0].id;
    if (position === 'append') this.#newestId = fresh[fresh.length - 1].id;
    if (shown.length > 0) {
      const current = this.$messages.get();
      this.$messages.set(position === 'prepend' ? [...shown, ...current] : [...current, ...shown]);
    }
    this.#events.emit('messageReceived', {
      originalMessages: fresh.map((message) => message.raw),
      messages: shown,
      restoring,
    });
    return shown;
  }

  #count(message: WireMessage, ownId: string | undefined): void {
    const key = message.bodyType !== 'standard' ? 'systemMessages' : message.sender.id === ownId ? 'userMessages' : 'agentMessages';
    this.$metadata.setKey(key, this.$metadata.get()[key] + 1);
  }

  #onMember(member: Member, restoring: boolean): void {
    const own = member.id === this.#transport?.ownMemberId;
    if (own || member.role === 'CUSTOMER') {
      if (own && !restoring) {
        const detail = this.#participantDetail();
        if (member.state === 'CONNECTED') this.#events.emit('clientConnected', detail);
        if (member.state === 'DISCONNECTED') this.#events.emit('clientDisconnected', detail);
      }
      return;
    }
    if (member.role !== 'AGENT') return;
    const agents = this.$agents.get();
    const known = agents.find((agent) => agent.id === member.id);
    const now = Date.now();
    if (member.state === 'CONNECTED' && !known?.connected) {
      const joinTime = member.joinDate ? Date.parse(member.joinDate) : now;
      const agent: AgentInfo = { ...this.#agentInfo(member), connectedTime: joinTime };
      this.$agents.set(known ? agents.map((a) => (a.id === member.id ? agent : a)) : [...agents, agent]);
      const metadata = this.$metadata.get();
      if (!known) this.$metadata.setKey('numAgents', metadata.numAgents + 1);
      if (!metadata.agentReached) {
        this.$metadata.setKey('agentReached', joinTime);
        if (metadata.started) this.$metadata.setKey('waitingForAgent', Math.max(0, joinTime - metadata.started));
      }
      if (this.$state.get() === 'waiting' || this.$state.get() === 'restoring') this.$state.set('chatting');
      this.#persist();
      if (!restoring) this.#events.emit('agentConnected', this.#participantDetail());
    } else if (member.state === 'DISCONNECTED' && known?.connected) {
      this.$agents.set(agents.map((a) => (a.id === member.id ? { ...a, connected: false, disconnectedTime: now } : a)));
      if (this.$agentTyping.get()?.id === member.id) this.#clearAgentTyping('agentTypingStopped');
      if (!restoring) this.#events.emit('agentDisconnected', this.#participantDetail());
    }
  }

  #agentInfo(member: Member): AgentInfo {
    return { id: member.id, name: member.displayName || this.fallbackNames.Agent, connected: true, supervisor: false };
  }

  #participantDetail(): SessionEvents['agentConnected'] {
    const agents = this.$agents.get().map((agent) => ({ ...agent }));
    return { agents, numAgentsConnected: agents.filter((agent) => agent.connected).length };
  }

  #onAgentTyping(member: Member): void {
    if (member.role === 'CUSTOMER') return;
    const agent = this.$agents.get().find((a) => a.id === member.id) ?? this.#agentInfo(member);
    const wasTyping = this.$agentTyping.get();
    this.$agentTyping.set(agent);
    if (!wasTyping) this.#events.emit('agentTypingStarted', { agent });
    clearTimeout(this.#agentTypingTimer);
    this.#agentTypingTimer = setTimeout(() => this.#clearAgentTyping('agentTypingTimeout'), this.config.agentTypingTimeoutMs ?? 3000);
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
    this.#oldestId = undefined;
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

  /**
   * The metadata as it may be stored or sent to other tabs: without the registration answers (names, email,
   * account numbers), which a restore does not need and which would otherwise sit in storage beside the token.
   */
  #shareableMetadata(): LifecycleMetadata {
    return { ...this.metadata, form: false };
  }

  #persistedState(): PersistedState | null {
    const credentials = this.#transport?.credentials;
    if (!credentials) return null;
    return {
      version: 1,
      transport: this.config.transport,
      credentials,
      filters: this.#prefilters.map((filter) => ({ source: filter.source, flags: filter.flags })),
      metadata: this.#shareableMetadata(),
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
      this.#tabs = new TabLink(storageKey(this.config.deploymentKey, this.config.targetAddress), {
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
        metadata: this.#shareableMetadata(),
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

/** Guest Chat v2 has neither polling nor file uploads: those commands reject with the seed's reason. */
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
