// Platform conversations API for chats and web messaging: what an agent desktop or integration reads,
// including the participant attributes Genesys Cloud derives from a guest's customFields.
import { errors } from './errors.ts';
import { isPlainObject, readJsonBody, json, noContent, type RequestContext, type Route } from './http.ts';
import { MESSAGING_TYPE } from './messaging.ts';
import type { OAuthService } from './oauth.ts';
import type { Conversation, Member, Store } from './store.ts';

export const VIEW_PERMISSION = 'conversation:communication:view';
export const UPDATE_PERMISSION = 'conversation:communication:update';
const PROVIDER = 'PureCloud Webchat v2';

interface ParticipantView {
  id: string;
  name: string;
  purpose: 'customer' | 'acd' | 'agent';
  state: 'alerting' | 'connected' | 'disconnected';
  startTime: string;
  connectedTime?: string;
  endTime?: string;
  disconnectType?: string;
  attributes: Record<string, string>;
  member?: Member;
  queue?: { id: string; name: string };
}

function participants(conv: Conversation): ParticipantView[] {
  const out: ParticipantView[] = [];
  const c = conv.customer;
  out.push({
    id: c.participantId,
    name: c.displayName,
    purpose: 'customer',
    state: c.state === 'DISCONNECTED' ? 'disconnected' : 'connected',
    startTime: c.joinDate,
    connectedTime: c.connectedDate,
    endTime: c.leaveDate,
    disconnectType: c.leaveDate ? (c.leftVoluntarily ? 'client' : 'peer') : undefined,
    attributes: c.attributes,
    member: c,
  });
  // The queue leg: connected while waiting or alerting, disconnected once an agent answers.
  out.push({
    id: conv.acdParticipantId,
    name: conv.queue.name,
    purpose: 'acd',
    state: conv.acdEndTime ? 'disconnected' : 'connected',
    startTime: conv.routedAt ?? conv.createdAt,
    connectedTime: conv.routedAt,
    endTime: conv.acdEndTime,
    disconnectType: conv.acdEndTime ? 'transfer' : undefined,
    attributes: conv.acdAttributes,
    queue: { id: conv.queue.id, name: conv.queue.name },
  });
  for (const m of conv.members) {
    if (m.role !== 'AGENT') continue;
    out.push({
      id: m.participantId,
      name: m.displayName,
      purpose: 'agent',
      state: m.state === 'ALERTING' ? 'alerting' : m.state === 'CONNECTED' ? 'connected' : 'disconnected',
      startTime: m.joinDate,
      connectedTime: m.connectedDate,
      endTime: m.leaveDate,
      disconnectType: m.leaveDate ? (conv.endedBy === 'customer' ? 'peer' : 'client') : undefined,
      attributes: m.attributes,
      member: m,
      queue: { id: conv.queue.id, name: conv.queue.name },
    });
  }
  return out;
}

function strip<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}

/** Conversation (GET /api/v2/conversations/{id}): participants with their chats communications. */
export function conversationView(conv: Conversation): Record<string, unknown> {
  return strip({
    id: conv.id,
    startTime: conv.createdAt,
    endTime: conv.endedAt,
    participants: participants(conv).map((p) =>
      strip({
        id: p.id,
        startTime: p.startTime,
        endTime: p.endTime,
        connectedTime: p.connectedTime,
        name: p.name,
        queueId: p.queue?.id,
        queueName: p.queue?.name,
        userId: p.purpose === 'agent' ? p.member?.id : undefined,
        purpose: p.purpose,
        participantType: p.purpose === 'customer' ? 'External' : 'Internal',
        wrapupRequired: false,
        attributes: p.attributes,
        // A participant's communications are listed by media type: `chats` or `messages`.
        [conv.channel === 'messaging' ? 'messages' : 'chats']: [
          strip({
            state: p.state,
            id: p.member?.id ?? p.id,
            direction: 'inbound',
            disconnectType: p.disconnectType,
            held: false,
            connectedTime: p.connectedTime,
            disconnectedTime: p.endTime,
            type: conv.channel === 'messaging' ? MESSAGING_TYPE : undefined,
            provider: conv.channel === 'messaging' ? undefined : PROVIDER,
          }),
        ],
      }),
    ),
    recordingState: 'none',
    divisions: [],
    selfUri: `/api/v2/conversations/${conv.id}`,
  });
}

/** What ChatMediaParticipant and MessageMediaParticipant share; each view adds its media type's own fields. */
function mediaParticipant(p: ParticipantView, extra: Record<string, unknown>): Record<string, unknown> {
  return strip({
    id: p.id,
    name: p.name,
    startTime: p.startTime,
    connectedTime: p.connectedTime,
    endTime: p.endTime,
    purpose: p.purpose,
    state: p.state,
    direction: 'inbound',
    disconnectType: p.disconnectType,
    held: false,
    wrapupRequired: false,
    user: p.purpose === 'agent' && p.member ? { id: p.member.id, selfUri: `/api/v2/users/${p.member.id}` } : undefined,
    attributes: p.attributes,
    ...extra,
  });
}

/** ChatConversation (GET /api/v2/conversations/chats/{id}): ChatMediaParticipant entries. */
export function chatConversationView(conv: Conversation): Record<string, unknown> {
  return {
    id: conv.id,
    participants: participants(conv).map((p) =>
      mediaParticipant(p, {
        queue: p.queue ? { id: p.queue.id, selfUri: `/api/v2/routing/queues/${p.queue.id}` } : undefined,
        provider: PROVIDER,
        roomId: conv.id,
        avatarImageUrl: p.member?.avatarImageUrl,
      }),
    ),
    otherMediaUris: [],
    selfUri: `/api/v2/conversations/chats/${conv.id}`,
  };
}

/** MessageConversation (GET /api/v2/conversations/messages/{id}): MessageMediaParticipant entries. */
export function messageConversationView(conv: Conversation): Record<string, unknown> {
  return {
    id: conv.id,
    participants: participants(conv).map((p) =>
      mediaParticipant(p, {
        queue: { id: conv.queue.id, selfUri: `/api/v2/routing/queues/${conv.queue.id}` },
        type: MESSAGING_TYPE,
        messages: [],
      }),
    ),
    otherMediaUris: [],
    selfUri: `/api/v2/conversations/messages/${conv.id}`,
  };
}

/** PATCH body `{ attributes }` merged into a participant's attributes: listed keys are set (null removes one). */
async function mergeAttributes(ctx: RequestContext, target: Record<string, string>, maxBodyBytes: number) {
  const body = await readJsonBody(ctx, maxBodyBytes);
  if (!isPlainObject(body) || !isPlainObject(body.attributes)) {
    throw errors.badRequest('The body must be { "attributes": { "key": "value", ... } }.');
  }
  for (const [key, value] of Object.entries(body.attributes)) {
    if (value === null) delete target[key];
    else target[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  // The platform SDKs document this operation as returning no body; Genesys answers 202 Accepted.
  return noContent(202);
}

export function conversationsRoutes(deps: { store: Store; oauth: OAuthService; maxBodyBytes: number }): Route[] {
  const { store, oauth, maxBodyBytes } = deps;
  const notFound = (ctx: RequestContext) => errors.notFound(`Conversation ${ctx.params.conversationId} was not found.`);
  const participantNotFound = (ctx: RequestContext) => errors.notFound(`Participant ${ctx.params.participantId} was not found.`);

  // Each typed endpoint knows only its own media type: a web messaging id on the chats path is a 404.
  const find = (ctx: RequestContext, channel: Conversation['channel']): Conversation => {
    const conv = store.get(ctx.params.conversationId!);
    if (!conv || conv.channel !== channel) throw notFound(ctx);
    return conv;
  };
  const findChat = (ctx: RequestContext) => find(ctx, 'chat');
  const findMessaging = (ctx: RequestContext) => find(ctx, 'messaging');

  return [
    {
      method: 'GET',
      path: '/api/v2/conversations/chats/:conversationId',
      handler: (ctx) => {
        oauth.authorize(ctx, VIEW_PERMISSION);
        return json(chatConversationView(findChat(ctx)));
      },
    },
    {
      method: 'PATCH',
      path: '/api/v2/conversations/chats/:conversationId/participants/:participantId/attributes',
      handler: (ctx) => {
        oauth.authorize(ctx, UPDATE_PERMISSION);
        const participant = participants(findChat(ctx)).find((p) => p.id === ctx.params.participantId);
        if (!participant) throw participantNotFound(ctx);
        return mergeAttributes(ctx, participant.attributes, maxBodyBytes);
      },
    },
    {
      method: 'GET',
      path: '/api/v2/conversations/messages/:conversationId',
      handler: (ctx) => {
        oauth.authorize(ctx, VIEW_PERMISSION);
        return json(messageConversationView(findMessaging(ctx)));
      },
    },
    {
      method: 'PATCH',
      path: '/api/v2/conversations/messages/:conversationId/participants/:participantId/attributes',
      handler: (ctx) => {
        oauth.authorize(ctx, UPDATE_PERMISSION);
        const participant = participants(findMessaging(ctx)).find((p) => p.id === ctx.params.participantId);
        if (!participant) throw participantNotFound(ctx);
        return mergeAttributes(ctx, participant.attributes, maxBodyBytes);
      },
    },
    {
      method: 'GET',
      path: '/api/v2/conversations/:conversationId',
      handler: (ctx) => {
        oauth.authorize(ctx, VIEW_PERMISSION);
        const conv = store.get(ctx.params.conversationId!);
        if (!conv) throw notFound(ctx);
        return json(conversationView(conv));
      },
    },
  ];
}
