// In-memory state of conversations, their members and messages. Pure data: no I/O, no timers.
import type { DeploymentConfig, QueueConfig } from './config.ts';
import { newId, nowIso } from './ids.ts';

export type MemberRole = 'CUSTOMER' | 'AGENT' | 'ACD' | 'WORKFLOW';
export type MemberState = 'ALERTING' | 'CONNECTED' | 'DISCONNECTED';
export type BodyType = 'standard' | 'notice' | 'member-join' | 'member-leave' | 'media-request';
export const GUEST_BODY_TYPES: readonly BodyType[] = ['standard', 'notice', 'member-join', 'member-leave'];

/** queued: waiting in its queue (routing starts once a socket attaches); alerting: offered to an agent. */
export type ChatState = 'queued' | 'alerting' | 'connected' | 'ended';
export type EndReason = 'agent' | 'customer' | 'idle';
/** Guest Chat v2 (`chat`) or Web Messaging (`messaging`): one domain, two guest channels. */
export type Channel = 'chat' | 'messaging';

export interface Member {
  id: string;
  /** Participant id in the conversations API (distinct from the member/communication id, as in Genesys). */
  participantId: string;
  role: MemberRole;
  displayName: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phoneNumber?: string;
  avatarImageUrl?: string;
  customFields?: Record<string, string>;
  authenticatedGuest: boolean;
  state: MemberState;
  joinDate: string;
  connectedDate?: string;
  leaveDate?: string;
  /** Agent answered by the built-in script rather than a person. */
  scripted?: boolean;
  /** Participant attributes (conversations API). */
  attributes: Record<string, string>;
  /** The member left on its own (guest DELETE) rather than being disconnected by the end of the chat. */
  leftVoluntarily?: boolean;
}

export interface Message {
  id: string;
  conversationId: string;
  senderId: string;
  body: string;
  bodyType: BodyType;
  timestamp: string;
  /**
   * Structured content as Web Messaging carries it (`WebMessagingContent` items: quick replies, cards, a
   * carousel, pickers, attachments, button responses). `body` stays the readable text every channel shows.
   */
  content?: unknown[];
  /** The text as the guest sent it, when `body` names what it carried instead (a file alone is named by its file name). */
  wireText?: string;
}

export interface RoutingTarget {
  targetType: 'QUEUE';
  targetAddress: string;
  skills?: string[];
  language?: string;
  priority?: number;
}

export interface Conversation {
  id: string;
  channel: Channel;
  organizationId: string;
  deployment: DeploymentConfig;
  queue: QueueConfig;
  routingTarget: RoutingTarget;
  journeyContext?: unknown;
  createdAt: string;
  state: ChatState;
  customer: Member;
  /** Every member ever in the chat, in join order (customer first). */
  members: Member[];
  messages: Message[];
  messageIndex: Map<string, number>;
  /** Set when the first socket attached: "the conversation is not routed until the event stream is attached". */
  routedAt?: string;
  /** The routing delay elapsed while a person was available: the scripted agent takes it if they go away. */
  routingDue: boolean;
  acdParticipantId: string;
  acdAttributes: Record<string, string>;
  acdEndTime?: string;
  endedAt?: string;
  endedBy?: EndReason;
  heartbeats: boolean;
}

export class Store {
  private readonly conversations = new Map<string, Conversation>();

  create(input: {
    channel?: Channel;
    organizationId: string;
    deployment: DeploymentConfig;
    queue: QueueConfig;
    routingTarget: RoutingTarget;
    journeyContext?: unknown;
    customer: Omit<Member, 'id' | 'participantId' | 'role' | 'state' | 'joinDate' | 'attributes'>;
  }): Conversation {
    const now = nowIso();
    const customer: Member = {
      ...input.customer,
      id: newId(),
      participantId: newId(),
      role: 'CUSTOMER',
      state: 'CONNECTED',
      joinDate: now,
      connectedDate: now,
      attributes: {},
    };
    const conv: Conversation = {
      id: newId(),
      channel: input.channel ?? 'chat',
      organizationId: input.organizationId,
      deployment: input.deployment,
      queue: input.queue,
      routingTarget: input.routingTarget,
      journeyContext: input.journeyContext,
      createdAt: now,
      state: 'queued',
      customer,
      members: [customer],
      messages: [],
      messageIndex: new Map(),
      routingDue: false,
      acdParticipantId: newId(),
      acdAttributes: {},
      heartbeats: true,
    };
    this.conversations.set(conv.id, conv);
    return conv;
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Forgets a conversation and everything it held. */
  delete(id: string): boolean {
    return this.conversations.delete(id);
  }

  /** Ended conversations, the one that ended first first. */
  endedOldestFirst(): Conversation[] {
    return this.all()
      .filter((c) => c.state === 'ended')
      .sort((a, b) => (a.endedAt ?? '').localeCompare(b.endedAt ?? ''));
  }

  all(): Conversation[] {
    return [...this.conversations.values()];
  }

  addMember(conv: Conversation, member: Omit<Member, 'id' | 'participantId' | 'joinDate' | 'attributes'>): Member {
    const full: Member = { ...member, id: newId(), participantId: newId(), joinDate: nowIso(), attributes: {} };
    conv.members.push(full);
    return full;
  }

  addMessage(conv: Conversation, senderId: string, body: string, bodyType: BodyType, content?: unknown[]): Message {
    const message: Message = { id: newId(), conversationId: conv.id, senderId, body, bodyType, timestamp: nowIso() };
    if (content && content.length > 0) message.content = content;
    conv.messageIndex.set(message.id, conv.messages.length);
    conv.messages.push(message);
    return message;
  }

  member(conv: Conversation, memberId: string): Member | undefined {
    return conv.members.find((m) => m.id === memberId);
  }

  /** The agent currently alerting or connected, if any. */
  activeAgent(conv: Conversation): Member | undefined {
    for (let i = conv.members.length - 1; i >= 0; i--) {
      const m = conv.members[i]!;
      if (m.role === 'AGENT' && m.state !== 'DISCONNECTED') return m;
    }
    return undefined;
  }

  /** The most recent agent, connected or not. */
  lastAgent(conv: Conversation): Member | undefined {
    for (let i = conv.members.length - 1; i >= 0; i--) {
      if (conv.members[i]!.role === 'AGENT') return conv.members[i];
    }
    return undefined;
  }
}
