// Web messaging conversations as the platform conversations API shows them: what Genesys Cloud keeps
// once a Messenger guest's first message carried customAttributes. There is no Messenger guest protocol
// here (the widget speaks Guest Chat v2); the control API creates these so integrations that read
// participant attributes can be exercised against both conversation types.
import type { QueueConfig, ServerConfig } from './config.ts';
import { errors } from './errors.ts';
import { isPlainObject } from './http.ts';
import { newId, nowIso } from './ids.ts';

/** Messenger refuses a message whose customAttributes (keys and values, UTF-8) exceed this (error 4013). */
export const CUSTOM_ATTRIBUTES_MAX_BYTES = 2048;
export const MESSAGING_TYPE = 'webmessaging';

export interface MessagingParticipant {
  id: string;
  /** The communication id (the `messages[].id` of the participant). */
  communicationId: string;
  name: string;
  purpose: 'customer' | 'acd';
  startTime: string;
  connectedTime: string;
  attributes: Record<string, string>;
}

export interface MessagingConversation {
  id: string;
  createdAt: string;
  queue: QueueConfig;
  customer: MessagingParticipant;
  acd: MessagingParticipant;
}

export interface MessagingRequest {
  name: string;
  queue: QueueConfig;
  customAttributes: Record<string, string>;
}

/** Validates a control API body `{ customAttributes?, name?, queue? }`. */
export function parseMessagingRequest(body: unknown, config: ServerConfig): MessagingRequest {
  const input = body === undefined ? {} : body;
  if (!isPlainObject(input)) throw errors.badRequest('Expected a JSON object.');
  const attributes = input.customAttributes ?? {};
  if (!isPlainObject(attributes)) throw errors.badRequest('customAttributes must be an object of string values.');
  let bytes = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') {
      throw errors.badRequest(`customAttributes.${key} must be a string (Messenger sends a string map; JSON-encode nested data).`);
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > CUSTOM_ATTRIBUTES_MAX_BYTES) {
    throw errors.badRequest(`customAttributes is ${bytes} bytes; Messenger allows at most ${CUSTOM_ATTRIBUTES_MAX_BYTES}.`);
  }
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim() === '')) {
    throw errors.badRequest('name must be a non-empty string.');
  }
  const queueName = input.queue ?? config.queues[0]?.name;
  const queue = config.queues.find((q) => q.name === queueName || q.id === queueName);
  if (!queue) throw errors.badRequest(`Unknown queue: ${String(queueName)}.`);
  return {
    name: typeof input.name === 'string' ? input.name.trim() : 'Web messaging guest',
    queue,
    customAttributes: attributes as Record<string, string>,
  };
}

export class MessagingStore {
  private readonly conversations = new Map<string, MessagingConversation>();

  create(request: MessagingRequest): MessagingConversation {
    const now = nowIso();
    const attributes: Record<string, string> = {};
    // Participant data keeps each custom attribute under the `context.` prefix, as for v2 chats.
    for (const [key, value] of Object.entries(request.customAttributes)) attributes[`context.${key}`] = value;
    const conv: MessagingConversation = {
      id: newId(),
      createdAt: now,
      queue: request.queue,
      customer: {
        id: newId(),
        communicationId: newId(),
        name: request.name,
        purpose: 'customer',
        startTime: now,
        connectedTime: now,
        attributes,
      },
      acd: {
        id: newId(),
        communicationId: newId(),
        name: request.queue.name,
        purpose: 'acd',
        startTime: now,
        connectedTime: now,
        attributes: {},
      },
    };
    this.conversations.set(conv.id, conv);
    return conv;
  }

  get(id: string): MessagingConversation | undefined {
    return this.conversations.get(id);
  }
}

export function messagingParticipants(conv: MessagingConversation): MessagingParticipant[] {
  return [conv.customer, conv.acd];
}

/** MessageConversation (GET /api/v2/conversations/messages/{id}): MessageMediaParticipant entries. */
export function messageConversationView(conv: MessagingConversation): Record<string, unknown> {
  return {
    id: conv.id,
    participants: messagingParticipants(conv).map((p) => ({
      id: p.id,
      name: p.name,
      startTime: p.startTime,
      connectedTime: p.connectedTime,
      purpose: p.purpose,
      state: 'connected',
      direction: 'inbound',
      held: false,
      wrapupRequired: false,
      queue: { id: conv.queue.id, selfUri: `/api/v2/routing/queues/${conv.queue.id}` },
      attributes: p.attributes,
      type: MESSAGING_TYPE,
      messages: [],
    })),
    otherMediaUris: [],
    selfUri: `/api/v2/conversations/messages/${conv.id}`,
  };
}

/** Conversation (GET /api/v2/conversations/{id}) for a web messaging conversation: `messages` communications. */
export function messagingGenericView(conv: MessagingConversation): Record<string, unknown> {
  return {
    id: conv.id,
    startTime: conv.createdAt,
    participants: messagingParticipants(conv).map((p) => ({
      id: p.id,
      startTime: p.startTime,
      connectedTime: p.connectedTime,
      name: p.name,
      queueId: conv.queue.id,
      queueName: conv.queue.name,
      purpose: p.purpose,
      participantType: p.purpose === 'customer' ? 'External' : 'Internal',
      wrapupRequired: false,
      attributes: p.attributes,
      messages: [
        { state: 'connected', id: p.communicationId, held: false, direction: 'inbound', type: MESSAGING_TYPE, connectedTime: p.connectedTime },
      ],
    })),
    recordingState: 'none',
    divisions: [],
    selfUri: `/api/v2/conversations/${conv.id}`,
  };
}
