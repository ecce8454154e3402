// The chat domain: every state change of a conversation goes through here and is announced as an event.
// The guest API, the control API, routing and the scripted agent call it; the event stream and the
// control stream listen to it.
import type { ServerConfig } from './config.ts';
import { ApiError, errors } from './errors.ts';
import { newId, nowIso } from './ids.ts';
import type { BodyType, Conversation, EndReason, Member, Message, Store } from './store.ts';
import type { Timers } from './timers.ts';

export type ChatEvent =
  | { kind: 'created'; conv: Conversation }
  | { kind: 'member-change'; conv: Conversation; member: Member }
  | { kind: 'message'; conv: Conversation; message: Message }
  | { kind: 'typing'; conv: Conversation; memberId: string; id: string; timestamp: string }
  /** Stream attached for the first time: routing starts. */
  | { kind: 'routed'; conv: Conversation }
  | { kind: 'ended'; conv: Conversation }
  /** An ended chat past its time to live was dropped from memory. */
  | { kind: 'forgotten'; conv: Conversation };

/** A chat's transcript is bounded like every other thing the server keeps. */
export const MAX_MESSAGES_PER_CHAT = 10_000;

export interface Typing {
  id: string;
  memberId: string;
  timestamp: string;
}

export class ChatService {
  private readonly listeners = new Set<(event: ChatEvent) => void>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly config: ServerConfig,
    readonly store: Store,
    readonly timers: Timers,
  ) {}

  subscribe(listener: (event: ChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ChatEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // A failing listener (e.g. a socket that vanished) must not break the others or the caller.
        console.error('chat event listener failed:', err);
      }
    }
  }

  /**
   * Makes room for one more chat: while the store is full, the chats that ended first are forgotten; when
   * every chat held is still going, the new one is refused rather than letting memory grow without end.
   */
  makeRoom(): void {
    if (this.store.size < this.config.maxChats) return;
    for (const conv of this.store.endedOldestFirst()) {
      this.forget(conv);
      if (this.store.size < this.config.maxChats) return;
    }
    throw new ApiError(503, 'service.unavailable', `The server already holds its maximum of ${this.config.maxChats} ongoing chats.`, {
      headers: { 'Retry-After': '60' },
    });
  }

  /** Drops an ended chat: its transcript and attributes are gone from every API. */
  forget(conv: Conversation): void {
    if (this.store.get(conv.id) !== conv) return;
    this.store.delete(conv.id);
    this.emit({ kind: 'forgotten', conv });
  }

  announceCreated(conv: Conversation): void {
    this.emit({ kind: 'created', conv });
  }

  /** First socket attached: the customer is announced on the stream and the chat enters its queue. */
  streamAttached(conv: Conversation): void {
    if (conv.routedAt || conv.state === 'ended') return;
    conv.routedAt = nowIso();
    this.emit({ kind: 'member-change', conv, member: conv.customer });
    this.addMessage(conv, conv.customer, '', 'member-join');
    this.emit({ kind: 'routed', conv });
  }

  /** Guest or agent message (with structured content on messaging); the caller has checked that the sender may speak. */
  sendMessage(conv: Conversation, sender: Member, body: string, bodyType: BodyType, content?: unknown[]): Message {
    this.assertCanAct(conv, sender);
    if (conv.messages.length >= MAX_MESSAGES_PER_CHAT) {
      throw new ApiError(400, 'chat.error.bad.request', `A chat holds at most ${MAX_MESSAGES_PER_CHAT} messages.`);
    }
    const message = this.addMessage(conv, sender, body, bodyType, content);
    if (sender.role === 'CUSTOMER') this.armIdleTimer(conv);
    return message;
  }

  typing(conv: Conversation, sender: Member): Typing {
    this.assertCanAct(conv, sender);
    const typing: Typing = { id: newId(), memberId: sender.id, timestamp: nowIso() };
    this.emit({ kind: 'typing', conv, memberId: sender.id, id: typing.id, timestamp: typing.timestamp });
    return typing;
  }

  /**
   * Errors for a member that may not act: a guest that left on its own gets chat.error.member.state,
   * anyone acting in a chat that was ended for them gets chat.error.conversation.state.
   */
  assertCanAct(conv: Conversation, member: Member): void {
    if (member.state === 'DISCONNECTED' && member.leftVoluntarily) throw errors.memberState();
    if (conv.state === 'ended') throw errors.conversationState();
    if (member.state !== 'CONNECTED') throw errors.memberState();
  }

  /** Offers the chat to an agent: member ALERTING, then after alertingMs CONNECTED with a member-join. */
  async acceptAsAgent(conv: Conversation, agent: { name: string; scripted: boolean }): Promise<Member> {
    if (conv.state === 'ended') throw errors.conversationState();
    if (conv.state !== 'queued') throw errors.conflict(`Conversation ${conv.id} is already ${conv.state}.`);
    conv.state = 'alerting';
    const member = this.store.addMember(conv, {
      role: 'AGENT',
      displayName: agent.name,
      authenticatedGuest: false,
      state: 'ALERTING',
      scripted: agent.scripted,
    });
    this.emit({ kind: 'member-change', conv, member });
    if (this.config.alertingMs > 0) await this.timers.sleep(this.config.alertingMs);
    if (conv.state !== 'alerting' || member.state !== 'ALERTING') return member;
    member.state = 'CONNECTED';
    member.connectedDate = nowIso();
    conv.state = 'connected';
    conv.acdEndTime = member.connectedDate;
    this.emit({ kind: 'member-change', conv, member });
    this.addMessage(conv, member, '', 'member-join');
    this.armIdleTimer(conv);
    return member;
  }

  /**
   * The agent side ends the chat (agent action, /end, idle timeout): the agent leaves, then the
   * customer's own member goes DISCONNECTED, which is what every client treats as "chat over".
   */
  endByAgent(conv: Conversation, reason: Exclude<EndReason, 'customer'> = 'agent'): void {
    if (conv.state === 'ended') throw errors.conversationState();
    const agent = this.store.activeAgent(conv);
    if (agent) this.disconnect(conv, agent);
    this.disconnect(conv, conv.customer);
    this.finish(conv, reason);
  }

  /** Guest DELETE: the customer leaves first, then any agent. */
  leaveByCustomer(conv: Conversation): void {
    this.assertCanAct(conv, conv.customer);
    conv.customer.leftVoluntarily = true;
    this.disconnect(conv, conv.customer);
    const agent = this.store.activeAgent(conv);
    if (agent) this.disconnect(conv, agent);
    this.finish(conv, 'customer');
  }

  private disconnect(conv: Conversation, member: Member): void {
    const wasConnected = member.state === 'CONNECTED';
    member.state = 'DISCONNECTED';
    member.leaveDate = nowIso();
    this.emit({ kind: 'member-change', conv, member });
    // An agent that was only alerting never joined, so it never "leaves" in the transcript.
    if (wasConnected) this.addMessage(conv, member, '', 'member-leave');
  }

  private finish(conv: Conversation, reason: EndReason): void {
    conv.state = 'ended';
    conv.endedAt = nowIso();
    conv.endedBy = reason;
    conv.acdEndTime ??= conv.endedAt;
    this.timers.clear(this.idleTimers.get(conv.id));
    this.idleTimers.delete(conv.id);
    this.emit({ kind: 'ended', conv });
    // Ended chats stay readable for a while (a reload shows the transcript, gc-attributes reads them), then go.
    this.timers.timeout(() => this.forget(conv), this.config.endedChatTtlMs);
  }

  private addMessage(conv: Conversation, sender: Member, body: string, bodyType: BodyType, content?: unknown[]): Message {
    const message = this.store.addMessage(conv, sender.id, body, bodyType, content);
    this.emit({ kind: 'message', conv, message });
    return message;
  }

  /** "No activity auto-disconnect": only while connected to an agent, reset by each guest message. */
  private armIdleTimer(conv: Conversation): void {
    if (conv.state !== 'connected') return;
    this.timers.clear(this.idleTimers.get(conv.id));
    this.idleTimers.set(
      conv.id,
      this.timers.timeout(() => {
        this.idleTimers.delete(conv.id);
        if (conv.state === 'connected') this.endByAgent(conv, 'idle');
      }, this.config.idleDisconnectMs),
    );
  }
}
