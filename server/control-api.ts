// The control API (/control/*): inspect chats, act as the agent and inject faults. Used by the
// agent console, by tests and by the widget's browser tests. JSON in, JSON out, no auth.
import type { ChatService } from './chat-service.ts';
import type { ServerConfig } from './config.ts';
import type { EventStream } from './event-stream.ts';
import { errors } from './errors.ts';
import { faultError, type Faults } from './faults.ts';
import { isPlainObject, json, noContent, readJsonBody, type RequestContext, type Route } from './http.ts';
import { memberInfo } from './guest-api.ts';
import { createMessagingConversation, parseMessagingRequest } from './messaging.ts';
import type { AttachmentStore } from './attachments.ts';
import { checkContent, DEMO_IMAGE_PATH, DEMO_KINDS, demoMessage } from './rich-content.ts';
import { GUEST_BODY_TYPES, type BodyType, type Conversation, type Member, type Message, type Store } from './store.ts';

export interface ControlDeps {
  config: ServerConfig;
  store: Store;
  service: ChatService;
  events: EventStream;
  faults: Faults;
  files: AttachmentStore;
  personAvailable: () => boolean;
}

export function controlMessage(conv: Conversation, message: Message, store: Store): Record<string, unknown> {
  const sender = store.member(conv, message.senderId);
  return {
    id: message.id,
    senderId: message.senderId,
    senderRole: sender?.role,
    senderName: sender?.displayName,
    body: message.body,
    bodyType: message.bodyType,
    timestamp: message.timestamp,
    ...(message.content && { content: message.content }),
  };
}

function customerView(m: Member): Record<string, unknown> {
  return {
    id: m.id,
    participantId: m.participantId,
    displayName: m.displayName,
    firstName: m.firstName,
    lastName: m.lastName,
    email: m.email,
    phoneNumber: m.phoneNumber,
    customFields: m.customFields ?? {},
    authenticatedGuest: m.authenticatedGuest,
    state: m.state,
  };
}

export function chatSummary(conv: Conversation, deps: Pick<ControlDeps, 'store' | 'events'>): Record<string, unknown> {
  const agent = deps.store.activeAgent(conv) ?? deps.store.lastAgent(conv);
  const last = conv.messages[conv.messages.length - 1];
  return {
    id: conv.id,
    channel: conv.channel,
    state: conv.state,
    queue: { id: conv.queue.id, name: conv.queue.name },
    deployment: { id: conv.deployment.id, name: conv.deployment.name },
    routingTarget: conv.routingTarget,
    createdAt: conv.createdAt,
    routedAt: conv.routedAt ?? null,
    endedAt: conv.endedAt ?? null,
    endedBy: conv.endedBy ?? null,
    sockets: deps.events.socketCount(conv.id),
    heartbeats: conv.heartbeats,
    customer: customerView(conv.customer),
    agent: agent
      ? { id: agent.id, participantId: agent.participantId, displayName: agent.displayName, state: agent.state, scripted: !!agent.scripted }
      : null,
    messageCount: conv.messages.length,
    lastMessage: last ? controlMessage(conv, last, deps.store) : null,
  };
}

export function controlRoutes(deps: ControlDeps): Route[] {
  const { config, store, service, events, faults } = deps;

  const find = (ctx: RequestContext): Conversation => {
    const conv = store.get(ctx.params.id!);
    if (!conv) throw errors.notFound(`Chat ${ctx.params.id} was not found.`);
    return conv;
  };
  const body = async (ctx: RequestContext): Promise<Record<string, unknown>> => {
    const b = await readJsonBody(ctx, config.maxBodyBytes);
    if (b === undefined) return {};
    if (!isPlainObject(b)) throw errors.badRequest('Expected a JSON object.');
    return b;
  };
  const connectedAgent = (conv: Conversation): Member => {
    if (conv.state === 'ended') throw errors.conversationState();
    const agent = store.activeAgent(conv);
    if (!agent || agent.state !== 'CONNECTED') throw errors.conflict('No agent is connected to this chat; accept it first.');
    return agent;
  };
  const summary = (conv: Conversation) => chatSummary(conv, { store, events });

  return [
    {
      method: 'GET',
      path: '/control/config',
      handler: () =>
        json({
          organizationId: config.organizationId,
          organizationName: config.organizationName,
          deployments: config.deployments,
          queues: config.queues,
          heartbeatMs: config.heartbeatMs,
          routingDelayMs: config.routingDelayMs,
          alertingMs: config.alertingMs,
          agentTypingMs: config.agentTypingMs,
          idleDisconnectMs: config.idleDisconnectMs,
          endedSocketCloseMs: config.endedSocketCloseMs,
          rateLimit: config.rateLimit,
          personAvailable: deps.personAvailable(),
        }),
    },
    {
      method: 'GET',
      path: '/control/chats',
      handler: (ctx) => {
        const state = ctx.url.searchParams.get('state');
        const chats = store.all().filter((c) => !state || c.state === state);
        return json({ chats: chats.map(summary) });
      },
    },
    {
      method: 'GET',
      path: '/control/chats/:id',
      handler: (ctx) => {
        const conv = find(ctx);
        return json({
          ...summary(conv),
          members: conv.members.map((m) => ({ ...memberInfo(m), participantId: m.participantId, scripted: !!m.scripted })),
          messages: conv.messages.map((m) => controlMessage(conv, m, store)),
        });
      },
    },
    {
      method: 'POST',
      path: '/control/chats/:id/accept',
      handler: async (ctx) => {
        const conv = find(ctx);
        const b = await body(ctx);
        const name = typeof b.agentName === 'string' && b.agentName.trim() ? b.agentName.trim() : 'Agent';
        await service.acceptAsAgent(conv, { name, scripted: false });
        return json(summary(conv));
      },
    },
    {
      method: 'POST',
      path: '/control/chats/:id/typing',
      handler: (ctx) => {
        const conv = find(ctx);
        const typing = service.typing(conv, connectedAgent(conv));
        return json(typing);
      },
    },
    {
      method: 'POST',
      path: '/control/chats/:id/messages',
      handler: async (ctx) => {
        const conv = find(ctx);
        const b = await body(ctx);
        const content = b.content;
        if (content !== undefined) {
          const problem = checkContent(content);
          if (problem) throw errors.badRequest(problem);
        }
        // Structured content may stand alone (a carousel, a form); text alone must not be empty.
        const text = b.body ?? '';
        if (typeof text !== 'string' || (text === '' && !(content as unknown[] | undefined)?.length)) {
          throw errors.badRequest('body must be a non-empty string (or give content).');
        }
        const bodyType = (b.bodyType ?? 'standard') as BodyType;
        if (!GUEST_BODY_TYPES.includes(bodyType)) throw errors.badRequest(`bodyType must be one of ${GUEST_BODY_TYPES.join(', ')}.`);
        const message = service.sendMessage(conv, connectedAgent(conv), text, bodyType, content as unknown[] | undefined);
        return json(controlMessage(conv, message, store));
      },
    },
    {
      // The agent console's "send a card / carousel / quick replies…": the same demo messages the scripted agent sends.
      method: 'POST',
      path: '/control/chats/:id/rich',
      handler: async (ctx) => {
        const conv = find(ctx);
        const b = await body(ctx);
        const demo = typeof b.kind === 'string' ? demoMessage(b.kind, DEMO_IMAGE_PATH) : undefined;
        if (!demo) throw errors.badRequest(`kind must be one of ${DEMO_KINDS.join(', ')}.`);
        const message = service.sendMessage(conv, connectedAgent(conv), demo.text, 'standard', demo.content);
        return json(controlMessage(conv, message, store));
      },
    },
    {
      // An agent sends a file: `{ fileName, mime, data (base64), text? }`.
      method: 'POST',
      path: '/control/chats/:id/files',
      handler: async (ctx) => {
        const conv = find(ctx);
        const b = await body(ctx);
        if (typeof b.fileName !== 'string' || !b.fileName.trim()) throw errors.badRequest('fileName must be a non-empty string.');
        if (typeof b.mime !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(b.mime)) throw errors.badRequest('mime must be a media type such as application/pdf.');
        if (typeof b.data !== 'string') throw errors.badRequest('data must be the file, base64-encoded.');
        const data = Buffer.from(b.data, 'base64');
        if (data.length === 0) throw errors.badRequest('The file is empty.');
        const agent = connectedAgent(conv);
        const file = deps.files.addAgentFile(conv.id, b.fileName.trim(), b.mime.toLowerCase(), data);
        const text = typeof b.text === 'string' ? b.text : '';
        const message = service.sendMessage(conv, agent, text || file.fileName, 'standard', [deps.files.contentItem(file)]);
        return json(controlMessage(conv, message, store));
      },
    },
    {
      method: 'POST',
      path: '/control/chats/:id/end',
      handler: (ctx) => {
        const conv = find(ctx);
        service.endByAgent(conv, 'agent');
        return json(summary(conv));
      },
    },
    {
      method: 'POST',
      path: '/control/chats/:id/drop-sockets',
      handler: (ctx) => json({ dropped: events.drop(find(ctx).id) }),
    },
    {
      method: 'POST',
      path: '/control/chats/:id/heartbeats',
      handler: async (ctx) => {
        const conv = find(ctx);
        const b = await body(ctx);
        if (typeof b.enabled !== 'boolean') throw errors.badRequest('enabled must be true or false.');
        conv.heartbeats = b.enabled;
        return json({ id: conv.id, heartbeats: conv.heartbeats });
      },
    },
    {
      method: 'POST',
      path: '/control/messaging',
      handler: async (ctx) => {
        const start = parseMessagingRequest(await readJsonBody(ctx, config.maxBodyBytes), config);
        const conv = createMessagingConversation(service, start);
        return json(
          {
            id: conv.id,
            queue: { id: conv.queue.id, name: conv.queue.name },
            customer: { participantId: conv.customer.participantId, name: conv.customer.displayName, attributes: conv.customer.attributes },
            selfUri: `/api/v2/conversations/messages/${conv.id}`,
          },
          201,
        );
      },
    },
    { method: 'GET', path: '/control/faults', handler: () => json(faults.list()) },
    {
      method: 'POST',
      path: '/control/faults',
      handler: async (ctx) => {
        const rule = faults.addFault(await body(ctx));
        faultError(rule); // validates that the rule can be rendered
        const { matcher: _m, ...view } = rule;
        return json(view, 201);
      },
    },
    {
      method: 'POST',
      path: '/control/delays',
      handler: async (ctx) => {
        const { matcher: _m, ...view } = faults.addDelay(await body(ctx));
        return json(view, 201);
      },
    },
    {
      method: 'DELETE',
      path: '/control/faults',
      handler: () => {
        faults.clear();
        return noContent();
      },
    },
  ];
}
