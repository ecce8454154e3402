// Finding the customer of a conversation and writing participant attributes back. Chats (Guest Chat v2)
// and web messaging live under different typed paths; the generic path answers for both and tells which
// one a conversation is by the customer's communications (`chats` or `messages`).
import type { PlatformClient } from './client.js';
import { AttributesToolError } from './errors.js';

export type ConversationType = 'chat' | 'message';
export type TypeChoice = ConversationType | 'auto';
export const TYPE_CHOICES: readonly TypeChoice[] = ['auto', 'chat', 'message'];

/** Participant attributes as the API answers them: strings in practice, nested values tolerated. */
export type Attributes = Record<string, unknown>;

export interface CustomerParticipant {
  conversationId: string;
  type: ConversationType;
  participantId: string;
  name?: string;
  attributes: Attributes;
}

interface ParticipantLike {
  id?: unknown;
  name?: unknown;
  purpose?: unknown;
  attributes?: unknown;
  chats?: unknown;
  messages?: unknown;
}

const TYPED_PATH: Record<ConversationType, string> = { chat: 'chats', message: 'messages' };
const TYPE_NAME: Record<ConversationType, string> = { chat: 'chat', message: 'web messaging' };

const nonEmptyArray = (value: unknown) => Array.isArray(value) && value.length > 0;

function typeOf(participant: ParticipantLike): ConversationType | undefined {
  if (nonEmptyArray(participant.chats)) return 'chat';
  if (nonEmptyArray(participant.messages)) return 'message';
  return undefined;
}

function customerOf(body: unknown, conversationId: string): ParticipantLike {
  const participants = (body as { participants?: unknown } | undefined)?.participants;
  if (!Array.isArray(participants)) {
    throw new AttributesToolError('other', `unexpected answer: conversation ${conversationId} has no participants list`);
  }
  const customer = (participants as ParticipantLike[]).find((p) => p?.purpose === 'customer' && typeof p.id === 'string');
  if (!customer) throw new AttributesToolError('notFound', `conversation ${conversationId} has no customer participant`);
  return customer;
}

function attributesOf(participant: ParticipantLike): Attributes {
  const attributes = participant.attributes;
  return typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes) ? { ...(attributes as Attributes) } : {};
}

/** Reframes a 404: what was not found, the status, and what the person should check. */
async function orNotFound<T>(call: Promise<T>, what: string, hint: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AttributesToolError && error.kind === 'notFound') {
      const status = `${error.status ?? 404}${error.code ? ` ${error.code}` : ''}`;
      throw new AttributesToolError('notFound', `${what} (${status}): ${hint}`, error.status, error.code);
    }
    throw error;
  }
}

/**
 * Reads the conversation and returns its customer participant. `auto` uses the generic endpoint and
 * learns the type from the customer's communications; `chat` / `message` use the typed endpoint, which
 * answers 404 for a conversation of the other type.
 */
export async function fetchCustomer(client: PlatformClient, conversationId: string, type: TypeChoice = 'auto'): Promise<CustomerParticipant> {
  const id = encodeURIComponent(conversationId);
  if (type === 'auto') {
    const { body } = await orNotFound(
      client.request('GET', `/api/v2/conversations/${id}`),
      `conversation ${conversationId} not found`,
      'check the id and the region',
    );
    const customer = customerOf(body, conversationId);
    const detected = typeOf(customer);
    if (!detected) {
      throw new AttributesToolError('notFound', `conversation ${conversationId} is neither a chat nor a web messaging conversation`);
    }
    return { conversationId, type: detected, participantId: customer.id as string, name: stringOrUndefined(customer.name), attributes: attributesOf(customer) };
  }
  const other: ConversationType = type === 'chat' ? 'message' : 'chat';
  const { body } = await orNotFound(
    client.request('GET', `/api/v2/conversations/${TYPED_PATH[type]}/${id}`),
    `no ${TYPE_NAME[type]} conversation ${conversationId}`,
    `check the id, or whether it is a ${TYPE_NAME[other]} conversation (--type ${other} or --type auto)`,
  );
  const customer = customerOf(body, conversationId);
  return { conversationId, type, participantId: customer.id as string, name: stringOrUndefined(customer.name), attributes: attributesOf(customer) };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** PATCH …/{chats|messages}/{id}/participants/{participantId}/attributes: the platform merges, keeping other keys. */
export async function writeParticipantAttributes(
  client: PlatformClient,
  customer: Pick<CustomerParticipant, 'conversationId' | 'type' | 'participantId'>,
  attributes: Record<string, string>,
): Promise<void> {
  const path =
    `/api/v2/conversations/${TYPED_PATH[customer.type]}/${encodeURIComponent(customer.conversationId)}` +
    `/participants/${encodeURIComponent(customer.participantId)}/attributes`;
  await orNotFound(
    client.request('PATCH', path, { attributes }),
    `participant ${customer.participantId} of conversation ${customer.conversationId} not found`,
    'the conversation may have changed since it was read',
  );
}
