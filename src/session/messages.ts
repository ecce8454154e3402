// Turns the transport's chat messages into transcript entries in the shape WebChatService's messageReceived
// gives: who said it (Agent, Client, Bot, External, System) and what kind of line it is.
import type { ChatMessage, Participant } from '../transport/contract.js';
import type { MessageType, SenderType, TranscriptMessage } from './types.js';

const kinds: Partial<Record<ChatMessage['kind'], MessageType>> = {
  text: 'Message',
  structured: 'Message',
  notice: 'Notice',
  joined: 'ParticipantJoined',
  left: 'ParticipantLeft',
};

export function senderType(from: Participant, kind: ChatMessage['kind']): SenderType {
  if (from.own || from.role === 'customer') return 'Client';
  if (from.role === 'agent') return 'Agent';
  // A flow speaks as a bot; its notices come from outside the conversation proper.
  if (from.role === 'bot') return kind === 'notice' ? 'External' : 'Bot';
  return 'System';
}

export function toTranscriptMessage(message: ChatMessage, index: number, fallbackNames: Record<SenderType, string>): TranscriptMessage {
  const type = senderType(message.from, message.kind);
  const parsed = Date.parse(message.time);
  return {
    id: message.id,
    index,
    type: kinds[message.kind] ?? 'Message',
    text: message.text,
    timestamp: Number.isFinite(parsed) ? parsed : Date.now(),
    from: { type, name: message.from.name || fallbackNames[type], id: message.from.id },
    ...(message.content?.length && { content: message.content }),
  };
}
