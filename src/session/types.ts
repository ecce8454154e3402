// The session's public shapes: configuration, transcript messages, the lifecycle metadata block and events.
import type { ChoiceAnswer, MessageContent, MessageFile, ResumeToken } from '../transport/contract.js';

export interface SessionConfig {
  /** The protocol by name (`web-messaging`, `purecloud-v2-sockets`, or one an application registered). */
  transport: string;
  /** Both protocols' deployment id (a Messenger deployment, or a Guest Chat v2 widget deployment). */
  deploymentKey?: string;
  /** Web Messaging: the region domain (`mypurecloud.com`) or the base URL of a local server. */
  environment?: string;
  /** Guest Chat v2: the API base URL, organization id and routing target. */
  dataUrl?: string;
  orgGuid?: string;
  targetType?: string;
  targetAddress?: string;
  priority?: number;
  skills?: string[];
  language?: string;
  /** Static userData sent with every chat (the `user-data` attribute). */
  userData?: Record<string, unknown>;
  /** Restore messages page by page (true) or all at once (false). */
  pagination?: boolean;
  maxMessagePageSize?: number;
  /** Tabs of the site share one chat: one holds the socket, the others mirror it (BroadcastChannel). */
  tabSync?: boolean;
  /** How long after the page was left a stored chat may still be restored (default 60 s). */
  restoreTimeoutMs?: number;
  /** Where the chat's state lives between page loads; null disables persistence. */
  storage?: StateStorage | null;
  /** An agent typing indicator is cleared after this long without a new one. */
  agentTypingTimeoutMs?: number;
  /** No frame at all for this long means the connection is lost. */
  heartbeatTimeoutMs?: number;
  requestTimeoutMs?: number;
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Hosts besides the service's own that addresses the service sends (event stream, avatars) may use. */
  allowedHosts?: string[];
  /** What `_genesys_url` / `_genesys_referrer` keep of the query (default safe); the fragment never goes. */
  pageUrlQuery?: PageUrlQuery;
}

/** How the chat ended: who ended it (agent, customer, server, expired, elsewhere, tab) and whether it stays readable. */
export interface ChatEnding {
  reason: string;
  readOnly: boolean;
}

/** safe: the query without parameters that carry credentials; full: the whole query; none: no query. */
export type PageUrlQuery = 'safe' | 'full' | 'none';

export type ChatState = 'idle' | 'starting' | 'restoring' | 'waiting' | 'chatting' | 'ended';
export type ConnectionState = 'online' | 'offline';
export type SenderType = 'Agent' | 'Client' | 'Bot' | 'External' | 'System';
export type MessageType = 'Message' | 'Notice' | 'ParticipantJoined' | 'ParticipantLeft';

/** One transcript entry, in the shape WebChatService's messageReceived gives. */
export interface TranscriptMessage {
  id: string;
  index: number;
  type: MessageType;
  text: string;
  /** Epoch milliseconds. */
  timestamp: number;
  from: { type: SenderType; name: string; id: string };
  restoring?: boolean;
  /** Structured content: quick replies, cards, pickers, files (the contract's protocol-neutral shapes). */
  content?: MessageContent[];
}

export type DeliveryState = 'sending' | 'sent' | 'failed';

/** A message the visitor wrote that is not in the transcript yet (the outbox). */
export interface OutgoingMessage {
  /** A local id, unique (a UUID): the correlation id the service echoes where it can; the service's id is `wireId` once it accepted the message. */
  id: string;
  text: string;
  /** sending: queued or in flight; sent: accepted, its echo not here yet; failed: the visitor can retry or discard. */
  state: DeliveryState;
  createdAt: number;
  attempts: number;
  /** An attempt's outcome is unknown (timeout, dropped connection, 5xx): it may be on the service already. */
  uncertain: boolean;
  /** The service refused it (a 4xx) or the chat ended: it will not be retried automatically. */
  rejected?: boolean;
  wireId?: string;
  /** Why the last attempt failed. */
  error?: { code: string; message: string };
  /** An answer to structured content (a chip, a card button, a picker) rather than typed text. */
  answer?: ChoiceAnswer;
  /** Uploaded files this message carries. */
  files?: MessageFile[];
  /** The newest message id when it was queued: a copy that landed can only be newer. */
  afterId?: string;
}

export interface AgentInfo {
  id: string;
  name: string;
  connected: boolean;
  supervisor: boolean;
  connectedTime?: number;
  disconnectedTime?: number;
}

/** The metadata block every lifecycle event carries (as Genesys Widgets v2 documents it); false until a value is known. */
export interface LifecycleMetadata {
  proactive: boolean;
  prefilled: boolean;
  autoSubmitted: boolean;
  coBrowseInitiated: boolean;
  filesUploaded: number;
  numAgents: number;
  userMessages: number;
  agentMessages: number;
  systemMessages: number;
  errors: string[] | false;
  form: Record<string, unknown> | false;
  opened: number | false;
  started: number | false;
  cancelled: number | false;
  rejected: number | false;
  completed: number | false;
  closed: number | false;
  agentReached: number | false;
  supervisorReached: number | false;
  elapsed: number | false;
  waitingForAgent: number | false;
  id: string | false;
}

export type LifecycleStep = 'ready' | 'opened' | 'submitted' | 'started' | 'cancelled' | 'rejected' | 'completed' | 'closed';

export interface MessageReceivedDetail {
  originalMessages: unknown[];
  messages: TranscriptMessage[];
  restoring: boolean;
  /** The chat these messages belong to (getSessionData's answer); absent only before a chat exists. */
  sessionData?: SessionData;
}

export interface ParticipantDetail {
  /** The join or leave as a transcript entry (the notice line when the service sent one). */
  message?: TranscriptMessage;
  agents: AgentInfo[];
  numAgentsConnected: number;
}

/** Everything the session announces; `<gc-webchat>` re-dispatches each as a `gc-*` DOM event. */
export interface SessionEvents {
  ready: { metadata: LifecycleMetadata };
  opened: { metadata: LifecycleMetadata };
  submitted: { metadata: LifecycleMetadata; form: Record<string, unknown> };
  started: { metadata: LifecycleMetadata; session: SessionData };
  cancelled: { metadata: LifecycleMetadata };
  rejected: { metadata: LifecycleMetadata; error: { code: string; message: string } };
  completed: { metadata: LifecycleMetadata };
  closed: { metadata: LifecycleMetadata };
  messageReceived: MessageReceivedDetail;
  /** A message could not be sent: it stays in the outbox, marked failed, for the visitor to retry or discard. */
  messageFailed: { message: OutgoingMessage; error: { code: string; message: string; status?: number } };
  error: { code: string; message: string; status?: number };
  /** `readOnly`: the transcript stays readable on the service; a new chat must be asked for. */
  ended: { reason: string; readOnly?: boolean };
  disconnected: Record<string, never>;
  reconnected: Record<string, never>;
  restored: { session: SessionData };
  restoreFailed: { reason: string };
  restoreTimeout: Record<string, never>;
  clientConnected: ParticipantDetail;
  clientDisconnected: ParticipantDetail;
  agentConnected: ParticipantDetail;
  agentDisconnected: ParticipantDetail;
  agentTypingStarted: { agent: AgentInfo };
  agentTypingStopped: { agent: AgentInfo };
  agentTypingTimeout: { agent: AgentInfo };
  clientTypingStarted: Record<string, never>;
  clientTypingStopped: Record<string, never>;
}

export interface SessionData {
  sessionId: string;
  participantId: string;
  transportId: string;
}

export interface StartChatOptions {
  nickname?: string;
  firstname?: string;
  lastname?: string;
  email?: string;
  subject?: string;
  userData?: Record<string, unknown>;
  /** Every field of the registration form, as submitted (non-standard ones become userData). */
  form?: Record<string, unknown>;
}

/** Pluggable persistence (the Chat Service JS API's stateStorage): synchronous or promise-returning. */
export interface StateStorage {
  read(): PersistedState | null | undefined | Promise<PersistedState | null | undefined>;
  write(state: PersistedState | null): void | Promise<void>;
}

export interface PersistedState {
  version: 2;
  transport: string;
  /** The transport's resume token, stored as it gave it. */
  resume: ResumeToken;
  filters: { source: string; flags: string }[];
  metadata: LifecycleMetadata;
  ui: { open: boolean; minimized: boolean };
  /** Messages written but not yet in the transcript: sent again after a reload unless they landed. */
  outbox?: OutgoingMessage[];
  savedAt: number;
}

export type PreProcessor = (message: TranscriptMessage) => TranscriptMessage | void;
