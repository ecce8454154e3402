// One chat session: the seeds' WebChatService. It owns the stores the elements read (read-only to them),
// the command API with the seed's resolutions and rejections, and the wiring between its parts: the
// lifecycle block, the conversation, the participants, the outbox, persistence and restore, and the tabs. It
// talks to the wire only through a ChatTransport, whose protocol it never sees.
import { atom, type ReadableAtom } from 'nanostores';
import { Emitter } from '../util/emitter.js';
import { uuid } from '../util/uuid.js';
import { transportDefinition } from '../transport/registry.js';
import {
  TransportError,
  type ChatTransport,
  type ChoiceAnswer,
  type ResumeToken,
  type TransportCapabilities,
  type TransportDefinition,
} from '../transport/contract.js';
import { Conversation } from './conversation.js';
import { describe, Reasons, SessionError, toSessionError } from './errors.js';
import { Lifecycle } from './lifecycle.js';
import { toTranscriptMessage } from './messages.js';
import { newInteractionId } from './metadata.js';
import { Outbox } from './outbox.js';
import { Participants } from './participants.js';
import { Persistence } from './persistence.js';
import { isStateStorage, localStorageState, sessionStorageState } from './storage.js';
import { SiteTabs } from './tab-presence.js';
import type { TabCommand } from './tab-mirror.js';
import { buildStartRequest, isPlainObject, RESERVED_FIELDS } from './user-data.js';
import { PageUserData, textOf, unsupported } from './webchat-service.js';
import type { ServiceCommands } from './service-commands.js';
import type { SessionInner } from './inner.js';
import type { SessionUploads } from './uploads.js';
import type {
  AgentInfo,
  ChatEnding,
  ChatState,
  ConnectionState,
  LifecycleMetadata,
  OutgoingMessage,
  PersistedState,
  PreProcessor,
  SenderType,
  SessionConfig,
  SessionData,
  SessionEvents,
  StartChatOptions,
  TranscriptMessage,
} from './types.js';

/** Keys the session's inside for the lazily loaded commands; not exported, so pages cannot reach it. */
const INNER = Symbol();

export class ChatSession {
  /** Where the chat is: idle, starting, restoring, waiting (queued), chatting, ended. */
  readonly $state: ReadableAtom<ChatState>;
  /** The visible transcript, oldest first (filtered and pre-processed). */
  readonly $messages: ReadableAtom<TranscriptMessage[]>;
  readonly $agents: ReadableAtom<AgentInfo[]>;
  /** The agent currently typing, if any. */
  readonly $agentTyping: ReadableAtom<AgentInfo | null>;
  readonly $connection: ReadableAtom<ConnectionState>;
  readonly $metadata: ReadableAtom<LifecycleMetadata>;
  /** More history can be fetched with fetchHistory(). */
  readonly $hasMoreHistory: ReadableAtom<boolean>;
  /** What the visitor wrote that is not in the transcript yet: sending, sent (awaiting echo) or failed. */
  readonly $outbox: ReadableAtom<OutgoingMessage[]>;
  /** How the chat ended (who, and whether its transcript stays readable); null until it ends. */
  readonly $ending: ReadableAtom<ChatEnding | null>;

  /** Names shown when the wire gives none; the elements set these from the i18n table. */
  fallbackNames: Record<SenderType, string> = { Agent: 'Agent', Client: 'You', Bot: 'Bot', External: 'System', System: 'System' };

  readonly config: Readonly<SessionConfig>;
  #events = new Emitter<SessionEvents>();
  #state = atom<ChatState>('idle');
  #connection = atom<ConnectionState>('online');
  #ending = atom<ChatEnding | null>(null);
  #lifecycle = new Lifecycle(this.#events);
  #conversation: Conversation;
  #participants: Participants;
  #outbox: Outbox;
  /** The visitor's uploads, loaded with the first file: a chat without files never downloads that code. */
  #uploads?: Promise<SessionUploads>;
  #persistence: Persistence;
  #tabs: SiteTabs;
  #userData: PageUserData;
  #definition: TransportDefinition;
  #key: string;
  #transport?: ChatTransport;
  /** The visitor's name in this chat, for the answer to sendMessage before the echo is in. */
  #ownName?: string;
  /** The resume token of the chat that ended last: a protocol with one visitor identity starts the next on it. */
  #previous?: ResumeToken;
  /** The visitor ended the chat before its transport was loaded. */
  #leaveOnceCreated = false;
  #restoring = false;
  #disposed = false;
  /** Whether the window was open and minimized: stored with the chat so a reload shows it as it was. */
  #ui = { open: false, minimized: false };

  constructor(config: SessionConfig) {
    this.config = config;
    this.#definition = transportDefinition(config.transport);
    this.#key = this.#definition.storageKey(config as unknown as Record<string, unknown>) ?? `gc-webchat:${config.transport}`;
    const storage =
      config.storage === null
        ? null
        : isStateStorage(config.storage)
          ? config.storage
          : this.#definition.keep === 'site'
            ? localStorageState(this.#key)
            : sessionStorageState(this.#key);
    this.#persistence = new Persistence(storage, this.#definition.keep, config.restoreTimeoutMs);
    this.#userData = new PageUserData(config.userData);
    const names = () => this.fallbackNames;
    this.#participants = new Participants({
      events: this.#events,
      lifecycle: this.#lifecycle,
      names,
      typingTimeoutMs: config.agentTypingTimeoutMs,
      // Array.prototype.findLast (every browser the widget supports has it; the TypeScript lib here predates it).
      notice: (id, type) => (this.#conversation.$messages.get() as unknown as FindLast<TranscriptMessage>).findLast((m) => m.type === type && m.from.id === id),
      answered: () => {
        if (this.#state.get() === 'waiting' || this.#state.get() === 'restoring') this.#state.set('chatting');
        this.#persist();
      },
    });
    this.#outbox = new Outbox({
      send: (text, correlationId, entry) => {
        const transport = this.#requireChat(Reasons.noActiveSession);
        if (entry.answer && transport.answer) return transport.answer(entry.answer, { correlationId });
        if (entry.files && transport.sendFiles) return transport.sendFiles(entry.files, text, { correlationId });
        return transport.send(text, { correlationId });
      },
      sync: async () => {
        await this.#transport?.sync();
        this.#conversation.flush(); // what the sync found must be in the transcript before the outbox looks
      },
      canSend: () => this.#transport !== undefined && this.#connection.get() === 'online' && this.#chatOpen(),
      newestId: () => this.#conversation.newestId,
      changed: () => this.#persist(),
      failed: (message, error) => {
        const failure = describe(error);
        this.#lifecycle.recordError(failure.code);
        this.#events.emit('messageFailed', { message, error: failure });
        this.#events.emit('error', failure);
      },
    });
    this.#conversation = new Conversation({
      events: this.#events,
      lifecycle: this.#lifecycle,
      names,
      ownMessage: (message) => this.#outbox.deliver(message),
      agentSpoke: () => this.#participants.clearAgentTyping('agentTypingStopped'),
      sessionData: () => this.sessionData(),
    });
    this.#tabs = new SiteTabs({
      key: this.#key,
      events: this.#events,
      messages: this.#conversation.$messages,
      stores: {
        agents: this.#participants.$agents,
        agentTyping: this.#participants.$agentTyping,
        connection: this.#connection,
        outbox: this.#outbox.$entries,
        hasMoreHistory: this.#conversation.$hasMoreHistory,
        ending: this.#ending,
        state: this.#state,
      },
      metadata: () => this.#shareableMetadata(),
      setMetadata: (metadata) => this.#lifecycle.$metadata.set(metadata),
      active: () => this.active,
      restoring: () => this.#restoring,
      persisted: () => this.#persistedState(),
      takeOver: async (persisted, shown) => {
        await this.#persistence.write({ ...persisted, savedAt: Date.now() });
        return this.#resume(persisted, shown);
      },
      run: (name, args) => (this[name] as (...args: unknown[]) => unknown).apply(this, args) as Promise<unknown>,
    });
    this.$state = this.#state;
    this.$connection = this.#connection;
    this.$metadata = this.#lifecycle.$metadata;
    this.$messages = this.#conversation.$messages;
    this.$hasMoreHistory = this.#conversation.$hasMoreHistory;
    this.$agents = this.#participants.$agents;
    this.$agentTyping = this.#participants.$agentTyping;
    this.$outbox = this.#outbox.$entries;
    this.$ending = this.#ending;
    // Messages written while the chat was being created go as soon as it exists.
    this.#state.listen(() => {
      if (this.#chatOpen()) this.#outbox.pump();
      this.#persistence.keepCheckpointing(this.active && !this.#disposed, () => this.checkpoint());
    });
  }

  on<K extends keyof SessionEvents>(type: K, listener: (event: SessionEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  /** Every event of the session, with its name: how the widget turns each into a gc-* DOM event. */
  onAny(listener: (type: keyof SessionEvents, event: SessionEvents[keyof SessionEvents]) => void): () => void {
    return this.#events.onAny(listener);
  }

  get metadata(): LifecycleMetadata {
    return this.#lifecycle.metadata;
  }

  /** A chat is being started, restored or is running (not idle, not ended). */
  get active(): boolean {
    return !['idle', 'ended'].includes(this.#state.get());
  }

  /** The key this chat is stored under (its transport's choice): tabs and title alerts share it. */
  get storageKey(): string {
    return this.#key;
  }

  get uiState(): { open: boolean; minimized: boolean } {
    return { ...this.#ui };
  }

  // --- Lifecycle -------------------------------------------------------------------------------

  /** The widget is configured and can take commands. */
  ready(): void {
    this.#lifecycle.announce('ready');
  }

  /** The visitor opened the chat window. */
  open(options: { proactive?: boolean } = {}): void {
    const lifecycle = this.#lifecycle;
    if (lifecycle.get('opened') && !lifecycle.get('closed')) return;
    lifecycle.resetIfFinished();
    if (options.proactive) lifecycle.set('proactive', true);
    lifecycle.set('opened', Date.now());
    lifecycle.set('closed', false);
    lifecycle.announce('opened');
    this.rememberUi({ open: true });
  }

  /** The visitor closed the window: an unfinished interaction counts as cancelled first. */
  async close(): Promise<void> {
    const lifecycle = this.#lifecycle;
    if (!lifecycle.get('opened') || lifecycle.get('closed')) return;
    if (this.active) await this.endChat().catch(() => undefined);
    else if (!lifecycle.finished()) lifecycle.stamp('cancelled');
    lifecycle.set('closed', Date.now());
    lifecycle.announce('closed');
    this.rememberUi({ open: false, minimized: false });
  }

  /** Record how this interaction came about (a proactive invitation; the form prefilled, auto-submitted) before startChat. */
  noteForm(flags: { prefilled?: boolean; autoSubmitted?: boolean; proactive?: boolean }): void {
    this.#lifecycle.resetIfFinished();
    for (const key of ['prefilled', 'autoSubmitted', 'proactive'] as const) {
      if (flags[key] !== undefined) this.#lifecycle.set(key, flags[key]);
    }
  }

  /** The window's open/minimized state, kept with the chat for a reload. */
  rememberUi(ui: Partial<{ open: boolean; minimized: boolean }>): void {
    this.#ui = { ...this.#ui, ...ui };
    this.checkpoint();
  }

  // --- Commands --------------------------------------------------------------------------------

  async startChat(options: StartChatOptions = {}): Promise<SessionData> {
    if (this.active) throw new SessionError(Reasons.alreadyActive, 'chat.active');
    if (options.userData !== undefined && !isPlainObject(options.userData)) {
      throw new SessionError(Reasons.malformedUserData, 'userdata.malformed');
    }
    const lifecycle = this.#lifecycle;
    lifecycle.resetIfFinished();
    if (!lifecycle.get('opened')) this.open();
    const form = { ...(options.form ?? {}) };
    for (const key of RESERVED_FIELDS) {
      if (options[key] !== undefined && form[key] === undefined) form[key] = options[key];
    }
    lifecycle.set('form', form);
    lifecycle.set('id', newInteractionId());
    lifecycle.announce('submitted', { form });

    this.#clearConversation();
    this.#leaveOnceCreated = false;
    this.#state.set('starting');
    let transport: ChatTransport | undefined;
    try {
      transport = await this.#createTransport();
      if (this.#leaveOnceCreated) void transport.leave().catch(() => undefined);
      const request = buildStartRequest(options, this.#userData.all, this.config.pageUrlQuery);
      this.#ownName = request.displayName;
      await transport.start({ ...request, ...(this.#previous && { previous: this.#previous }) });
    } catch (error) {
      transport?.dispose();
      this.#transport = undefined;
      this.#state.set('idle');
      const failure = describe(error);
      lifecycle.recordError(failure.code);
      lifecycle.stamp('rejected');
      lifecycle.announce('rejected', { error: failure });
      this.#events.emit('error', failure);
      throw toSessionError(error);
    }
    if (this.#state.get() === 'starting') this.#state.set('waiting');
    lifecycle.set('started', Date.now());
    this.#persist();
    if (this.#tabs.joined) void this.#tabs.claim().then(() => this.#tabs.broadcast(true));
    const session = this.sessionData()!;
    lifecycle.announce('started', { session });
    return session;
  }

  /**
   * After the end, back to the start: the transcript goes and the next chat can begin (on the same visitor
   * identity where the protocol keeps one). Nothing happens while a chat is running.
   */
  startOver(): void {
    if (this.#state.get() !== 'ended') return;
    this.#clearConversation();
    this.#state.set('idle');
  }

  async endChat(): Promise<void> {
    if (this.#tabs.mirroring && this.active) {
      await this.#tabs.forward('endChat', []);
      return;
    }
    if (this.#state.get() === 'starting' && !this.#transport) {
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
    if (this.#tabs.mirroring) return this.#tabs.forward('sendMessage', [text]) as Promise<TranscriptMessage | undefined>;
    this.#requireChat(Reasons.noActiveSession);
    this.#participants.stopVisitorTyping();
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
    if (this.#tabs.mirroring) void this.#tabs.forward('retryMessage', [id]).catch(() => undefined);
    else this.#outbox.retry(id);
  }

  /** Drop a message that was not sent. */
  discardMessage(id: string): void {
    if (this.#tabs.mirroring) void this.#tabs.forward('discardMessage', [id]).catch(() => undefined);
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
    if (this.#tabs.mirroring) {
      await this.#tabs.forward('sendTyping', []);
      return;
    }
    const transport = this.#requireChat(Reasons.noActiveSession);
    // One typing call per burst: keystrokes within the window are swallowed.
    if (this.#participants.visitorKeystroke()) await this.#command(transport.typing());
  }

  async sendFilteredMessage(input: { message?: string; regex?: RegExp } | string, regex?: RegExp): Promise<void> {
    const filter = typeof input === 'string' ? regex : input?.regex;
    this.#requireChat(Reasons.noActiveSessionShort);
    if (filter instanceof RegExp) this.#conversation.prefilters.push(filter);
    this.#persist();
    await this.sendMessage(textOf(input) ?? '');
  }

  async addPrefilter(input: { filters?: RegExp | RegExp[] } | RegExp | RegExp[]): Promise<RegExp[]> {
    const filters = input instanceof RegExp || Array.isArray(input) ? input : input?.filters;
    const list = [filters].flat();
    if (list.length === 0 || !list.every((f) => f instanceof RegExp)) {
      throw new SessionError(Reasons.invalidFilters, 'invalid.filters');
    }
    this.#conversation.prefilters.push(...(list as RegExp[]));
    this.#persist();
    return [...this.#conversation.prefilters];
  }

  async updateUserData(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const transport = this.#transport;
    const send = transport?.capabilities.midChatAttributes ? (attributes: Record<string, string>) => transport.updateAttributes?.(attributes) : undefined;
    return this.#userData.update(data, this.active, send);
  }

  /** Chat Service JS API: set, read and delete userData keys this page set. */
  setUserData(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.updateUserData(data);
  }

  async deleteUserData(key: string): Promise<{ timestamp: number }> {
    return this.#userData.delete(key, this.active, Boolean(this.#transport?.capabilities.midChatAttributes));
  }

  async getSessionData(): Promise<SessionData | undefined> {
    return this.sessionData();
  }

  sessionData(): SessionData | undefined {
    const ids = this.#transport?.ids();
    return ids && { ...ids, transportId: this.config.transport };
  }

  /** Load the page of messages older than the oldest shown (maxMessagePageSize at a time). */
  async fetchHistory(): Promise<TranscriptMessage[]> {
    if (this.#tabs.mirroring) return this.#tabs.forward('fetchHistory', []) as Promise<TranscriptMessage[]>;
    const transport = this.#requireChat(Reasons.noActiveSession, true);
    const conversation = this.#conversation;
    if (!conversation.$hasMoreHistory.get() || !conversation.olderCursor) throw new SessionError(Reasons.noMoreHistory, 'no.more');
    const older = await this.#command(conversation.olderPage(transport, conversation.olderCursor, this.config.maxMessagePageSize));
    conversation.flush();
    transport.markSeen(older);
    return conversation.receive(older, true, 'prepend');
  }

  async registerPreProcessor(input: { preprocessor?: unknown } | PreProcessor): Promise<PreProcessor> {
    const fn = typeof input === 'function' ? input : input?.preprocessor;
    if (typeof fn !== 'function') {
      throw new SessionError(Reasons.invalidPreprocessor(fn === undefined ? '' : typeof fn), 'invalid.preprocessor');
    }
    this.#conversation.preProcessors.push(fn as PreProcessor);
    return fn as PreProcessor;
  }

  async verifySession(): Promise<{ sessionActive: boolean }> {
    return { sessionActive: this.active || Boolean(await this.#readStored()) };
  }

  // --- Structured answers and files (Web Messaging; other transports keep the seed's rejection) -------

  /** What the chat's transport can do (files and their rules, markdown); undefined before a chat. */
  get capabilities(): TransportCapabilities | undefined {
    return this.#transport?.capabilities;
  }

  /** The visitor chose a quick reply, a card button or a picker option: sent through the outbox like text. */
  async answer(choice: ChoiceAnswer): Promise<void> {
    if (this.#tabs.mirroring) return void (await this.#tabs.forward('answer', [choice]));
    this.#requireChat(Reasons.noActiveSession);
    await this.#outbox.enqueue(choice.text, { answer: choice }).accepted.catch((error) => {
      throw toSessionError(error);
    });
  }

  /** The seed's sendFile({files}): uploads each file (a file input, its FileList, a File or Files), then sends it. */
  sendFile(input?: unknown): Promise<void> {
    if (!this.#transport?.capabilities.attachments || this.#tabs.mirroring) return unsupported(Reasons.fileUpload);
    return this.uploads().then((uploads) => uploads.send(input));
  }

  /** The seed's downloadFile({fileId, fileName}): a fresh address for a file of the chat (the element opens it). */
  downloadFile(input: { fileId?: string; fileName?: string }): Promise<{ url: string; fileName?: string }> {
    if (!this.#transport?.fileUrl) return unsupported(Reasons.fileDownload);
    return this.uploads().then((uploads) => uploads.download(input));
  }

  /** The visitor's uploads (their progress and failures, retry and discard), loaded on first use. */
  uploads(): Promise<SessionUploads> {
    this.#uploads ??= import('./uploads.js').then(
      ({ SessionUploads }) =>
        new SessionUploads({
          transport: () => this.#requireChat(Reasons.noActiveSession),
          send: (file) => this.#outbox.enqueue('', { files: [file] }).accepted,
        }),
    );
    this.#uploads.catch(() => (this.#uploads = undefined));
    return this.#uploads;
  }

  // --- Restore and persistence -------------------------------------------------------------------

  /** Pick up the chat this tab had before a reload: transcript, agents and state come back. */
  async restore(): Promise<SessionData> {
    if (this.#restoring) throw new SessionError(Reasons.alreadyRestoring, 'restoring');
    if (this.active) throw new SessionError(Reasons.restoreWhileActive, 'chat.active');
    const stored = await this.#readStored();
    if (!stored) throw new SessionError(Reasons.sessionNotFound, 'not.found');
    if (this.#tabs.joined && !(await this.#tabs.claim())) {
      // Another tab holds this chat already: show it from there rather than open a second socket.
      throw new SessionError(Reasons.restoreWhileActive, 'chat.active');
    }
    return this.#resume(stored);
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
    this.#conversation.flush();
    this.checkpoint();
    this.#disposed = true;
    this.#persistence.dispose();
    this.#tabs.close(); // the next tab in line takes the chat over
    this.#participants.dispose();
    this.#outbox.dispose();
    this.#transport?.dispose();
    this.#events.clear();
  }

  /**
   * Reattach to a stored chat: transcript, outbox, participants and state come back. `shown` is the transcript
   * this tab mirrored when it is taking the chat over from another tab. The code is restore.ts, a chunk only a
   * stored chat needs; the protocol's chunk is fetched beside it, not after it.
   */
  async #resume(stored: PersistedState, shown?: TranscriptMessage[]): Promise<SessionData> {
    this.#restoring = true;
    this.#state.set('restoring');
    void this.#definition.load().catch(() => undefined);
    let restore: typeof import('./restore.js');
    try {
      restore = await import('./restore.js');
    } catch (cause) {
      // As a restore the network kept out of reach: the stored chat stays for the next try.
      this.#restoring = false;
      this.#state.set('idle');
      this.#tabs.release();
      const failure = new SessionError('The chat could not be loaded: check the connection and try again.', 'load.failed', cause);
      this.#events.emit('restoreFailed', { reason: failure.message });
      throw failure;
    }
    return restore.resume(this, this[INNER](), stored, shown);
  }

  async #readStored(): Promise<PersistedState | null> {
    const stored = await this.#persistence.read(this.config.transport);
    if (stored === 'timeout') {
      this.#events.emit('restoreTimeout', {});
      return null;
    }
    return stored;
  }

  #persist(): void {
    const state = this.#persistedState();
    // A disposed session belongs to a page that is going away: what it saved last is what a reload gets.
    if (state && this.#state.get() !== 'ended' && !this.#disposed) void this.#persistence.write(state);
  }

  /**
   * The metadata as it may be stored or sent to other tabs: without the registration answers (names, email,
   * account numbers), which a restore does not need and which would otherwise sit in storage beside the token.
   */
  #shareableMetadata(): LifecycleMetadata {
    return { ...this.metadata, form: false };
  }

  #persistedState(): PersistedState | null {
    const resume = this.#transport?.resumeToken();
    if (!resume) return null;
    return {
      version: 2,
      transport: this.config.transport,
      resume,
      filters: this.#conversation.storedFilters(),
      metadata: this.#shareableMetadata(),
      ui: { ...this.#ui },
      outbox: this.#outbox.entries,
      savedAt: Date.now(),
    };
  }

  // --- Tabs ------------------------------------------------------------------------------------

  /** This tab shows a chat another tab of the site holds (commands go to that tab). */
  get mirroring(): boolean {
    return this.#tabs.mirroring;
  }

  /** Whether the chat window was open in the tab that holds the chat. */
  get mirroredUi(): { open: boolean; minimized: boolean } | undefined {
    return this.#tabs.ownerUi;
  }

  /**
   * Join the other tabs of this site (config.tabSync): resolves "mirror" when another tab already holds a
   * chat (this session then shows it and sends its commands there), "alone" otherwise.
   */
  async joinTabs(waitMs = 300): Promise<'mirror' | 'alone'> {
    if (!this.config.tabSync || this.#disposed) return 'alone';
    return this.#tabs.join(waitMs);
  }

  // --- Internals -------------------------------------------------------------------------------

  /** What the lazily loaded parts (restore.ts, service-commands.ts) reach inside the session. */
  [INNER](): SessionInner {
    return {
      state: this.#state,
      conversation: this.#conversation,
      outbox: this.#outbox,
      participants: this.#participants,
      lifecycle: this.#lifecycle,
      events: this.#events,
      persistence: this.#persistence,
      tabs: this.#tabs,
      userData: this.#userData,
      chatOpen: () => this.#chatOpen(),
      restoring: (restoring) => (this.#restoring = restoring),
      disposed: () => this.#disposed,
      setUi: (ui) => (this.#ui = ui),
      createTransport: () => this.#createTransport(),
      dropTransport: () => {
        this.#transport?.dispose();
        this.#transport = undefined;
      },
      clearConversation: () => this.#clearConversation(),
      finishChat: (reason, readOnly) => this.#finishChat(reason, readOnly),
      persist: () => this.#persist(),
    };
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
    transport.on('message', (message) => this.#conversation.queue(message));
    // Every other event comes after the messages before it: the queued ones join the transcript first.
    const after = <T>(handle: (event: T) => void) => (event: T) => {
      this.#conversation.flush();
      handle(event);
    };
    transport.on('participant', after((change) => this.#participants.change(change, false)));
    transport.on('typing', after(({ participant, durationMs }) => this.#participants.agentTyping(participant, durationMs)));
    transport.on('ended', after(({ reason, readOnly }) => this.#finishChat(reason, readOnly)));
    transport.on('connection', after(({ state }) => {
      if (this.#connection.get() === state) return;
      this.#connection.set(state);
      this.#events.emit(state === 'offline' ? 'disconnected' : 'reconnected', {});
      if (state === 'online') this.#outbox.resume();
    }));
    transport.on('error', after((error) => this.#events.emit('error', describe(error))));
    return transport;
  }

  #finishChat(reason: string, readOnly = false): void {
    if (!this.active) return; // idle or ended already
    this.#participants.endAll();
    this.#ending.set({ reason, readOnly });
    this.#state.set('ended');
    this.#connection.set('online');
    const lifecycle = this.#lifecycle;
    const started = lifecycle.get('started');
    if (started) lifecycle.set('elapsed', Date.now() - started);
    this.#previous = this.#transport?.resumeToken();
    void this.#persistence.write(null); // the session token must not outlive the chat
    this.#outbox.close({ code: 'chat.ended', message: 'The chat ended before this message could be sent.' });
    this.#events.emit('ended', { reason, readOnly });
    lifecycle.stamp(lifecycle.get('agentReached') ? 'completed' : 'cancelled');
    this.#tabs.ended();
  }

  #clearConversation(): void {
    this.#ending.set(null);
    this.#conversation.clear();
    this.#outbox.clear();
    this.#participants.clear();
  }

  /** The chat exists on the service and takes messages (queued or with an agent). */
  #chatOpen(): boolean {
    return ['waiting', 'chatting'].includes(this.#state.get());
  }

  #requireChat(reason: string, allowEnded = false): ChatTransport {
    const usable = this.#chatOpen() || (allowEnded && this.#state.get() === 'ended');
    if (!usable || !this.#transport) throw new SessionError(reason, 'no.session');
    return this.#transport;
  }

  /** A command's call to the service: a failure is recorded, announced and rejected as a SessionError. */
  #command<T>(call: Promise<T>): Promise<T> {
    return call.catch((error) => {
      const failure = describe(error);
      this.#lifecycle.recordError(failure.code);
      this.#events.emit('error', failure);
      throw toSessionError(error);
    });
  }
}

/**
 * The WebChatService commands few pages use, loaded with the first call of any of them (service-commands.ts).
 * What sends or filters messages stays here: a message sent in the same breath keeps its place after it.
 */
const LATER = ['registerTypingPreviewInput', 'getUserData', 'getTranscript', 'getAgents', 'getStats', 'poll', 'startPoll', 'stopPoll', 'resetPollExceptions'] as const;
export interface ChatSession {
  /** A text input or textarea of the page whose keystrokes count as the visitor typing. */
  registerTypingPreviewInput(input: { input?: unknown } | unknown): Promise<void>;
  getUserData(key: string): Promise<{ userData: Record<string, string | undefined> }>;
  getTranscript(): Promise<{ messages: TranscriptMessage[] }>;
  getAgents(): Promise<AgentInfo[]>;
  getStats(): Promise<{ agents: AgentInfo[]; startTime?: number; endTime?: number; duration?: number }>;
  /** No protocol here polls: these reject with Genesys's reasons. */
  poll(): Promise<never>;
  startPoll(): Promise<never>;
  stopPoll(): Promise<never>;
  resetPollExceptions(): Promise<never>;
}

let commands: Promise<ServiceCommands> | undefined;
for (const name of LATER) {
  (ChatSession.prototype as unknown as Record<string, unknown>)[name] = function (this: ChatSession, ...args: unknown[]) {
    commands ??= import('./service-commands.js').then(
      (module) => module.serviceCommands,
      (cause) => {
        commands = undefined; // the next call tries again
        throw new SessionError('The chat could not be loaded: check the connection and try again.', 'load.failed', cause);
      },
    );
    return commands.then((loaded) => (loaded[name] as (...args: unknown[]) => unknown)(this, this[INNER](), ...args));
  };
}

export type { ReadableAtom };

type FindLast<T> = { findLast(predicate: (item: T) => boolean): T | undefined };
export type { TabCommand };
