// Typed helpers for the control API over plain fetch: usable from Node tests and from browser
// tests alike (no Node imports). Every helper rejects with a ControlError on a non-2xx answer.

export type ChatState = 'queued' | 'alerting' | 'connected' | 'ended';

export interface ControlMessage {
  id: string;
  senderId: string;
  senderRole?: 'CUSTOMER' | 'AGENT' | 'ACD' | 'WORKFLOW';
  senderName?: string;
  body: string;
  bodyType: 'standard' | 'notice' | 'member-join' | 'member-leave' | 'media-request';
  timestamp: string;
  /** Structured content (Web Messaging's content items), when the message has any. */
  content?: Array<Record<string, unknown>>;
}

/** The demo structured messages the scripted agent and the console send. */
export type RichKind = 'quickreplies' | 'card' | 'carousel' | 'listpicker' | 'datepicker' | 'markdown' | 'unsupported';

export interface ChatSummary {
  id: string;
  /** Guest Chat v2 (`chat`) or Web Messaging (`messaging`). */
  channel: 'chat' | 'messaging';
  state: ChatState;
  queue: { id: string; name: string };
  deployment: { id: string; name: string };
  routingTarget: { targetType: 'QUEUE'; targetAddress: string; skills?: string[]; language?: string; priority?: number };
  createdAt: string;
  routedAt: string | null;
  endedAt: string | null;
  endedBy: 'agent' | 'customer' | 'idle' | null;
  sockets: number;
  heartbeats: boolean;
  customer: {
    id: string;
    participantId: string;
    displayName: string;
    firstName?: string;
    lastName?: string;
    email?: string;
    phoneNumber?: string;
    customFields: Record<string, string>;
    authenticatedGuest: boolean;
    state: 'ALERTING' | 'CONNECTED' | 'DISCONNECTED';
  };
  agent: {
    id: string;
    participantId: string;
    displayName: string;
    state: 'ALERTING' | 'CONNECTED' | 'DISCONNECTED';
    scripted: boolean;
  } | null;
  messageCount: number;
  lastMessage: ControlMessage | null;
}

export interface ChatDetail extends ChatSummary {
  members: Array<Record<string, unknown> & { id: string; role: string; state: string; participantId: string; scripted: boolean }>;
  messages: ControlMessage[];
}

export interface FaultSpec {
  method?: string;
  /** e.g. "/api/v2/webchat/guest/conversations/<id>/members/*\/messages"; `*` = one segment, `**` = any. */
  path: string;
  /** HTTP status, or 0 to drop the connection without an answer, or 200 with `page`. */
  status: number;
  /** With status 200: answer this HTML instead of the service (a captive portal or a proxy's page). */
  page?: string;
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Seconds for the Retry-After header (429 always carries one, default 1). */
  retryAfter?: number;
  code?: string;
  message?: string;
  /**
   * "request" (default): fail before the request is handled. "response": handle it (a message is really
   * sent), then answer with the fault or drop the connection: the client cannot know it worked.
   */
  phase?: 'request' | 'response';
}

export interface DelaySpec {
  method?: string;
  path: string;
  ms: number;
  /** How many matching requests are delayed; omitted = until cleared. */
  count?: number;
  /** response (default): handle now, hold the answer; request: wait before handling. */
  phase?: 'request' | 'response';
}

export interface MessagingSpec {
  /** Messenger's customAttributes: a string map (JSON-encode nested data), at most 2,048 bytes. */
  customAttributes?: Record<string, string>;
  /** The guest's name (default "Web messaging guest"). */
  name?: string;
  /** Queue name or id (default the first queue). */
  queue?: string;
}

export interface MessagingSummary {
  id: string;
  queue: { id: string; name: string };
  customer: { participantId: string; name: string; attributes: Record<string, string> };
  selfUri: string;
}

/** A Web Messaging session, found by the guest's token. */
export interface MessagingSession {
  sessionId: string;
  deploymentId: string;
  /** The conversation guest messages go to now (null before the first message or Join, and after a Send disconnect). */
  conversationId: string | null;
  /** Every conversation of the session since it started (or since startNew), oldest first. */
  conversationIds: string[];
  readOnly: boolean;
  expired: boolean;
  connections: number;
  maxConnections: number;
  expiresAt: string;
  faults: MessagingFaults;
}

/** Web Messaging socket faults for one session. */
export interface MessagingFaultSpec {
  /** The next N guest text messages are answered TooManyRequestsErrorMessage (4029) without being handled. */
  rateLimited?: number;
  /** Hold outbound frames this long (0 turns it off)… */
  delayMs?: number;
  /** …for this many frames (null: until turned off). */
  delayCount?: number | null;
  /** Swap the next N pairs of outbound frames (1: the next two arrive in reverse order). */
  reorder?: number;
  /** The next N uploads (PUTs) fail with 500 and UploadFailureEvent 5000. */
  failUploads?: number;
  /** The next N upload URLs are already expired (the PUT gets 403 and UploadFailureEvent 4008). */
  expireUploadUrls?: number;
}

export interface MessagingFaults {
  rateLimited: number;
  delayMs: number;
  delayCount?: number;
  reorderPairs: number;
  failUploads: number;
  expireUploadUrls: number;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`control API answered ${status}: ${JSON.stringify(body)}`);
  }
}

export interface Control {
  baseUrl: string;
  config(): Promise<Record<string, unknown>>;
  chats(state?: ChatState): Promise<ChatSummary[]>;
  chat(id: string): Promise<ChatDetail>;
  accept(id: string, agentName?: string): Promise<ChatSummary>;
  sendAsAgent(id: string, body: string, bodyType?: ControlMessage['bodyType']): Promise<ControlMessage>;
  /** An agent message with structured content (Web Messaging content items); `body` may be empty when content is given. */
  sendContentAsAgent(id: string, body: string, content: unknown[]): Promise<ControlMessage>;
  /** One of the demo structured messages (quick replies, a card, a carousel, pickers, markdown, an unsupported type). */
  sendRichAsAgent(id: string, kind: RichKind): Promise<ControlMessage>;
  /** An agent file: bytes as base64. */
  sendFileAsAgent(id: string, file: { fileName: string; mime: string; data: string; text?: string }): Promise<ControlMessage>;
  typeAsAgent(id: string): Promise<{ id: string; memberId: string; timestamp: string }>;
  end(id: string): Promise<ChatSummary>;
  dropSockets(id: string): Promise<{ dropped: number }>;
  setHeartbeats(id: string, enabled: boolean): Promise<{ id: string; heartbeats: boolean }>;
  fault(spec: FaultSpec): Promise<Record<string, unknown>>;
  delay(spec: DelaySpec): Promise<Record<string, unknown>>;
  clearFaults(): Promise<void>;
  /** Creates a web messaging conversation (platform API only) whose customer carries the custom attributes. */
  startMessaging(spec?: MessagingSpec): Promise<MessagingSummary>;
  /** The Web Messaging session of a guest token (the newest, or the one of deploymentId). */
  messagingSession(token: string, deploymentId?: string): Promise<MessagingSession>;
  /** Polls until the token's session has a conversation (optionally not `exceptId`), and answers its chat summary. */
  waitForMessagingChat(token: string, options?: { exceptId?: string; timeoutMs?: number; deploymentId?: string }): Promise<ChatSummary>;
  /** Destroys every socket of the session without a close frame (clients see 1006). */
  dropMessagingSockets(token: string, deploymentId?: string): Promise<{ dropped: number }>;
  /** Sets the session's socket faults (see MessagingFaultSpec); answers the session. */
  messagingFaults(token: string, spec: MessagingFaultSpec, deploymentId?: string): Promise<MessagingSession>;
  /** Ends the session's lifetime now: its sockets get SessionExpiredEvent, later requests 4006. */
  expireMessagingSession(token: string, deploymentId?: string): Promise<MessagingSession>;
  /** Polls chats() until one satisfies predicate; rejects after timeoutMs (default 5000). */
  waitForChat(predicate: (chat: ChatSummary) => boolean, options?: { timeoutMs?: number; intervalMs?: number }): Promise<ChatSummary>;
}

/**
 * `token` is the server's control token (RunningServer.controlToken); without one the calls must go through
 * something that adds it (the browser tests' same-origin proxy).
 */
export function createControl(baseUrl: string, options: { token?: string } = {}): Control {
  const base = baseUrl.replace(/\/+$/, '');
  const auth: Record<string, string> = options.token ? { 'x-gc-control-token': options.token } : {};

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? auth : { ...auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ControlError(response.status, parsed);
    return parsed as T;
  }

  const chatPath = (id: string, action = '') => `/control/chats/${encodeURIComponent(id)}${action}`;
  const sessionPath = (token: string, action: string, deploymentId?: string) =>
    `/control/messaging/sessions/${encodeURIComponent(token)}${action}${deploymentId ? `?deploymentId=${encodeURIComponent(deploymentId)}` : ''}`;

  const control: Control = {
    baseUrl: base,
    config: () => call('GET', '/control/config'),
    chats: async (state) => (await call<{ chats: ChatSummary[] }>('GET', `/control/chats${state ? `?state=${state}` : ''}`)).chats,
    chat: (id) => call('GET', chatPath(id)),
    accept: (id, agentName) => call('POST', chatPath(id, '/accept'), agentName ? { agentName } : {}),
    sendAsAgent: (id, body, bodyType) => call('POST', chatPath(id, '/messages'), bodyType ? { body, bodyType } : { body }),
    sendContentAsAgent: (id, body, content) => call('POST', chatPath(id, '/messages'), { body, content }),
    sendRichAsAgent: (id, kind) => call('POST', chatPath(id, '/rich'), { kind }),
    sendFileAsAgent: (id, file) => call('POST', chatPath(id, '/files'), file),
    typeAsAgent: (id) => call('POST', chatPath(id, '/typing')),
    end: (id) => call('POST', chatPath(id, '/end')),
    dropSockets: (id) => call('POST', chatPath(id, '/drop-sockets')),
    setHeartbeats: (id, enabled) => call('POST', chatPath(id, '/heartbeats'), { enabled }),
    fault: (spec) => call('POST', '/control/faults', spec),
    delay: (spec) => call('POST', '/control/delays', spec),
    clearFaults: () => call('DELETE', '/control/faults'),
    startMessaging: (spec = {}) => call('POST', '/control/messaging', spec),
    messagingSession: (token, deploymentId) => call('GET', sessionPath(token, '', deploymentId)),
    dropMessagingSockets: (token, deploymentId) => call('POST', sessionPath(token, '/drop-sockets', deploymentId)),
    messagingFaults: (token, spec, deploymentId) => call('POST', sessionPath(token, '/faults', deploymentId), spec),
    expireMessagingSession: (token, deploymentId) => call('POST', sessionPath(token, '/expire', deploymentId)),
    async waitForMessagingChat(token, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 5000);
      for (;;) {
        const session = await control.messagingSession(token, options.deploymentId).catch((err: unknown) => {
          if (err instanceof ControlError && err.status === 404) return undefined;
          throw err;
        });
        const id = session?.conversationId;
        if (id && id !== options.exceptId) return control.chat(id);
        if (Date.now() > deadline) throw new Error(`waitForMessagingChat: no conversation for the token within ${options.timeoutMs ?? 5000} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async waitForChat(predicate, options = {}) {
      const timeoutMs = options.timeoutMs ?? 5000;
      const intervalMs = options.intervalMs ?? 25;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await control.chats()).find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`waitForChat: no matching chat within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
  };
  return control;
}
