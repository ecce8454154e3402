// Genesys Cloud Web Messaging for a guest: one WebSocket to the Guest API (configureSession with a guest
// token the widget makes and keeps, onMessage, echo, getJwt, closeSession) and two REST reads (the
// deployment's configuration, the conversation's history). The guest token is the visitor's identity: the
// same token reopens the same conversation from any tab or later visit, for as long as Genesys keeps it.
import { reconnectDelay } from '../../util/backoff.js';
import { Emitter } from '../../util/emitter.js';
import {
  toTransportError,
  TransportError,
  type ChoiceAnswer,
  type MessageFile,
  type UploadOptions,
  type ChatMessage,
  type ChatTransport,
  type CommonOptions,
  type Delivery,
  type HistoryCursor,
  type HistoryPage,
  type Participant,
  type ResumeToken,
  type SendOptions,
  type StartRequest,
  type TransportCapabilities,
  type TransportEvents,
} from '../contract.js';
import type { MessageContent } from '../contract.js';
import type { Uploads } from './uploads.js';
import { AttributeQueue, attributeBytes, DEFAULT_MAX_ATTRIBUTE_BYTES, MAX_TEXT_BYTES, textBytes } from './attributes.js';
import type { WebMessagingConfig } from './definition.js';
import { fetchDeploymentSettings, type DeploymentSettings } from './deployment-config.js';
import { guestApiError } from './errors.js';
import { readFrame, type InboundFrame, type SessionBody, type WireMessage } from './frames.js';
import type { HistoryClient, Jwt } from './history.js';
import { guest, hasEvent, isTranscriptMessage, sender, toChatMessage } from './messages.js';
import { PendingRequests, type PendingKind } from './pending.js';
import * as request from './requests.js';
import { endpoints, type Endpoints } from './urls.js';
import { uuid } from '../../util/uuid.js';

const DEFAULT_REQUEST_TIMEOUT_MS = 12_000;
/** Silence this long sends an echo; as long again without any frame and the socket is taken for dead. */
const DEFAULT_HEARTBEAT_TIMEOUT_MS = 30_000;
/** Genesys allows two echoes per connection per minute. */
const ECHO_SPACING_MS = 30_000;
/** Messenger clients send a typing event at most once per 5 s. */
const TYPING_SPACING_MS = 5_000;
/** How long to show an agent typing when the event gives no duration (Messenger's own default). */
const DEFAULT_TYPING_MS = 5_000;
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;
/** A rate-limit answer asking for longer than this is capped: the visitor can always try again later. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

interface StoredToken {
  token: string;
  sessionId: string;
}

export function createWebMessagingTransport(config: WebMessagingConfig, options: CommonOptions): ChatTransport {
  return new WebMessagingTransport(config, options);
}

export class WebMessagingTransport implements ChatTransport {
  readonly name = 'web-messaging';
  readonly capabilities: TransportCapabilities = {
    history: 'cursor',
    attachments: false,
    midChatAttributes: true,
    customNotice: false,
    // Known once the deployment's configuration is read (start, resume).
    readOnlyAfterEnd: false,
  };

  #config: WebMessagingConfig;
  #options: CommonOptions;
  #urls: Endpoints;
  #events = new Emitter<TransportEvents>();
  /** The history client, loaded the first time history is read (a restore, a reconnect, older messages). */
  #history?: Promise<HistoryClient>;
  #settings?: DeploymentSettings;
  #stored?: StoredToken;
  #displayName?: string;
  #maxAttributeBytes = DEFAULT_MAX_ATTRIBUTE_BYTES;
  #attributes = new AttributeQueue();
  /** The upload code, loaded with the visitor's first file. */
  #uploads?: Promise<Uploads>;
  /** The session's answer, whose allowedMedia and blockedExtensions the upload code reads. */
  #media?: SessionBody;
  /**
   * The reader of structured content (quick replies, cards, files…), loaded with the first message that
   * has some; messages after it wait for it, so the transcript keeps its order.
   */
  #reader?: (items: unknown[] | undefined) => MessageContent[];
  #readerLoading?: Promise<void>;
  #waitingForReader?: Array<() => void>;

  #socket?: WebSocket;
  #pending: PendingRequests;
  /** Typing events in flight: an error about one concerns nobody. */
  #typingIds = new Set<string>();
  #watchdog?: ReturnType<typeof setTimeout>;
  #lastEchoAt = 0;
  #lastTypingAt = 0;
  #reconnectTimer?: ReturnType<typeof setTimeout>;
  #reconnectAttempt = 0;
  /** A reconnect is under way: a socket lost during it is its own failure, handled there. */
  #reconnecting = false;
  /** While a reconnect fills the gap, pushed messages wait here so that missed ones come first. */
  #holding?: InboundFrame[];

  /** Message and event ids already delivered or shown by the session. */
  #seen = new Set<string>();
  /** Agents and bots heard since the last disconnect, by participant id. */
  #agents = new Map<string, Participant>();
  /** Connected and hearing the conversation: a lost socket is reconnected. */
  #live = false;
  #ended = false;
  #disposed = false;

  constructor(config: WebMessagingConfig, options: CommonOptions) {
    this.#config = config;
    this.#options = options;
    this.#urls = endpoints(config.environment, config.deploymentKey);
    this.#pending = new PendingRequests(this.#timeoutMs);
  }

  get #timeoutMs(): number {
    return this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  on<K extends keyof TransportEvents>(type: K, listener: (event: TransportEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  // --- Starting and resuming -------------------------------------------------------------------

  async start({ displayName, attributes, previous }: StartRequest): Promise<void> {
    this.#displayName = displayName || undefined;
    const settings = await this.#readSettings();
    this.#checkAttributes(attributes, DEFAULT_MAX_ATTRIBUTE_BYTES);
    // A visitor who chatted before keeps their guest token (Messenger's identity for them) and asks for a new
    // conversation on it; everyone else gets a new token.
    const previousToken = typeof previous?.token === 'string' && previous.token ? previous.token : undefined;
    this.#stored = { token: previousToken ?? uuid(), sessionId: uuid() };
    this.#ended = false;
    try {
      let session = await this.#connectFirst(Boolean(previousToken));
      if (previousToken && session.readOnly) {
        // The old conversation is still attached to the token (another tab holds it read-only): close every
        // connection on it, as Messenger's "start new conversation" does, then ask again.
        await this.#request('close', (id) => request.closeSession(this.#token, id)).catch(() => undefined);
        if (!this.#socketOpen()) await this.#openSocket();
        session = await this.#configure(true);
      }
      this.#maxAttributeBytes = session.maxCustomDataBytes || DEFAULT_MAX_ATTRIBUTE_BYTES;
      this.#readUploadRules(session);
      this.#checkAttributes(attributes, this.#maxAttributeBytes);
      this.#attributes.reset(attributes);
      this.#live = true;
      this.#events.emit('participant', { participant: guest(this.#displayName), change: 'joined' });
      if (settings.autoStart && session.newSession !== false) await this.#autoStart();
    } catch (error) {
      // No chat came of it: nothing may keep listening or reconnect.
      this.#live = false;
      this.#closeSocket();
      throw toTransportError(error);
    }
  }

  /** autoStart: a Presence Join opens the conversation at once (the flow can greet first), carrying the attributes. */
  async #autoStart(): Promise<void> {
    const attributes = this.#attributes.next();
    let answer: InboundFrame;
    try {
      answer = await this.#request('join', (id) => request.autoStartJoin(this.#token, id, attributes));
    } catch (error) {
      // No answer: the Join may well have landed; the attributes go again with the first message.
      if (toTransportError(error).code === 'client.timeout') return;
      throw error;
    }
    if (answer.kind === 'message') this.#attributes.accepted(attributes);
    else if (answer.kind === 'error' || answer.kind === 'tooManyRequests') throw this.#errorOf(answer);
  }

  async resume(token: ResumeToken): Promise<'live' | 'ended' | 'readOnly'> {
    if (typeof token.token !== 'string' || !token.token) return 'ended';
    await this.#readSettings();
    this.#stored = { token: token.token, sessionId: typeof token.sessionId === 'string' ? token.sessionId : uuid() };
    let session: SessionBody;
    try {
      session = await this.#connectFirst(false);
    } catch (error) {
      const failure = toTransportError(error);
      if (failure.code === '4006' || failure.code === '4007') {
        this.#ended = true;
        return 'ended';
      }
      throw failure;
    }
    this.#maxAttributeBytes = session.maxCustomDataBytes || DEFAULT_MAX_ATTRIBUTE_BYTES;
    this.#readUploadRules(session);
    if (session.newSession) {
      // Genesys no longer knows the conversation (expired, cleared): what it made now is empty and unused.
      this.#ended = true;
      this.#closeSocket();
      return 'ended';
    }
    if (session.readOnly) {
      // Over, but its transcript can still be read: history() reopens the socket for its JWT when asked.
      this.#ended = true;
      this.#closeSocket();
      return 'readOnly';
    }
    this.#live = true;
    return 'live';
  }

  resumeToken(): ResumeToken | undefined {
    return this.#stored && { token: this.#stored.token, sessionId: this.#stored.sessionId };
  }

  /** The guest token is a credential (it reads the transcript): only the widget's own random id is reported. */
  ids(): { sessionId: string; participantId: string } | undefined {
    return this.#stored && { sessionId: this.#stored.sessionId, participantId: this.#stored.sessionId };
  }

  async #readSettings(): Promise<DeploymentSettings> {
    this.#settings ??= await fetchDeploymentSettings(this.#urls.deploymentConfig, this.#timeoutMs);
    this.capabilities.readOnlyAfterEnd = this.#settings.readOnlyAfterEnd;
    this.capabilities.markdown = this.#settings.markdown;
    return this.#settings;
  }

  /** Uploads are on when the deployment enables them and the session says what may be sent (read with the first file). */
  #readUploadRules(session: SessionBody): void {
    this.#media = session;
    if (this.#settings?.attachments && session.allowedMedia) this.capabilities.attachments = true;
  }

  get #token(): string {
    if (!this.#stored) throw new TransportError('There is no chat yet.', 0, 'no.session');
    return this.#stored.token;
  }

  #checkAttributes(attributes: Record<string, string>, max: number): void {
    const bytes = attributeBytes(attributes);
    if (bytes > max) {
      throw guestApiError(4013, `${bytes} bytes of custom attributes`, { maxAttributeBytes: max });
    }
  }

  // --- Sending -----------------------------------------------------------------------------------

  send(text: string, { correlationId }: SendOptions): Promise<Delivery> {
    return this.#sendMessage(text, correlationId, (attributes) => request.textMessage(this.#token, text, correlationId, attributes));
  }

  /** A quick reply, a card's postback or a picker's choice, as Messenger answers them (a ButtonResponse). */
  answer(answer: ChoiceAnswer, { correlationId }: SendOptions): Promise<Delivery> {
    const type = { quickReply: 'QuickReply', button: 'Button', listPicker: 'ListPicker', datePicker: 'DatePicker' }[answer.kind];
    return this.#sendMessage(answer.text, correlationId, (attributes) =>
      request.buttonResponse(this.#token, correlationId, type, answer.text, answer.payload, attributes),
    );
  }

  sendFiles(files: MessageFile[], text: string, { correlationId }: SendOptions): Promise<Delivery> {
    const ids = files.map((file) => file.id);
    return this.#sendMessage(text, correlationId, (attributes) => request.attachmentsMessage(this.#token, correlationId, ids, text, attributes));
  }

  async upload(file: File, options?: UploadOptions): Promise<MessageFile> {
    return (await this.#uploader()).upload(file, options);
  }

  async fileUrl(fileId: string): Promise<string> {
    return (await this.#uploader()).url(fileId);
  }

  /** The upload code is its own chunk: a chat that never sends or refreshes a file never loads it. */
  #uploader(): Promise<Uploads> {
    this.#uploads ??= import('./uploads.js').then(
      ({ Uploads }) =>
        new Uploads({
          request: (kind, build) => this.#request(kind, build),
          token: () => this.#token,
          serviceUrl: this.#urls.messages,
          session: () => this.#media,
          capabilities: this.capabilities,
        }),
    );
    this.#uploads.catch(() => (this.#uploads = undefined));
    return this.#uploads;
  }

  async #sendMessage(text: string, correlationId: string, build: (attributes: Record<string, string> | undefined) => object): Promise<Delivery> {
    if (this.#ended) return { outcome: 'refused', error: guestApiError(409, '', { maxAttributeBytes: this.#maxAttributeBytes }) };
    const bytes = textBytes(text);
    if (bytes > MAX_TEXT_BYTES) {
      return { outcome: 'refused', error: guestApiError(4011, `${bytes} bytes`, { maxAttributeBytes: this.#maxAttributeBytes }) };
    }
    const attributes = this.#attributes.next();
    if (attributes && attributeBytes(attributes) > this.#maxAttributeBytes) {
      const size = attributeBytes(attributes);
      this.#attributes.drop();
      return { outcome: 'refused', error: guestApiError(4013, `${size} bytes of custom attributes, not sent`, { maxAttributeBytes: this.#maxAttributeBytes }) };
    }
    if (!this.#live || !this.#socketOpen() || this.#holding) {
      return { outcome: 'retry', retryAfterMs: 1000, error: new TransportError('Not connected to Genesys Cloud: the message was not sent.', 0, 'offline') };
    }
    let answer: InboundFrame;
    try {
      answer = await this.#request('send', () => build(attributes), correlationId);
    } catch (error) {
      return { outcome: 'unknown', error: toTransportError(error) };
    }
    if (answer.kind === 'message') {
      this.#attributes.accepted(attributes);
      return { outcome: 'accepted', id: answer.body.id };
    }
    const error = this.#errorOf(answer);
    if (error.status === 429) {
      const seconds = answer.kind === 'tooManyRequests' ? answer.retryAfterSeconds : undefined;
      return { outcome: 'retry', retryAfterMs: Math.min(MAX_RETRY_AFTER_MS, (seconds ?? 1) * 1000), error };
    }
    if (error.code === '4013') this.#attributes.drop();
    if (error.code === '4006' || error.code === '4007') queueMicrotask(() => this.#finish('expired', false));
    // Read-only: the agent disconnected it and the Presence Disconnect never reached this page. The chat is
    // over; saying so lets the visitor start a new one instead of writing into a closed conversation.
    if (error.code === '409') queueMicrotask(() => this.#onDisconnect(true));
    return { outcome: 'refused', error };
  }

  #errorOf(answer: InboundFrame): TransportError {
    const limits = { maxAttributeBytes: this.#maxAttributeBytes };
    if (answer.kind === 'tooManyRequests') {
      const error = guestApiError(4029, answer.message ?? '', limits);
      return new TransportError(error.message, 429, '4029', answer.retryAfterSeconds, answer.message);
    }
    if (answer.kind === 'error') return guestApiError(answer.code, answer.message, limits);
    return new TransportError('Genesys Cloud gave an unexpected answer.', 0, 'bad.response', undefined, answer);
  }

  updateAttributes(attributes: Record<string, string>): void {
    this.#attributes.update(attributes);
  }

  async typing(): Promise<void> {
    // The deployment may hide the visitor's typing from agents: then nothing is sent at all.
    if (!this.#settings?.showVisitorTyping || !this.#live || this.#ended || !this.#socketOpen()) return;
    const now = Date.now();
    if (now - this.#lastTypingAt < TYPING_SPACING_MS) return;
    this.#lastTypingAt = now;
    const id = uuid();
    this.#typingIds.add(id);
    setTimeout(() => this.#typingIds.delete(id), this.#timeoutMs);
    this.#sendFrame(request.typingOn(this.#token, id));
  }

  /**
   * A Messenger guest cannot end a conversation: the Guest API has no documented way to (the agent or the
   * flow disconnects it). What the visitor can do is stop hearing it everywhere: closeSession closes every
   * connection on the guest token (other tabs included), and the widget stops. The next start() asks for a
   * new conversation on the same token.
   */
  async leave(): Promise<void> {
    this.#ended = true;
    this.#live = false;
    if (this.#stored && this.#socketOpen()) {
      await this.#request('close', (id) => request.closeSession(this.#token, id)).catch(() => undefined);
    }
    this.#closeSocket();
  }

  // --- History and the gap ---------------------------------------------------------------------

  #pageSize(size?: number): number {
    return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size ?? this.#options.pageSize ?? DEFAULT_PAGE_SIZE)));
  }

  async history(before?: HistoryCursor, size?: number): Promise<HistoryPage> {
    const pageNumber = before === undefined ? 1 : Number(before);
    if (!Number.isInteger(pageNumber) || pageNumber < 1) {
      throw new TransportError(`"${before}" is not a history cursor this transport gave.`, 0, 'history.cursor');
    }
    const client = await this.#historyClient();
    const page = await client.page(pageNumber, this.#pageSize(size));
    this.#reportInvalid(page.invalid);
    if (page.entities.some(({ message }) => message.content?.length)) await this.#loadReader();
    const messages = client.inOrder(
      page.entities.filter(({ message }) => isTranscriptMessage(message)).map(({ message, raw }) => this.#toChatMessage(message, raw)),
    );
    return { messages, ...(page.more && { before: String(pageNumber + 1) }) };
  }

  /**
   * Reads history from the newest page back to the first message already seen and delivers what is new,
   * oldest first, each message once. A disconnect missed while away ends the chat after its messages.
   */
  async sync(): Promise<void> {
    const client = await this.#historyClient();
    const missed = await client.gap(this.#seen, this.#pageSize(), (invalid) => this.#reportInvalid(invalid));
    for (const { message, raw } of missed) {
      if (this.#disposed) return;
      if (isTranscriptMessage(message)) this.#deliver(message, raw);
      else this.#seen.add(message.id);
    }
    const disconnect = missed.find(({ message }) => message.direction === 'Outbound' && hasEvent(message, 'Presence', 'Disconnect'));
    if (disconnect) this.#onDisconnect(disconnect.message.metadata.readOnly === 'true');
  }

  markSeen(messages: ChatMessage[]): void {
    for (const message of messages) this.#seen.add(message.id);
  }

  async participants(): Promise<Participant[]> {
    return [...this.#agents.values()];
  }

  /**
   * The history client. Its code is a chunk of its own: a chat that is started, held and ended on one socket
   * never reads history. A failed download fails this read like a network error would (status 0, so a
   * restore or reconnect tries again later, and the transcript shown stays).
   */
  async #historyClient(): Promise<HistoryClient> {
    this.#history ??= import('./history.js').then(({ HistoryClient }) => new HistoryClient(this.#urls.messages, () => this.#fetchJwt(), this.#timeoutMs));
    try {
      return await this.#history;
    } catch (cause) {
      this.#history = undefined;
      throw new TransportError('The earlier messages could not be loaded: check the connection and try again.', 0, 'load.failed', undefined, cause);
    }
  }

  #reportInvalid(reasons: string[]): void {
    for (const reason of reasons) {
      this.#events.emit('error', new TransportError(`Left out a history message Genesys Cloud sent: ${reason}.`, 0, 'frame.invalid'));
    }
  }

  /** The JWT that reads history: asked for on the socket, opening one just for it when the chat is over. */
  async #fetchJwt(): Promise<Jwt> {
    if (!this.#socketOpen()) {
      if (this.#live) throw new TransportError('Not connected to Genesys Cloud.', 0, 'offline');
      await this.#openSocket();
      await this.#configure(false);
    }
    const answer = await this.#request('jwt', (id) => request.getJwt(this.#token, id));
    if (answer.kind === 'jwt') return { jwt: answer.jwt, exp: answer.exp };
    throw this.#errorOf(answer);
  }

  // --- The socket --------------------------------------------------------------------------------

  #socketOpen(): boolean {
    return this.#socket?.readyState === 1;
  }

  #openSocket(): Promise<void> {
    this.#closeSocket();
    const SocketImpl = this.#options.WebSocketImpl ?? WebSocket;
    return new Promise((resolve, reject) => {
      let opened = false;
      const socket = new SocketImpl(this.#urls.socket);
      this.#socket = socket;
      this.#lastEchoAt = 0;
      socket.addEventListener('open', () => {
        opened = true;
        this.#armWatchdog();
        resolve();
      });
      socket.addEventListener('message', (event) => this.#onData(socket, event.data));
      socket.addEventListener('close', () => {
        if (this.#socket !== socket) return; // closed by this transport, or replaced
        this.#socket = undefined;
        clearTimeout(this.#watchdog);
        this.#pending.failAll(new TransportError('The connection to Genesys Cloud dropped before it answered.', 0, 'socket.closed'));
        if (opened) this.#lost();
        else reject(new TransportError('The connection to Genesys Cloud could not be opened.', 0, 'socket.error'));
      });
    });
  }

  /**
   * The first socket of a start or resume. The deployment's configuration has just been read from the same
   * network, so an upgrade that fails now is the service turning this page away: Messenger refuses sites
   * missing from the deployment's allowed domains with a 403 that a browser cannot see. Trying again would
   * fail again, so this is a configuration error, not a reconnect.
   */
  async #connectFirst(startNew: boolean): Promise<SessionBody> {
    try {
      await this.#openSocket();
    } catch {
      throw new TransportError(
        `Genesys Cloud refused this page's connection to the Messenger deployment. Add this site's domain (${location.hostname}) to the deployment's allowed domains in Genesys Cloud (Messenger Deployments → Restrict domain access).`,
        403,
        'websocket.denied',
      );
    }
    return this.#configure(startNew);
  }

  async #configure(startNew: boolean): Promise<SessionBody> {
    const answer = await this.#request('session', (id) => request.configureSession(this.#token, this.#config.deploymentKey, id, startNew));
    if (answer.kind === 'session' && answer.body.connected) return answer.body;
    if (answer.kind === 'session') throw new TransportError('Genesys Cloud did not connect the chat session.', 0, 'session.not.connected');
    throw this.#errorOf(answer);
  }

  #sendFrame(frame: object): void {
    this.#socket?.send(JSON.stringify(frame));
  }

  /** Sends a request and waits for its answer. */
  #request(kind: PendingKind, build: (tracingId: string) => object, tracingId = uuid()): Promise<InboundFrame> {
    if (!this.#socketOpen()) return Promise.reject(new TransportError('Not connected to Genesys Cloud.', 0, 'offline'));
    const answer = this.#pending.wait(kind, tracingId);
    this.#sendFrame(build(tracingId));
    return answer;
  }

  #closeSocket(): void {
    clearTimeout(this.#watchdog);
    clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000);
    this.#pending.failAll(new TransportError('The connection to Genesys Cloud was closed.', 0, 'socket.closed'));
  }

  /**
   * Browsers cannot send WebSocket pings, so silence is met with an `echo` (at most two a minute, as Genesys
   * allows); any frame re-arms the watch, and an echo left unanswered that long means the socket is dead.
   */
  #armWatchdog(): void {
    clearTimeout(this.#watchdog);
    const period = this.#options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    const probe = () => {
      if (!this.#socketOpen() || !this.#stored) return;
      const wait = this.#lastEchoAt + ECHO_SPACING_MS - Date.now();
      if (wait > 0) {
        // The last echo was answered moments ago: probe again once Genesys allows another.
        this.#watchdog = setTimeout(probe, wait);
        return;
      }
      this.#lastEchoAt = Date.now();
      this.#sendFrame(request.echo(this.#token));
      this.#watchdog = setTimeout(() => {
        this.#closeSocket();
        this.#lost();
      }, period);
    };
    this.#watchdog = setTimeout(probe, period);
  }

  // --- Connection loss and reconnecting ----------------------------------------------------------

  #lost(): void {
    if (!this.#live || this.#ended || this.#disposed || this.#reconnecting) return;
    this.#holding = undefined;
    if (this.#reconnectAttempt === 0) {
      this.#reconnectAttempt = 1;
      this.#events.emit('connection', { state: 'offline', attempt: 1 });
    } else {
      this.#reconnectAttempt++;
    }
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => void this.#reconnect(), reconnectDelay(this.#reconnectAttempt, this.#options.reconnect));
  }

  /** The same token on a new socket, then the gap filled from history before anything newer is shown. */
  async #reconnect(): Promise<void> {
    if (!this.#live || this.#ended || this.#disposed) return;
    this.#reconnecting = true;
    try {
      await this.#openSocket();
      this.#holding = [];
      const session = await this.#configure(false);
      if (session.newSession) {
        // Gone while away (expired or cleared): there is nothing to reconnect to.
        this.#holding = undefined;
        this.#reconnecting = false;
        this.#finish('expired', false);
        return;
      }
      await this.sync();
      this.#reconnecting = false;
      const held = this.#holding ?? [];
      this.#holding = undefined;
      for (const frame of held) this.#handle(frame);
      if (this.#ended || this.#disposed) return;
      this.#reconnectAttempt = 0;
      this.#events.emit('connection', { state: 'online', attempt: 0 });
      // Disconnected while away with the transcript kept: the missed goodbye is shown above, then the end.
      if (session.readOnly) this.#onDisconnect(true);
    } catch (error) {
      this.#holding = undefined;
      this.#reconnecting = false;
      const failure = toTransportError(error);
      if (failure.code === '4006' || failure.code === '4007') {
        this.#finish('expired', false);
        return;
      }
      // Not caught up: this socket must not show newer messages ahead of the missing ones.
      this.#closeSocket();
      this.#lost();
    }
  }

  // --- Frames --------------------------------------------------------------------------------

  #onData(socket: WebSocket, data: unknown): void {
    if (socket !== this.#socket || this.#disposed) return;
    this.#armWatchdog();
    const frame = readFrame(data);
    if ('invalid' in frame) {
      this.#events.emit('error', new TransportError(`Dropped a frame from Genesys Cloud: ${frame.invalid}.`, 0, 'frame.invalid', undefined, data));
      return;
    }
    if (this.#holding && frame.kind === 'message' && !this.#pending.kindOf(frame.tracingId)) {
      this.#holding.push(frame);
      return;
    }
    try {
      this.#handle(frame);
    } catch (error) {
      // A listener's failure must not stop the frames after it.
      this.#events.emit('error', toTransportError(error));
    }
  }

  #handle(frame: InboundFrame): void {
    switch (frame.kind) {
      case 'echo':
      case 'ignored':
        return;
      case 'session':
        this.#pending.answer(frame, ['session', 'close']);
        return;
      case 'jwt':
        this.#pending.answer(frame, ['jwt']);
        return;
      case 'file':
        // An answer to an attachment request carries its tracing id; an upload's verdict goes to whoever waits for that file.
        if (frame.tracingId && this.#pending.answer(frame, ['attach', 'getAttachment'])) return;
        void this.#uploads?.then((uploads) => uploads.handle(frame));
        return;
      case 'message':
        this.#onMessage(frame.body, frame.raw, frame.tracingId);
        return;
      case 'tooManyRequests':
      case 'error': {
        if (frame.tracingId && this.#typingIds.has(frame.tracingId)) return; // a typing event refused: nobody waits for it
        if (this.#pending.answer(frame, ['send', 'join', 'session', 'close', 'jwt', 'attach', 'getAttachment'])) return;
        if (frame.kind === 'error' && (frame.code === 4006 || frame.code === 4007)) this.#finish('expired', false);
        else this.#events.emit('error', this.#errorOf(frame));
        return;
      }
      case 'connectionClosed':
      case 'sessionCleared':
        // Another tab or device closed (or cleared) this guest's connections: reconnecting would take them back.
        this.#finish('elsewhere', false);
        return;
      case 'sessionExpired':
        this.#finish('expired', false);
        return;
      case 'logout':
        this.#finish('server', false);
        return;
    }
  }

  #onMessage(message: WireMessage, raw: unknown, tracingId: string | undefined): void {
    if (message.direction === 'Inbound') {
      // The echo of the visitor's own send (or Join) is its answer; an echo without a tracing id answers nobody.
      if (tracingId !== undefined) this.#pending.answer({ kind: 'message', tracingId, body: message, raw }, ['send', 'join']);
      if (isTranscriptMessage(message)) this.#deliver(message, raw, tracingId);
      else this.#seen.add(message.id);
      return;
    }
    if (isTranscriptMessage(message)) {
      this.#deliver(message, raw);
      return;
    }
    if (this.#seen.has(message.id)) return;
    this.#seen.add(message.id);
    if (hasEvent(message, 'Typing', 'On')) {
      if (this.#settings?.showAgentTyping === false) return;
      const event = message.events.find((item) => item.eventType === 'Typing');
      const from = message.channel?.from ? sender(message) : ([...this.#agents.values()].at(-1) ?? sender(message));
      this.#events.emit('typing', { participant: from, durationMs: event?.typing?.duration ?? DEFAULT_TYPING_MS });
    }
    if (hasEvent(message, 'Presence', 'Join')) this.#noteSpeaker(sender(message));
    if (hasEvent(message, 'Presence', 'Disconnect')) this.#onDisconnect(message.metadata.readOnly === 'true');
  }

  #toChatMessage(message: WireMessage, raw: unknown, correlationId?: string): ChatMessage {
    // Without its reader (it failed to load) content still shows as something that cannot be shown here.
    const content = message.content?.length ? (this.#reader?.(message.content) ?? [{ type: 'unsupported', name: 'content' }]) : undefined;
    return toChatMessage(message, raw, { displayName: this.#displayName, correlationId, content });
  }

  /** The content reader's chunk: a chat that never gets structured content never downloads it. */
  #loadReader(): Promise<void> {
    this.#readerLoading ??= import('./content.js').then(({ readContent }) => {
      this.#reader = (items) => readContent(items, this.#urls.messages);
    });
    return this.#readerLoading.catch(() => undefined);
  }

  #deliver(message: WireMessage, raw: unknown, tracingId?: string): void {
    if (this.#seen.has(message.id)) return;
    this.#seen.add(message.id);
    const emit = () => {
      if (this.#disposed) return;
      const chat = this.#toChatMessage(message, raw, message.direction === 'Inbound' ? tracingId : undefined);
      if (!chat.own) this.#noteSpeaker(chat.from);
      this.#events.emit('message', chat);
    };
    if (this.#waitingForReader) {
      this.#waitingForReader.push(emit);
    } else if (message.content?.length && !this.#reader) {
      this.#waitingForReader = [emit];
      void this.#loadReader().then(() => {
        const waiting = this.#waitingForReader ?? [];
        this.#waitingForReader = undefined;
        for (const run of waiting) run();
      });
    } else {
      emit();
    }
  }

  /** Someone new speaks (or joins): they are in the chat from now on. */
  #noteSpeaker(participant: Participant): void {
    if (this.#agents.has(participant.id)) return;
    this.#agents.set(participant.id, participant);
    this.#events.emit('participant', { participant, change: 'joined' });
  }

  /** The agent or flow disconnected the conversation: everyone heard so far leaves, and the chat is over. */
  #onDisconnect(readOnly: boolean): void {
    if (this.#ended) return;
    const leaving = this.#agents.size ? [...this.#agents.values()] : [{ id: 'agent:', role: 'agent', own: false } satisfies Participant];
    this.#agents.clear();
    for (const participant of leaving) this.#events.emit('participant', { participant, change: 'left' });
    this.#finish('agent', readOnly);
  }

  #finish(reason: TransportEvents['ended']['reason'], readOnly: boolean): void {
    if (this.#ended || this.#disposed) return;
    this.#ended = true;
    this.#live = false;
    this.#closeSocket();
    this.#events.emit('ended', { reason, readOnly });
  }

  dispose(): void {
    this.#disposed = true;
    this.#live = false;
    this.#closeSocket();
    this.#events.clear();
  }
}
