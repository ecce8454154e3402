// The contract between a wire protocol and the session. It speaks of a chat, not of a protocol: messages with
// a stable id, an `own` flag and a correlation id; participants joining and leaving; typing; the connection
// going and coming back; what became of a message the visitor sent; why the chat ended; history pages behind
// an opaque cursor; a resume token stored as it is; and what the protocol can do. A transport turns frames
// and HTTP answers into these events and offers these commands; it knows nothing of stores, DOM or lifecycle
// metadata, and nothing outside its own folder knows its wire words.

export type ParticipantRole = 'customer' | 'agent' | 'bot' | 'system';

export interface Participant {
  /** Stable for the chat's life; the session keys agents by it. */
  id: string;
  role: ParticipantRole;
  /** What the service calls them; absent when it gives no name (the UI then uses its own word). */
  name?: string;
  avatarUrl?: string;
  /** This visitor. */
  own: boolean;
  /**
   * An agent the service marks as a supervisor (monitoring or barging in). Only a protocol that says so sets
   * it: neither Guest Chat v2 nor Web Messaging tells a supervisor from an agent to the visitor's side.
   */
  supervisor?: boolean;
}

/** text: said by someone; notice: a line from the system; joined/left: someone came or went. */
export type MessageKind = 'text' | 'notice' | 'joined' | 'left' | 'structured' | 'attachment';

export interface ChatMessage {
  /** The service's id: stable across reconnects, history and tabs (the session de-duplicates on it). */
  id: string;
  kind: MessageKind;
  text: string;
  /** When the service stamped it (ISO 8601): the transcript's order, since a service need not deliver in order. */
  time: string;
  from: Participant;
  /** Written by this visitor (an echo of a send, or history). */
  own: boolean;
  /** The correlation id of the send this message is the echo of, when the protocol carries it back. */
  correlationId?: string;
  /** The frame or entity as it came, for integrations that read the service's own shape. */
  raw: unknown;
  /** Structured content (choices, cards, pickers, files) besides or instead of the text. */
  content?: MessageContent[];
}

// --- Structured content -------------------------------------------------------------------------
// What agents and bots send besides text, in the contract's words. A transport maps its protocol's content
// here and leaves out what it cannot check; anything it does not understand becomes `unsupported`, so the
// visitor sees a fallback rather than nothing. URLs are checked by the transport (its hosts, http(s)).

/** A choice the visitor can make: `text` is shown and sent back, `payload` tells the bot which it was. */
export interface Choice {
  text: string;
  payload: string;
  imageUrl?: string;
}

export type CardAction = { type: 'postback'; text: string; payload: string } | { type: 'link'; text: string; url: string };

export interface Card {
  title?: string;
  description?: string;
  imageUrl?: string;
  actions: CardAction[];
}

export interface PickerItem {
  id: string;
  title: string;
  subtitle?: string;
  imageUrl?: string;
}

/** A file in the conversation. `url` is absent until the service gives one (it may expire: ask fileUrl()). */
export interface MessageFile {
  id: string;
  name: string;
  mime?: string;
  size?: number;
  /** A picture the widget may show inline. */
  image: boolean;
  url?: string;
}

export type MessageContent =
  /** Chips under the message; they retire once one is chosen (or anything else is said). */
  | { type: 'quickReplies'; choices: Choice[] }
  /** One card, or several side by side (`carousel`). */
  | { type: 'cards'; cards: Card[]; carousel: boolean }
  | { type: 'listPicker'; title?: string; subtitle?: string; buttonLabel?: string; sections: Array<{ title: string; multiple: boolean; items: PickerItem[] }> }
  /** Times to choose from (ISO 8601); durations in seconds. */
  | { type: 'datePicker'; title?: string; subtitle?: string; slots: Array<{ time: string; durationSeconds?: number }> }
  | { type: 'file'; file: MessageFile }
  /** A kind of content this transport does not map: `name` is the protocol's word for it. */
  | { type: 'unsupported'; name: string };

/** The visitor's answer to structured content: the chip, button, list item(s) or time chosen. */
export interface ChoiceAnswer {
  kind: 'quickReply' | 'button' | 'listPicker' | 'datePicker';
  text: string;
  payload: string;
}

/** What the service accepts before an upload starts; a file outside them is refused with a reason, unsent. */
export interface UploadRules {
  /** MIME types (`image/*` allowed). */
  types: string[];
  maxBytes: number;
  /** Extensions refused whatever the type, lower case with the dot. */
  blockedExtensions: string[];
}

export interface UploadOptions {
  onProgress?(progress: { loaded: number; total: number }): void;
  signal?: AbortSignal;
}

/**
 * What became of one send. `accepted`: the service has it (its id when the answer gives one; the echo may
 * come before or after). `refused`: the service said no to this message and will say no again (too long,
 * attributes too large, the chat is read-only). `retry`: nothing was taken, send it again after the wait
 * (rate limits). `unknown`: no answer (a dropped socket, a timeout, a 5xx): it may have landed.
 */
export type Delivery =
  | { outcome: 'accepted'; id?: string }
  | { outcome: 'refused'; error: TransportError }
  | { outcome: 'retry'; retryAfterMs: number; error: TransportError }
  | { outcome: 'unknown'; error: TransportError };

/** Where the next older page starts; only the transport that gave it knows what it means. */
export type HistoryCursor = string;

export interface HistoryPage {
  /** Oldest first. */
  messages: ChatMessage[];
  /** The cursor for the page before this one; absent when this page reaches the start of the chat. */
  before?: HistoryCursor;
}

/** Everything a transport needs to pick the chat up again; JSON, stored verbatim, never read by the session. */
export type ResumeToken = Record<string, unknown>;

/** agent: the agent (or a flow) ended it; customer: this visitor; server: the service (gone, expired); elsewhere: another device or tab closed it. */
export type EndReason = 'agent' | 'customer' | 'server' | 'expired' | 'elsewhere';

export interface TransportEvents {
  /** A message for the transcript, the visitor's own echoes included; each id once per transport. */
  message: ChatMessage;
  /** Someone other than the visitor came or went (the visitor's own joining is `own: true`). */
  participant: { participant: Participant; change: 'joined' | 'left'; time?: string };
  /** Someone is typing; `durationMs` is how long the service says to show it. */
  typing: { participant: Participant; durationMs?: number };
  /** The connection dropped (the transport is trying to get it back) or is back with the gap filled. */
  connection: { state: 'online' | 'offline'; attempt: number };
  /** The chat is over. `readOnly`: the transcript stays readable and a new chat must be asked for explicitly. */
  ended: { reason: EndReason; readOnly: boolean };
  /** A problem the visitor or the page should hear of; the chat may go on. */
  error: TransportError;
}

export interface TransportCapabilities {
  /** cursor: older pages can be fetched; none: what was received is all there is. */
  history: 'cursor' | 'none';
  attachments: boolean;
  /** userData can change while a chat runs (sent with the next message). */
  midChatAttributes: boolean;
  /** A notice line can be sent as well as text. */
  customNotice: boolean;
  /** After the end the transcript stays and the visitor must ask for a new chat. */
  readOnlyAfterEnd: boolean;
  /** The deployment asks for agents' markdown (a safe subset) to be rendered. */
  markdown?: boolean;
  /** With `attachments`: what may be uploaded, known once the first file has been checked. */
  uploads?: UploadRules;
}

/** What the start of a chat carries: the visitor's name and every attribute the page and form gave. */
export interface StartRequest {
  displayName: string;
  attributes: Record<string, string>;
  /**
   * The resume token of the chat that ended just before in this widget, if any: a protocol that keeps one
   * visitor identity across chats (Web Messaging's guest token) starts the new chat on it.
   */
  previous?: ResumeToken;
}

export interface SendOptions {
  /** Unique per message: the service echoes it (where it can) so the echo is matched to its send. */
  correlationId: string;
  kind?: 'text' | 'notice';
}

export interface ChatTransport {
  readonly name: string;
  readonly capabilities: TransportCapabilities;
  on<K extends keyof TransportEvents>(type: K, listener: (event: TransportEvents[K]) => void): () => void;
  /** Create the chat and start hearing from it. */
  start(request: StartRequest): Promise<void>;
  /**
   * Pick up a stored chat. 'ended': it is over and gone (nothing is attached). 'readOnly': it is over but its
   * transcript can still be read (history works; nothing can be sent).
   */
  resume(token: ResumeToken): Promise<'live' | 'ended' | 'readOnly'>;
  /** What to store to resume; undefined until a chat exists. */
  resumeToken(): ResumeToken | undefined;
  /** The ids the seed's getSessionData reports; never a credential. */
  ids(): { sessionId: string; participantId: string } | undefined;
  send(text: string, options: SendOptions): Promise<Delivery>;
  typing(): Promise<void>;
  /** Attributes changed while the chat runs (capabilities.midChatAttributes): they go with the next message. */
  updateAttributes?(attributes: Record<string, string>): void;
  /** End the chat for the visitor. It may come before start() has resolved: the chat is then left once it exists. */
  leave(): Promise<void>;
  /** The page before `before` (the newest page without it). */
  history(before?: HistoryCursor, size?: number): Promise<HistoryPage>;
  /** Who is in the chat now, besides the visitor (after a resume). */
  participants(): Promise<Participant[]>;
  /** Deliver, as `message` events, whatever was missed (an unknown delivery is checked this way). */
  sync(): Promise<void>;
  /** Messages the session already shows (restore, history) count as delivered: a gap fill skips them. */
  markSeen(messages: ChatMessage[]): void;
  /** Drop sockets and timers without touching the chat; no event is emitted after this. */
  dispose(): void;
  /** Answer structured content (a quick reply, a card's postback, a picker); delivered like a send. */
  answer?(answer: ChoiceAnswer, options: SendOptions): Promise<Delivery>;
  /**
   * Upload a file (capabilities.attachments): checked against capabilities.uploads first, then sent to the
   * service. Resolves when the service has it; rejects with a TransportError naming the reason.
   */
  upload?(file: File, options?: UploadOptions): Promise<MessageFile>;
  /** Send uploaded files (with optional text) as one message. */
  sendFiles?(files: MessageFile[], text: string, options: SendOptions): Promise<Delivery>;
  /** A fresh address for a file of this chat (addresses expire). */
  fileUrl?(fileId: string): Promise<string>;
}

/** Options every transport takes from the widget, whatever its protocol. */
export interface CommonOptions {
  requestTimeoutMs?: number;
  /** No frame for this long means the connection is dead. */
  heartbeatTimeoutMs?: number;
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Page size for history (the widget's max-message-page-size). */
  pageSize?: number;
  WebSocketImpl?: typeof WebSocket;
}

/** A bad attribute, named, with what is wrong: the widget shows every one at once. */
export interface ConfigProblem {
  attribute: string;
  message: string;
  code?: string;
}

/**
 * One protocol as the widget sees it before its code is loaded: the attributes it reads, how it checks them,
 * where its chats are stored, and the chunk that holds the transport itself.
 */
export interface TransportDefinition<C extends object = Record<string, unknown>> {
  name: string;
  /** The attributes this protocol reads, camelCase (`deploymentKey` is the `deployment-key` attribute). */
  attributes: readonly string[];
  /** Check and convert what the page gave; every problem at once. */
  readConfig(values: Record<string, string | null | undefined>): { config?: C; errors: ConfigProblem[] };
  /**
   * The storage key of this configuration's chat (two widgets with different keys keep separate chats), from
   * the attributes' plain text: the launcher asks it before any parsing code is loaded. Undefined while an
   * attribute it needs is missing.
   */
  storageKey(values: Record<string, unknown>): string | undefined;
  /**
   * Where a chat is kept between page loads. 'tab': sessionStorage, for the widget's restore-timeout after
   * the page was left (the chat dies without its page). 'site': localStorage, for as long as the service
   * keeps the conversation (every tab and later visit of the site picks it up).
   */
  keep: 'tab' | 'site';
  load(): Promise<(config: C, options: CommonOptions) => ChatTransport>;
}

/** A failed call or frame: `code` is the service's where it gave one; `status` the HTTP status or 0. */
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

/** Any failure as a TransportError: one already is; anything else (a bug, a thrown string) is a client error. */
export function toTransportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  return new TransportError(error instanceof Error ? error.message : String(error), 0, 'client.error');
}

/** A failure that may pass: no answer, a timeout, a 429 or a 5xx. Anything else the service meant. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof TransportError)) return false;
  const { status } = error;
  return status === 0 || status === 408 || status === 429 || status >= 500;
}
