// The bridge between a Web Messaging session and its conversations in the chat domain: starts them
// (routed at once, like a v2 chat whose stream attached), and turns what the agent side does (messages,
// typing, the end of the conversation) into frames for every connection of the session.
import type { ChatEvent, ChatService } from '../chat-service.ts';
import { newId } from '../ids.ts';
import { createMessagingConversation, mergeCustomAttributes } from '../messaging.ts';
import type { Conversation, Message } from '../store.ts';
import { eventBody, messageBody, structuredMessage } from './frames.ts';
import type { Attachments } from './attachments.ts';
import type { Outbox } from './outbox.ts';
import type { Session, SessionRegistry } from './sessions.ts';

/** Messenger shows the agent's typing indicator for this long unless another one arrives. */
export const AGENT_TYPING_DURATION_MS = 5000;

export class MessagingConversations {
  private readonly correlationIds = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly service: ChatService,
    private readonly sessions: SessionRegistry,
    private readonly outbox: Outbox,
    private readonly attachments: Attachments,
  ) {
    this.unsubscribe = service.subscribe((event) => this.onEvent(event));
  }

  close(): void {
    this.unsubscribe();
  }

  /** The conversation guest messages go to now, if it can still take them. */
  active(session: Session): Conversation | undefined {
    const conv = session.conversationId ? this.service.store.get(session.conversationId) : undefined;
    return conv && conv.state !== 'ended' ? conv : undefined;
  }

  /** Starts a conversation for the session (first message, or a Join with autoStart) and routes it. */
  start(session: Session, attributes: Record<string, string>, journeyContext?: unknown): Conversation {
    const { deployment, queue } = session.deployment;
    const conv = createMessagingConversation(this.service, {
      deployment,
      queue,
      customAttributes: { ...session.pendingAttributes, ...attributes },
      journeyContext,
    });
    session.pendingAttributes = {};
    this.sessions.addConversation(session, conv.id);
    this.service.streamAttached(conv);
    return conv;
  }

  mergeAttributes(conv: Conversation, attributes: Record<string, string>): void {
    mergeCustomAttributes(conv, attributes);
  }

  /** The guest leaves an open conversation (startNew, Clear): the agent side sees the customer go. */
  leave(session: Session): void {
    const conv = this.active(session);
    if (conv && conv.customer.state === 'CONNECTED') this.service.leaveByCustomer(conv);
  }

  correlationId(messageId: string): string {
    let id = this.correlationIds.get(messageId);
    if (!id) this.correlationIds.set(messageId, (id = newId()));
    return id;
  }

  /** A message as the guest sees it; `base` is the host it connected to (file and picture URLs point there). */
  body(conv: Conversation, message: Message, base: string): Record<string, unknown> {
    const content = this.attachments.resolve(message.content, base);
    return messageBody(conv, message, this.service.store.member(conv, message.senderId), this.correlationId(message.id), content);
  }

  /** Transcript of the session, newest first, as the history REST returns it. */
  history(session: Session, base: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const id of session.conversationIds) {
      const conv = this.service.store.get(id);
      if (!conv) continue;
      for (const m of conv.messages) if (m.bodyType === 'standard') out.push(this.body(conv, m, base));
    }
    return out.reverse();
  }

  private onEvent(event: ChatEvent): void {
    const { conv } = event;
    if (conv.channel !== 'messaging') return;
    const session = this.sessions.forConversation(conv.id);
    if (!session) return;
    switch (event.kind) {
      case 'message': {
        // The guest's own messages are echoed by the socket handler, which knows the request's tracingId.
        if (event.message.bodyType !== 'standard' || event.message.senderId === conv.customer.id) return;
        this.outbox.broadcast(session, structuredMessage(this.body(conv, event.message, session.base)));
        return;
      }
      case 'typing': {
        if (event.memberId === conv.customer.id) return;
        if (!session.deployment.messenger.showAgentTypingIndicator) return;
        const typing = { eventType: 'Typing' as const, typing: { type: 'On' as const, duration: AGENT_TYPING_DURATION_MS } };
        this.outbox.broadcast(session, structuredMessage(eventBody(event.id, 'Outbound', [typing])));
        return;
      }
      case 'ended':
        this.ended(session, conv);
        return;
      default:
        return;
    }
  }

  /**
   * The agent side ended it. With "conversation disconnect" on, Messenger gets a Presence Disconnect: type
   * ReadOnly makes the session read-only (the guest may read, not write, until it starts anew); type Send
   * lets the next guest message start a new conversation, as it does when the setting is off.
   */
  private ended(session: Session, conv: Conversation): void {
    if (conv.endedBy === 'customer' || session.conversationId !== conv.id) return;
    const disconnect = session.deployment.messenger.conversationDisconnect;
    const readOnly = disconnect.enabled && disconnect.type === 'ReadOnly';
    if (readOnly) session.readOnly = true;
    else session.conversationId = undefined;
    if (!disconnect.enabled) return;
    const presence = { eventType: 'Presence' as const, presence: { type: 'Disconnect' } };
    this.outbox.broadcast(session, structuredMessage(eventBody(newId(), 'Outbound', [presence], readOnly ? { readOnly: 'true' } : undefined)));
  }
}
