// Turns checked Guest API messages into the contract's messages and participants. Web Messaging gives an
// agent no id on the wire, only the card Genesys shows (`channel.from`) and whether a person or a bot spoke
// (`originatingEntity`): the participant id is built from those, stable for as long as the card is.
import type { ChatMessage, MessageContent, Participant } from '../contract.js';
import type { WireMessage } from './frames.js';

export const GUEST_ID = 'guest';

export function guest(name?: string): Participant {
  return { id: GUEST_ID, role: 'customer', own: true, ...(name && { name }) };
}

/** Only http(s) pictures: an avatar is put in an <img>, and nothing else belongs there. */
function safeImage(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function sender(message: WireMessage, displayName?: string): Participant {
  if (message.direction === 'Inbound') return guest(displayName);
  const from = message.channel?.from;
  const name = from?.nickname || [from?.firstName, from?.lastName].filter(Boolean).join(' ') || undefined;
  const role = message.originatingEntity === 'Bot' ? 'bot' : 'agent';
  const avatarUrl = safeImage(from?.image);
  return { id: `${role}:${name ?? ''}`, role, own: false, ...(name && { name }), ...(avatarUrl && { avatarUrl }) };
}

/** What the transcript shows: text and structured messages (their text; the rich part is in `raw`). */
export function isTranscriptMessage(message: WireMessage): boolean {
  return message.type === 'Text' || message.type === 'Structured';
}

/** The text of a visitor's answer to a button or quick reply, when the echo carries it only there. */
function answerText(message: WireMessage): string {
  for (const item of message.content ?? []) {
    const button = (item as { buttonResponse?: { text?: unknown } } | null)?.buttonResponse;
    if (typeof button?.text === 'string') return button.text.slice(0, 4096);
  }
  return '';
}

export function toChatMessage(
  message: WireMessage,
  raw: unknown,
  options: { displayName?: string; correlationId?: string; receivedAt?: string; content?: MessageContent[] },
): ChatMessage {
  const from = sender(message, options.displayName);
  const content = options.content ?? [];
  return {
    id: message.id,
    kind: message.type === 'Structured' ? 'structured' : 'text',
    text: message.text || answerText(message),
    ...(content.length > 0 && { content }),
    // A message without a time (the service does not always stamp echoes) is placed when it arrived.
    time: message.channel?.time ?? options.receivedAt ?? new Date().toISOString(),
    from,
    own: from.own,
    ...(options.correlationId && { correlationId: options.correlationId }),
    raw,
  };
}

export function hasEvent(message: WireMessage, eventType: string, type: string): boolean {
  return message.events.some((event) => event.eventType === eventType && (event.presence?.type ?? event.typing?.type) === type);
}
