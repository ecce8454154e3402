// Web messaging conversations in the chat domain: a Store conversation with channel "messaging" whose
// customer participant carries Messenger's customAttributes. The guest socket (web-messaging/) and the
// control API create them; routing, the scripted agent, the console and the conversations API treat
// them like chats, so there is one source of truth for both channels.
import type { ChatService } from './chat-service.ts';
import type { DeploymentConfig, QueueConfig, ServerConfig } from './config.ts';
import { errors } from './errors.ts';
import { isPlainObject } from './http.ts';
import type { Conversation } from './store.ts';

/** Messenger refuses a message whose customAttributes (keys and values, UTF-8) exceed this (error 4013). */
export const CUSTOM_ATTRIBUTES_MAX_BYTES = 2048;
/** The communication type Genesys Cloud gives web messaging participants. */
export const MESSAGING_TYPE = 'webmessaging';
export const DEFAULT_GUEST_NAME = 'Web messaging guest';

export type AttributesCheck =
  | { ok: true; attributes: Record<string, string>; bytes: number }
  | { ok: false; reason: 'type'; key: string }
  | { ok: false; reason: 'size'; bytes: number };

/** Messenger's customAttributes are a string map of at most 2,048 bytes (UTF-8 of every key and value). */
export function checkCustomAttributes(value: unknown): AttributesCheck {
  if (!isPlainObject(value)) return { ok: false, reason: 'type', key: '' };
  let bytes = 0;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') return { ok: false, reason: 'type', key };
    bytes += Buffer.byteLength(key) + Buffer.byteLength(v);
  }
  if (bytes > CUSTOM_ATTRIBUTES_MAX_BYTES) return { ok: false, reason: 'size', bytes };
  return { ok: true, attributes: value as Record<string, string>, bytes };
}

/**
 * Merges attributes into the customer participant, per key: Genesys keeps what earlier messages sent
 * ("data already sent on an inbound message is not removed from the conversation"). Participant data
 * holds them under `context.<key>`, as for v2 chat customFields; the console reads them as customFields.
 */
export function mergeCustomAttributes(conv: Conversation, attributes: Record<string, string>): void {
  const customer = conv.customer;
  customer.customFields ??= {};
  for (const [key, value] of Object.entries(attributes)) {
    customer.attributes[`context.${key}`] = value;
    customer.customFields[key] = value;
  }
  const fields = customer.customFields;
  if (fields.firstName) customer.firstName = fields.firstName;
  if (fields.lastName) customer.lastName = fields.lastName;
  if (fields.email) customer.email = fields.email;
  if (customer.displayName === DEFAULT_GUEST_NAME) {
    const name = [fields.firstName, fields.lastName].filter(Boolean).join(' ');
    if (name) customer.displayName = name;
  }
}

export interface MessagingStart {
  deployment: DeploymentConfig;
  queue: QueueConfig;
  name?: string;
  customAttributes?: Record<string, string>;
  journeyContext?: unknown;
}

/** Creates the conversation and announces it; routing starts only when the caller routes it. */
export function createMessagingConversation(service: ChatService, start: MessagingStart): Conversation {
  const conv = service.store.create({
    channel: 'messaging',
    organizationId: service.config.organizationId,
    deployment: start.deployment,
    queue: start.queue,
    routingTarget: { targetType: 'QUEUE', targetAddress: start.queue.name },
    journeyContext: start.journeyContext,
    customer: { displayName: start.name ?? DEFAULT_GUEST_NAME, authenticatedGuest: false, customFields: {} },
  });
  if (start.customAttributes) mergeCustomAttributes(conv, start.customAttributes);
  service.announceCreated(conv);
  return conv;
}

export function findQueue(config: ServerConfig, nameOrId: string | undefined): QueueConfig | undefined {
  return config.queues.find((q) => q.name === nameOrId || q.id === nameOrId);
}

/**
 * Validates a control API body `{ customAttributes?, name?, queue? }`: a conversation as Genesys Cloud
 * holds it after a Messenger guest's first message, for tests of integrations that only read it.
 */
export function parseMessagingRequest(body: unknown, config: ServerConfig): MessagingStart {
  const input = body === undefined ? {} : body;
  if (!isPlainObject(input)) throw errors.badRequest('Expected a JSON object.');
  const check = checkCustomAttributes(input.customAttributes ?? {});
  if (!check.ok && check.reason === 'type') {
    if (!check.key) throw errors.badRequest('customAttributes must be an object of string values.');
    throw errors.badRequest(
      `customAttributes.${check.key} must be a string (Messenger sends a string map; JSON-encode nested data).`,
    );
  }
  if (!check.ok) {
    throw errors.badRequest(`customAttributes is ${check.bytes} bytes; Messenger allows at most ${CUSTOM_ATTRIBUTES_MAX_BYTES}.`);
  }
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim() === '')) {
    throw errors.badRequest('name must be a non-empty string.');
  }
  const queueName = (input.queue as string | undefined) ?? config.queues[0]?.name;
  const queue = findQueue(config, queueName);
  if (!queue) throw errors.badRequest(`Unknown queue: ${String(queueName)}.`);
  const deployment =
    config.deployments.find((d) => d.messenger?.status === 'Active' && findQueue(config, d.messenger.queue) === queue) ??
    config.deployments.find((d) => d.messenger) ??
    config.deployments[0]!;
  return {
    deployment,
    queue,
    name: typeof input.name === 'string' ? input.name.trim() : DEFAULT_GUEST_NAME,
    customAttributes: check.attributes,
  };
}
