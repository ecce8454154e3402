// Turns wire messages into transcript entries: who said it (Agent, Client, Bot, External) and what kind it is.
import type { WireMessage } from '../transport/types.js';
import type { MessageType, SenderType, TranscriptMessage } from './types.js';

const kinds: Record<string, MessageType> = {
  standard: 'Message',
  notice: 'Notice',
  'member-join': 'ParticipantJoined',
  'member-leave': 'ParticipantLeft',
};

export function senderType(message: WireMessage, ownMemberId: string | undefined): SenderType {
  const { role, id } = message.sender;
  if (id === ownMemberId || role === 'CUSTOMER') return 'Client';
  if (role === 'AGENT') return 'Agent';
  // An Architect flow speaks as a bot; its notices come from outside the conversation proper.
  if (role === 'WORKFLOW') return message.bodyType === 'notice' ? 'External' : 'Bot';
  return 'System';
}

export function toTranscriptMessage(
  message: WireMessage,
  ownMemberId: string | undefined,
  index: number,
  fallbackNames: Record<SenderType, string>,
): TranscriptMessage {
  const type = senderType(message, ownMemberId);
  const parsed = Date.parse(message.timestamp);
  return {
    id: message.id,
    index,
    type: kinds[message.bodyType] ?? 'Notice',
    text: message.body,
    timestamp: Number.isFinite(parsed) ? parsed : Date.now(),
    from: { type, name: message.sender.displayName || fallbackNames[type], id: message.sender.id },
  };
}
