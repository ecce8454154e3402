// Web Messaging sessions: the guest's token (its own UUID, reused across reloads and tabs) names a session
// of one deployment. A session holds its sockets (at most maxConnectionsPerSession), its conversations,
// whether it is read-only, its lifetime and its rate windows.
import type { WebSocket } from 'ws';
import type { WebMessagingConfig } from '../config.ts';
import { newId } from '../ids.ts';
import type { Timers } from '../timers.ts';
import type { UploadFaults } from './attachments.ts';
import type { MessengerDeployment } from './deployments.ts';

export interface Connection {
  ws: WebSocket;
  /** The deployment named in the socket URL. */
  deploymentId: string;
  /** `http://<Host>` the guest used: file URLs handed to it point there. */
  base: string;
  session?: Session;
}

/** Test switches set through the control API. */
export interface SessionFaults {
  /** The next N onMessage frames are answered 4029 without being handled. */
  rateLimited: number;
  /** Outbound frames are held this long (ms) … */
  delayMs: number;
  /** … for this many frames (undefined = until cleared). */
  delayCount?: number;
  /** How many upcoming pairs of outbound frames swap places. */
  reorderPairs: number;
}

export interface Session {
  /** Opaque id: goes into the guest JWT instead of the token, which only the guest knows. */
  id: string;
  token: string;
  deployment: MessengerDeployment;
  /** Oldest first: a connection over the limit closes the oldest. */
  connections: Connection[];
  /** Every conversation of the session since it started (or since startNew), oldest first. */
  conversationIds: string[];
  /** The conversation new guest messages go to; undefined until the first message or Join. */
  conversationId?: string;
  readOnly: boolean;
  /** From the last configureSession: given to the next conversation the session starts. */
  journeyContext?: unknown;
  /** customAttributes sent before a conversation existed (a Join without autoStart), kept for it. */
  pendingAttributes: Record<string, string>;
  createdAt: number;
  expiresAt: number;
  expired: boolean;
  messageTimes: number[];
  historyWindow: { start: number; count: number };
  faults: SessionFaults;
  uploadFaults: UploadFaults;
  /** `http://<Host>` of the latest connection: where file and picture URLs for this session point. */
  base: string;
  expiryTimer?: NodeJS.Timeout;
}

const key = (deploymentId: string, token: string) => `${deploymentId}\n${token}`;
/** setTimeout's ceiling; longer sessions are re-armed when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly byConversation = new Map<string, Session>();
  /** Called once when a session's lifetime runs out. */
  onExpired: (session: Session) => void = () => undefined;

  constructor(
    private readonly config: WebMessagingConfig,
    private readonly timers: Timers,
  ) {}

  get(deploymentId: string, token: string): Session | undefined {
    return this.sessions.get(key(deploymentId, token));
  }

  byId(id: string): Session | undefined {
    for (const s of this.sessions.values()) if (s.id === id) return s;
    return undefined;
  }

  /** Every session using this token (one per deployment), newest first. */
  byToken(token: string): Session[] {
    return [...this.sessions.values()].filter((s) => s.token === token).sort((a, b) => b.createdAt - a.createdAt);
  }

  forConversation(conversationId: string): Session | undefined {
    return this.byConversation.get(conversationId);
  }

  create(deployment: MessengerDeployment, token: string): Session {
    const now = Date.now();
    const session: Session = {
      id: newId(),
      token,
      deployment,
      connections: [],
      conversationIds: [],
      readOnly: false,
      pendingAttributes: {},
      createdAt: now,
      expiresAt: now,
      expired: false,
      messageTimes: [],
      historyWindow: { start: 0, count: 0 },
      faults: { rateLimited: 0, delayMs: 0, reorderPairs: 0 },
      uploadFaults: { failUploads: 0, expireUploadUrls: 0 },
      base: 'http://127.0.0.1',
    };
    this.sessions.set(key(deployment.deployment.id, token), session);
    this.touch(session);
    return session;
  }

  /** startNew: the same token, a blank session (no conversations, not read-only, a fresh lifetime). */
  restart(session: Session): void {
    for (const id of session.conversationIds) this.byConversation.delete(id);
    session.conversationIds = [];
    session.conversationId = undefined;
    session.readOnly = false;
    session.expired = false;
    session.pendingAttributes = {};
    session.messageTimes = [];
    this.touch(session);
  }

  /** Presence Clear: the token's session is gone; the same token later starts a new one. */
  remove(session: Session): void {
    this.timers.clear(session.expiryTimer);
    for (const id of session.conversationIds) this.byConversation.delete(id);
    this.sessions.delete(key(session.deployment.deployment.id, session.token));
  }

  addConversation(session: Session, conversationId: string): void {
    session.conversationIds.push(conversationId);
    session.conversationId = conversationId;
    this.byConversation.set(conversationId, session);
  }

  /** Guest activity extends the session: it lives sessionDurationSeconds after the last message. */
  touch(session: Session): void {
    session.expiresAt = Date.now() + this.config.sessionDurationSeconds * 1000;
    this.arm(session);
  }

  expireNow(session: Session): void {
    session.expiresAt = Date.now();
    this.arm(session);
  }

  times(session: Session): { durationSeconds: number; expirationDate: number } {
    return { durationSeconds: this.config.sessionDurationSeconds, expirationDate: Math.floor(session.expiresAt / 1000) };
  }

  /** Sliding one-second window; answers the seconds to wait when the message is over the limit. */
  takeMessageSlot(session: Session, now = Date.now()): number | undefined {
    const limit = this.config.messagesPerSecond;
    if (limit <= 0) return undefined;
    session.messageTimes = session.messageTimes.filter((t) => now - t < 1000);
    if (session.messageTimes.length >= limit) return Math.max(1, Math.ceil((session.messageTimes[0]! + 1000 - now) / 1000));
    session.messageTimes.push(now);
    return undefined;
  }

  /** Fixed one-minute window for history requests; answers the seconds to wait when over the limit. */
  takeHistorySlot(session: Session, now = Date.now()): number | undefined {
    const limit = this.config.historyRequestsPerMinute;
    if (limit <= 0) return undefined;
    const w = session.historyWindow;
    if (now - w.start >= 60_000) {
      w.start = now;
      w.count = 0;
    }
    w.count++;
    if (w.count <= limit) return undefined;
    return Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
  }

  private arm(session: Session): void {
    this.timers.clear(session.expiryTimer);
    const wait = session.expiresAt - Date.now();
    if (wait <= 0) {
      this.expire(session);
      return;
    }
    session.expiryTimer = this.timers.timeout(() => this.arm(session), Math.min(wait, MAX_TIMER_MS));
  }

  private expire(session: Session): void {
    session.expiryTimer = undefined;
    if (session.expired) return;
    session.expired = true;
    this.onExpired(session);
  }
}
