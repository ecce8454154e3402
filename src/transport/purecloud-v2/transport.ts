// The Genesys Cloud Guest Chat API v2 (`purecloud-v2-sockets`): REST calls under /api/v2/webchat/guest plus
// the event stream at `eventStreamUri`, turned into the transport contract's chat terms. Members with roles
// and states, body types and JWTs stay in this folder.
import { reconnectDelay } from '../../util/backoff.js';
import { Emitter } from '../../util/emitter.js';
import { requestJson } from '../http.js';
import {
  isTransient,
  toTransportError,
  TransportError,
  type ChatMessage,
  type ChatTransport,
  type CommonOptions,
  type Delivery,
  type HistoryPage,
  type Participant,
  type ResumeToken,
  type SendOptions,
  type StartRequest,
  type TransportCapabilities,
  type TransportEvents,
} from '../contract.js';
import { createUrlPolicy, type UrlPolicy } from '../url-policy.js';
import { isId, isOptionalText, isRecord, isText, oneOf } from '../wire-guard.js';
import type { BodyType, ChatCredentials, Member, PureCloudV2Config, WireMessage } from './wire.js';

interface RawMember {
  id: string;
  role?: Member['role'];
  state?: Member['state'];
  displayName?: string;
  avatarImageUrl?: string;
  joinDate?: string;
  leaveDate?: string;
}

interface RawMessage {
  id: string;
  body?: string;
  bodyType?: BodyType;
  timestamp: string;
  sender: { id: string };
}

interface Frame {
  topicName?: string;
  eventBody?: Record<string, unknown>;
  metadata?: { type?: string; CorrelationId?: string };
}

const MAX_PAGE = 100;
const ROLES: readonly Member['role'][] = ['AGENT', 'CUSTOMER', 'WORKFLOW', 'ACD'];
const STATES: readonly Member['state'][] = ['ALERTING', 'CONNECTED', 'DISCONNECTED'];
const BODY_TYPES: readonly BodyType[] = ['standard', 'notice', 'member-join', 'member-leave', 'media-request'];

/** A message as the wire must give it; anything else is dropped (and reported) rather than shown. */
function isRawMessage(value: unknown): value is RawMessage {
  return (
    isRecord(value) &&
    isId(value.id) &&
    isText(value.timestamp) &&
    isRecord(value.sender) &&
    isId(value.sender.id) &&
    isOptionalText(value.body) &&
    (value.bodyType == null || oneOf(value.bodyType, BODY_TYPES) !== undefined)
  );
}
const KINDS: Record<string, ChatMessage['kind']> = { standard: 'text', notice: 'notice', 'member-join': 'joined', 'member-leave': 'left' };
const DEFAULT_REQUEST_TIMEOUT_MS = 12_000;
const DEFAULT_HEARTBEAT_TIMEOUT_MS = 25_000;

export class PureCloudV2SocketsTransport implements ChatTransport {
  readonly name = 'purecloud-v2-sockets';
  readonly capabilities: TransportCapabilities = {
    history: 'cursor',
    attachments: false,
    midChatAttributes: false,
    customNotice: true,
    readOnlyAfterEnd: false,
  };

  #config: PureCloudV2Config;
  #options: CommonOptions;
  #urls: UrlPolicy;
  #events = new Emitter<TransportEvents>();
  #credentials?: ChatCredentials;
  #members = new Map<string, Member>();
  #memberLookups = new Map<string, Promise<Member>>();
  /** Members the service has described (role, name): the others are looked up again when they next appear. */
  #described = new Set<string>();
  #socket?: WebSocket;
  #watchdog?: ReturnType<typeof setTimeout>;
  #reconnectTimer?: ReturnType<typeof setTimeout>;
  #reconnectAttempt = 0;
  #lastMessageId?: string;
  #lastMessageTimestamp?: string;
  /** Set while the stream is down: the newest message seen before it dropped, where the gap fill starts. */
  #gap?: { after?: string };
  #seenMessageIds = new Set<string>();
  // Frames are handled one after another so that resolving a sender never reorders messages.
  #frameQueue: Promise<void> = Promise.resolve();
  #ended = false;
  #disposed = false;

  constructor(config: PureCloudV2Config, options: CommonOptions = {}) {
    this.#config = config;
    this.#options = options;
    let serviceUrl = config.dataUrl;
    try {
      serviceUrl = new URL(config.dataUrl, globalThis.location?.href).href; // data-url may be relative to the page
    } catch {
      // not a URL: every address the service names is then refused
    }
    this.#urls = createUrlPolicy({ serviceUrl, allowedHosts: config.allowedHosts });
  }

  get ownMemberId(): string | undefined {
    return this.#credentials?.memberId;
  }

  resumeToken(): ResumeToken | undefined {
    return this.#credentials ? { ...this.#credentials } : undefined;
  }

  ids(): { sessionId: string; participantId: string } | undefined {
    return this.#credentials && { sessionId: this.#credentials.conversationId, participantId: this.#credentials.memberId };
  }

  on<K extends keyof TransportEvents>(type: K, listener: (event: TransportEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  async start(request: StartRequest): Promise<void> {
    const { orgGuid: organizationId, deploymentKey: deploymentId, targetType, targetAddress, priority, skills, language } = this.#config;
    // Optional routing fields go only when set (undefined ones vanish in JSON).
    const routingTarget = { targetType, targetAddress, priority, skills: skills?.length ? skills : undefined, language: language || undefined };
    // The service turns customFields into the participant attributes `context.<name>`.
    const memberInfo = { role: 'CUSTOMER', displayName: request.displayName, customFields: request.attributes };
    const created = await this.#call<{ id: string; jwt: string; eventStreamUri: string; member: RawMember }>(
      'POST',
      '/conversations',
      { organizationId, deploymentId, routingTarget, memberInfo },
    );
    if (!isRecord(created) || !isId(created.id) || !isText(created.jwt) || !isRecord(created.member) || !isId(created.member.id)) {
      throw new TransportError('The service sent a malformed answer.', 0, 'response.invalid');
    }
    this.#credentials = {
      conversationId: created.id,
      memberId: created.member.id,
      jwt: created.jwt,
      eventStreamUri: created.eventStreamUri,
    };
    this.#remember({ ...created.member, role: 'CUSTOMER', state: created.member.state ?? 'CONNECTED' });
    this.#described.add(created.member.id);
    // Left while it was being created, or unable to hear from it: either way no agent should wait for it.
    const abandon = () => void this.#call('DELETE', this.#memberPath()).catch(() => undefined);
    if (this.#ended) abandon();
    else {
      try {
        await this.#openSocket();
      } catch (error) {
        abandon();
        throw error;
      }
    }
  }

  async resume(token: ResumeToken): Promise<'live' | 'ended'> {
    const credentials = token as unknown as ChatCredentials;
    // What was stored may be damaged: a token without its parts is no chat to resume.
    if (!['conversationId', 'memberId', 'jwt', 'eventStreamUri'].every((key) => typeof credentials?.[key as keyof ChatCredentials] === 'string')) {
      // Status 400: a token that cannot work will not work on a retry either.
      throw new TransportError('The stored chat is incomplete.', 400, 'resume.invalid');
    }
    this.#credentials = credentials;
    const self = await this.#fetchMember(credentials.memberId);
    if (self.state === 'DISCONNECTED') {
      this.#ended = true;
      return 'ended';
    }
    await this.#openSocket();
    return 'live';
  }

  /**
   * POST the message. The answer says what became of it: a 429 took nothing (try again after Retry-After),
   * another 4xx is the service refusing this message, and no answer, a timeout or a 5xx leave it unknown.
   */
  async send(text: string, { kind = 'text' }: SendOptions): Promise<Delivery> {
    const bodyType: BodyType = kind === 'notice' ? 'notice' : 'standard';
    try {
      const sent = await this.#call<unknown>('POST', `${this.#memberPath()}/messages`, { body: text, bodyType });
      if (!isRawMessage(sent)) return { outcome: 'unknown', error: new TransportError('The service sent a malformed answer.', 0, 'response.invalid') };
      return { outcome: 'accepted', id: sent.id };
    } catch (cause) {
      const error = toTransportError(cause);
      if (error.status === 429) return { outcome: 'retry', retryAfterMs: Math.max(0, error.retryAfterSeconds ?? 1) * 1000, error };
      if (isTransient(error)) return { outcome: 'unknown', error };
      return { outcome: 'refused', error };
    }
  }

  async typing(): Promise<void> {
    await this.#call('POST', `${this.#memberPath()}/typing`);
  }

  async leave(): Promise<void> {
    // The chat is over for the visitor whatever the answer: no reconnect may bring it back to life.
    this.#ended = true;
    if (!this.#credentials) return; // still being created: start() leaves it once it exists
    try {
      await this.#call('DELETE', this.#memberPath());
    } catch (error) {
      // Leaving a chat that already ended is not a failure from the visitor's point of view.
      if (!(error instanceof TransportError && error.code === 'chat.error.conversation.state')) {
        if (isTransient(error)) this.#retryLeave(1);
        throw error;
      }
    } finally {
      this.#closeSocket();
    }
  }

  /**
   * The service did not hear the visitor leave (offline, 5xx): keep telling it, with the reconnect backoff, until
   * it answers or the page goes, so the agent is not left waiting.
   */
  #retryLeave(attempt: number): void {
    setTimeout(() => {
      if (this.#disposed) return;
      this.#call('DELETE', this.#memberPath()).catch((error) => {
        if (isTransient(error)) this.#retryLeave(attempt + 1);
      });
    }, this.#pause(attempt));
  }

  async history(before?: string, size = this.#options.pageSize ?? MAX_PAGE): Promise<HistoryPage> {
    const page = await this.#fetchMessages({ before, newestFirst: true, pageSize: size });
    const messages = page.messages.reverse().map((message) => this.#toChatMessage(message));
    return { messages, before: page.hasMore && messages.length > 0 ? messages[0].id : undefined };
  }

  async #fetchMessages({
    after,
    before,
    newestFirst = false,
    pageSize = MAX_PAGE,
  }: {
    after?: string;
    before?: string;
    newestFirst?: boolean;
    pageSize?: number;
  }): Promise<{ messages: WireMessage[]; hasMore: boolean }> {
    const query = new URLSearchParams({
      sortOrder: newestFirst ? 'descending' : 'ascending',
      maxResults: String(Math.min(Math.max(1, pageSize), MAX_PAGE)),
    });
    if (after) query.set('after', after);
    if (before) query.set('before', before);
    const page = await this.#call<{ entities?: RawMessage[]; next?: string | null }>(
      'GET',
      `${this.#conversationPath()}/messages?${query}`,
    );
    const messages: WireMessage[] = [];
    const entities: unknown[] = isRecord(page) && Array.isArray(page.entities) ? page.entities : [];
    for (const raw of entities) {
      if (isRawMessage(raw)) messages.push(await this.#toWireMessage(raw));
      else this.#reportMalformed();
    }
    return { messages, hasMore: Boolean(page.next) };
  }

  async participants(): Promise<Participant[]> {
    const members = await this.#fetchMembers();
    return members.filter((member) => member.id !== this.ownMemberId && member.state === 'CONNECTED').map((member) => this.#participant(member));
  }

  async #fetchMembers(): Promise<Member[]> {
    const members: Member[] = [];
    for (let pageNumber = 1; pageNumber < 50; pageNumber++) {
      const page = await this.#call<{ entities?: RawMember[]; pageCount?: number }>(
        'GET',
        `${this.#conversationPath()}/members?pageSize=100&pageNumber=${pageNumber}`,
      );
      for (const raw of isRecord(page) && Array.isArray(page.entities) ? page.entities : []) {
        if (!isRecord(raw) || !isId(raw.id)) {
          this.#reportMalformed();
          continue;
        }
        members.push(this.#remember(raw as unknown as RawMember));
        this.#described.add(raw.id);
      }
      if (!page.pageCount || pageNumber >= page.pageCount) break;
    }
    return members;
  }

  dispose(): void {
    this.#disposed = true;
    this.#closeSocket();
    this.#events.clear();
  }

  // --- REST ---------------------------------------------------------------------------------

  #require(): ChatCredentials {
    if (!this.#credentials) throw new TransportError('There is no active chat session.', 0, 'no.session');
    return this.#credentials;
  }

  #conversationPath(): string {
    return `/conversations/${this.#require().conversationId}`;
  }

  /** Our member in the conversation, or another one by id. */
  #memberPath(id = this.#require().memberId): string {
    return `${this.#conversationPath()}/members/${id}`;
  }

  /** A call to the guest chat API (path under /api/v2/webchat/guest), with our token once we have one. */
  #call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return requestJson<T>(`${this.#config.dataUrl.replace(/\/+$/, '')}/api/v2/webchat/guest${path}`, {
      method,
      body,
      jwt: this.#credentials?.jwt,
      timeoutMs: this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    });
  }

  #remember(raw: RawMember): Member {
    // What the wire leaves out (or sends as null, or sends with the wrong type) keeps its known value, else the
    // default: a name that is an object must never reach an element.
    const checked: Partial<Member> = {
      id: raw.id,
      role: oneOf(raw.role, ROLES),
      state: oneOf(raw.state, STATES),
      displayName: isText(raw.displayName) ? raw.displayName : undefined,
      avatarImageUrl: this.#urls.check(raw.avatarImageUrl, 'http')?.href,
      joinDate: isText(raw.joinDate) ? raw.joinDate : undefined,
      leaveDate: isText(raw.leaveDate) ? raw.leaveDate : undefined,
    };
    const member = {
      role: 'AGENT',
      state: 'CONNECTED',
      ...this.#members.get(raw.id),
      ...Object.fromEntries(Object.entries(checked).filter(([, value]) => value != null)),
    } as Member;
    this.#members.set(member.id, member);
    return member;
  }

  async #fetchMember(id: string): Promise<Member> {
    const raw = await this.#call<unknown>('GET', this.#memberPath(id));
    const member = this.#remember(isRecord(raw) && raw.id === id ? (raw as unknown as RawMember) : { id });
    this.#described.add(id);
    return member;
  }

  /** Member-change frames and messages carry only an id: look the member up once and cache it. */
  #resolveMember(id: string): Promise<Member> {
    const known = this.#members.get(id);
    if (known && this.#described.has(id)) return Promise.resolve(known);
    let lookup = this.#memberLookups.get(id);
    if (!lookup) {
      // A failed lookup shows an unnamed agent this time and is tried again on the member's next frame.
      lookup = this.#fetchMember(id).catch(() => this.#remember({ id, role: 'AGENT' }));
      this.#memberLookups.set(id, lookup);
      void lookup.finally(() => this.#memberLookups.delete(id));
    }
    return lookup;
  }

  async #toWireMessage(raw: RawMessage): Promise<WireMessage> {
    const sender = await this.#resolveMember(raw.sender.id);
    return {
      id: raw.id,
      body: raw.body ?? '',
      bodyType: raw.bodyType ?? 'standard',
      timestamp: raw.timestamp,
      sender,
      raw,
    };
  }

  // --- Event stream ---------------------------------------------------------------------------

  #openSocket(): Promise<void> {
    const { eventStreamUri } = this.#require();
    // The address carries the chat's token: only a host of the configured service (or one the page allows).
    const streamUrl = this.#urls.check(eventStreamUri, 'socket');
    if (!streamUrl) return Promise.reject(new TransportError('The service named a stream address outside itself.', 0, 'url.refused'));
    const SocketImpl = this.#options.WebSocketImpl ?? WebSocket;
    // Never two sockets: the one a half-done reconnect opened is closed, not left receiving frames.
    this.#closeSocket();
    return new Promise((resolve, reject) => {
      let opened = false;
      const socket = new SocketImpl(streamUrl.href);
      this.#socket = socket;
      socket.addEventListener('open', () => {
        opened = true;
        this.#armWatchdog();
        resolve();
      });
      socket.addEventListener('message', (event) => {
        this.#armWatchdog();
        const data = typeof event.data === 'string' ? event.data : '';
        // A dropped socket's frames, while a gap is open, are left to the gap fill: it brings them in order.
        this.#frameQueue = this.#frameQueue
          .then(() => (!this.#gap || this.#socket === socket ? this.#handleFrame(data) : undefined))
          .catch((error) => this.#events.emit('error', toTransportError(error)));
      });
      // A socket this transport closed itself (or replaced) is no longer this.#socket: its close is expected.
      socket.addEventListener('close', () => {
        if (this.#socket !== socket) return;
        this.#socket = undefined;
        clearTimeout(this.#watchdog);
        if (opened) this.#onConnectionLost();
        else reject(new TransportError('The chat event stream could not be opened.', 0, 'socket.error'));
      });
    });
  }

  #armWatchdog(): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = setTimeout(() => {
      // Silence for two heartbeat periods: the socket may look open but nothing comes through.
      this.#closeSocket();
      this.#onConnectionLost();
    }, this.#options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS);
  }

  #closeSocket(): void {
    clearTimeout(this.#watchdog);
    clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close();
  }

  #onConnectionLost(): void {
    if (this.#ended || this.#disposed) return;
    // Frames a later socket delivers before its gap fill succeeds must not move the start of the gap.
    this.#gap ??= { after: this.#lastMessageId };
    this.#reconnectAttempt++;
    this.#events.emit('connection', { state: 'offline', attempt: this.#reconnectAttempt });
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => void this.#reconnect(), this.#pause(this.#reconnectAttempt));
  }

  /** The wait before try `attempt + 1` at reaching the service again (reconnects, leaving). */
  #pause(attempt: number): number {
    return reconnectDelay(attempt, this.#options.reconnect);
  }

  async #reconnect(): Promise<void> {
    if (this.#ended || this.#disposed) return;
    try {
      const self = await this.#fetchMember(this.#require().memberId);
      if (self.state === 'DISCONNECTED') {
        // Ended while we were away: what was said before the end (the agent's goodbye) is still shown.
        await this.#catchUp(this.#gap?.after).catch(() => undefined);
        this.#finish('server');
        return;
      }
      // Frames on the new socket wait until the gap is filled: missed messages come first, in order.
      let openGate!: () => void;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      this.#frameQueue = this.#frameQueue.then(() => gate);
      try {
        await this.#openSocket();
        await this.#fillGap();
      } finally {
        openGate();
      }
      this.#gap = undefined;
      this.#reconnectAttempt = 0;
      this.#events.emit('connection', { state: 'online', attempt: 0 });
    } catch (error) {
      // Not caught up: the socket must not deliver newer messages ahead of the ones still missing.
      this.#closeSocket();
      const failure = toTransportError(error);
      if (failure.status === 401 || failure.status === 404 || failure.code === 'url.refused') {
        // The conversation or our credentials are gone: there is nothing left to reconnect to.
        this.#finish('server');
        return;
      }
      this.#reconnectAttempt++;
      this.#scheduleReconnect();
    }
  }

  /** Ask for every message after `after` (the last one we saw), following `next`; unseen ones are delivered in order. */
  sync(): Promise<void> {
    return this.#catchUp();
  }

  async #catchUp(after = this.#lastMessageId): Promise<void> {
    for (let guard = 0; guard < 1000; guard++) {
      const page = await this.#fetchMessages({ after });
      for (const message of page.messages) this.#deliver(message);
      if (!page.hasMore || page.messages.length === 0) break;
      after = page.messages[page.messages.length - 1].id;
    }
  }

  /** After a reconnect: the messages missed while away, then the members as they are now. */
  async #fillGap(): Promise<void> {
    await this.#catchUp(this.#gap?.after);
    for (const member of await this.#fetchMembers()) this.#announceMember(member);
  }

  /** A member as the contract's participant coming or going; an alerting agent has not joined yet. */
  #announceMember(member: Member): void {
    if (member.state === 'ALERTING') return;
    this.#events.emit('participant', {
      participant: this.#participant(member),
      change: member.state === 'CONNECTED' ? 'joined' : 'left',
      time: member.state === 'CONNECTED' ? member.joinDate : member.leaveDate,
    });
  }

  #participant(member: Member): Participant {
    const own = member.id === this.ownMemberId;
    const role = own || member.role === 'CUSTOMER' ? 'customer' : member.role === 'AGENT' ? 'agent' : member.role === 'WORKFLOW' ? 'bot' : 'system';
    return { id: member.id, role, own, ...(member.displayName && { name: member.displayName }), ...(member.avatarImageUrl && { avatarUrl: member.avatarImageUrl }) };
  }

  #toChatMessage(message: WireMessage): ChatMessage {
    const from = this.#participant(message.sender);
    return { id: message.id, kind: KINDS[message.bodyType] ?? 'notice', text: message.body, time: message.timestamp, from, own: from.own, raw: message.raw };
  }

  #deliver(message: WireMessage): void {
    if (this.#seenMessageIds.has(message.id)) return;
    this.#seenMessageIds.add(message.id);
    this.#advance(message);
    this.#events.emit('message', this.#toChatMessage(message));
    if (message.bodyType === 'member-leave' && message.sender.id === this.ownMemberId) this.#finish('agent');
  }

  /** Messages loaded by the session (restore, history) count as seen, so the gap fill skips them. */
  markSeen(messages: ChatMessage[]): void {
    for (const message of messages) {
      this.#seenMessageIds.add(message.id);
      this.#advance(message);
    }
  }

  /** Remember the newest message seen: a reconnect asks for everything after it. */
  #advance(message: { id: string; time?: string; timestamp?: string }): void {
    const timestamp = message.time ?? message.timestamp ?? '';
    if (!this.#lastMessageTimestamp || timestamp >= this.#lastMessageTimestamp) {
      this.#lastMessageId = message.id;
      this.#lastMessageTimestamp = timestamp;
    }
  }

  #finish(reason: TransportEvents['ended']['reason']): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#closeSocket();
    this.#events.emit('ended', { reason, readOnly: false });
  }

  /** A frame or entity of the wrong shape was left out; the session hears of it, the rest goes on. */
  #reportMalformed(): void {
    this.#events.emit('error', new TransportError('The service sent a malformed message.', 0, 'frame.invalid'));
  }

  async #handleFrame(data: string): Promise<void> {
    let frame: Frame;
    try {
      frame = JSON.parse(data) as Frame;
    } catch {
      return; // Not JSON: nothing we can act on.
    }
    if (!isRecord(frame)) return;
    const type = isRecord(frame.metadata) ? frame.metadata.type : undefined;
    if (!type || frame.topicName === 'channel.metadata') return; // heartbeat: liveness only
    const body = isRecord(frame.eventBody) ? frame.eventBody : {};
    if (type === 'message') {
      if (!isRawMessage(body)) return this.#reportMalformed();
      this.#deliver(await this.#toWireMessage(body));
    } else if (type === 'typing-indicator') {
      const senderId = isRecord(body.sender) ? body.sender.id : undefined;
      if (!isId(senderId)) return this.#reportMalformed();
      if (senderId === this.ownMemberId) return;
      this.#events.emit('typing', { participant: this.#participant(await this.#resolveMember(senderId)) });
    } else if (type === 'member-change') {
      const changed = body.member;
      if (!isRecord(changed) || !isId(changed.id)) return this.#reportMalformed();
      await this.#resolveMember(changed.id); // known from here on
      const updated = this.#remember({ id: changed.id, state: oneOf(changed.state, STATES) });
      this.#announceMember(updated);
      if (updated.id === this.ownMemberId && updated.state === 'DISCONNECTED') this.#finish('agent');
    }
  }
}
