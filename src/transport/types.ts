// The contract between a wire protocol and the session. A transport turns frames and HTTP answers into
// typed events and offers commands; it knows nothing of stores, DOM or lifecycle metadata.

export type MemberRole = 'AGENT' | 'CUSTOMER' | 'WORKFLOW' | 'ACD';
export type MemberState = 'ALERTING' | 'CONNECTED' | 'DISCONNECTED';

export interface Member {
  id: string;
  role: MemberRole;
  state: MemberState;
  displayName?: string;
  avatarImageUrl?: string;
  joinDate?: string;
  leaveDate?: string;
}

export type BodyType = 'standard' | 'notice' | 'member-join' | 'member-leave' | 'media-request';

/** One message as the wire gave it, with its sender resolved to a member (role and name). */
export interface WireMessage {
  id: string;
  body: string;
  bodyType: BodyType;
  timestamp: string;
  sender: Member;
  /** The raw event body, kept for `messageReceived.originalMessages`. */
  raw: unknown;
}

/** What the create request needs: the session assembles it from the form, config and userData. */
export interface StartRequest {
  displayName: string;
  customFields: Record<string, string>;
  firstName?: string;
  lastName?: string;
  email?: string;
  phoneNumber?: string;
  avatarImageUrl?: string;
}

/** Everything needed to pick the chat up again after a reload. Opaque to the session. */
export interface ChatCredentials {
  conversationId: string;
  memberId: string;
  jwt: string;
  eventStreamUri: string;
}

export interface MessagePage {
  messages: WireMessage[];
  /** More messages exist beyond this page in the direction asked for. */
  hasMore: boolean;
}

export interface TransportEvents {
  /** A message arrived (including the echo of our own). */
  message: WireMessage;
  /** A member joined, changed state or left; the member's role has been resolved. */
  member: Member;
  /** A member is typing. */
  typing: Member;
  /** Our own member went DISCONNECTED: the chat is over. */
  ended: { reason: 'agent' | 'customer' | 'server' };
  /** The event stream dropped; the transport is trying to get it back. */
  disconnected: { attempt: number };
  /** The event stream is back and the gap has been filled. */
  reconnected: Record<string, never>;
  /** A problem the session should surface (the chat may go on). */
  error: TransportError;
}

export interface TransportCapabilities {
  pagination: boolean;
  fileUpload: boolean;
  customNotice: boolean;
  updateUserDataDuringChat: boolean;
  polling: boolean;
}

export interface ChatTransport {
  readonly name: string;
  readonly capabilities: TransportCapabilities;
  readonly credentials: ChatCredentials | undefined;
  readonly ownMemberId: string | undefined;
  on<K extends keyof TransportEvents>(type: K, listener: (event: TransportEvents[K]) => void): () => void;
  /** Create the conversation and attach the event stream (routing starts once it is attached). */
  start(request: StartRequest): Promise<ChatCredentials>;
  /** Pick up a stored chat: checks our member is still connected, then attaches the stream. */
  resume(credentials: ChatCredentials): Promise<Member>;
  sendMessage(text: string, bodyType?: BodyType): Promise<WireMessage>;
  sendTyping(): Promise<void>;
  /** Leave the conversation (ends the chat for the guest). */
  leave(): Promise<void>;
  /** A page of messages, newest first when `before` is used, oldest first with `after`. */
  fetchMessages(options: { after?: string; before?: string; newestFirst?: boolean; pageSize?: number }): Promise<MessagePage>;
  fetchMembers(): Promise<Member[]>;
  /** Deliver, as `message` events, every message after the newest one seen (the outbox checks with it). */
  catchUp(): Promise<void>;
  /** Messages the session loaded itself (restore, history) count as seen: a reconnect skips them. */
  markSeen(messages: WireMessage[]): void;
  /** Drop the socket and timers without touching the conversation; no event is emitted after this. */
  dispose(): void;
}

export interface TransportOptions {
  dataUrl: string;
  organizationId: string;
  deploymentId: string;
  routing: { targetType: string; targetAddress: string; priority?: number; skills?: string[]; language?: string };
  /** Request timeout in ms (the real widget uses at least 12 s). */
  requestTimeoutMs?: number;
  /** How long an agent typing indicator is shown without a new one (3–4 s in the reference). */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** No frame for this long means the stream is dead (two heartbeat periods). */
  heartbeatTimeoutMs?: number;
  WebSocketImpl?: typeof WebSocket;
  /** Hosts besides the service's own that URLs the service names (the event stream, avatars) may point to. */
  allowedHosts?: readonly string[];
}

/** A failed call, with the service's ErrorBody code when it sent one. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly retryAfterSeconds?: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** A failure that may pass: no answer, a timeout, a 429 or a 5xx. Anything else the service meant. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof TransportError)) return false;
  const { status } = error;
  return status === 0 || status === 408 || status === 429 || status >= 500;
}
