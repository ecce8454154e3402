// Server-to-guest frames of the Web Messaging Guest API: the envelope {type, class, code, body, tracingId?}
// and the bodies Messenger and the transport SDKs read. Pure functions, no state.
import type { Conversation, Member, Message } from '../store.ts';

export type FrameType = 'response' | 'message';

export interface Frame {
  type: FrameType;
  class: string;
  code: number;
  body: unknown;
  tracingId?: string;
}

/** Error codes Genesys documents for the guest socket (the transport SDK's ErrorCode list). */
export const CODES = {
  badRequest: 400,
  forbidden: 403,
  notFound: 404,
  /** A read-only conversation refuses guest messages. */
  conflict: 409,
  tooManyRequests: 429,
  featureUnavailable: 4000,
  fileTypeInvalid: 4001,
  fileSizeInvalid: 4002,
  fileContentInvalid: 4003,
  fileNameInvalid: 4004,
  fileNameTooLong: 4005,
  sessionExpired: 4006,
  sessionNotFound: 4007,
  attachmentExpired: 4008,
  attachmentNotFound: 4009,
  attachmentNotUploaded: 4010,
  messageTooLong: 4011,
  customAttributesTooLarge: 4013,
  missingParameter: 4020,
  requestRateTooHigh: 4029,
  /** Not in the transport SDK's list; Genesys's troubleshooting notes give it to empty files. */
  fileEmpty: 4102,
  unexpected: 5000,
} as const;

export function frame(type: FrameType, cls: string, code: number, body: unknown, tracingId?: string): Frame {
  const out: Frame = { type, class: cls, code, body };
  if (tracingId !== undefined) out.tracingId = tracingId;
  return out;
}

/** Errors arrive as `class: "string"` with the message as body and the error code as code. */
export function errorFrame(code: number, message: string, tracingId?: string): Frame {
  return frame('response', 'string', code, message, tracingId);
}

export function tooManyRequestsFrame(retryAfter: number, tracingId?: string): Frame {
  return frame(
    'response',
    'TooManyRequestsErrorMessage',
    CODES.tooManyRequests,
    { retryAfter, errorCode: CODES.requestRateTooHigh, errorMessage: 'Message rate too high for this session' },
    tracingId,
  );
}

export const connectionClosedFrame = (): Frame => frame('message', 'ConnectionClosedEvent', 200, {});
// The transport SDK's fixture carries this push as a response; clients accept it either way.
export const sessionExpiredFrame = (): Frame => frame('response', 'SessionExpiredEvent', 200, {});
export const sessionClearedFrame = (): Frame => frame('message', 'SessionClearedEvent', 200, {});

export interface SessionTimes {
  durationSeconds: number;
  /** Epoch seconds. */
  expirationDate: number;
}

export function sessionResponseFrame(
  body: { connected: boolean; newSession?: boolean; readOnly?: boolean } & Partial<SessionTimes>,
  tracingId?: string,
): Frame {
  const full = body.connected
    ? { clearedExistingSession: false, maxCustomDataBytes: 2048, ...body }
    : body;
  return frame('response', 'SessionResponse', 200, full, tracingId);
}

export function jwtResponseFrame(jwt: string, exp: number, tracingId?: string): Frame {
  return frame('response', 'JwtResponse', 200, { jwt, exp }, tracingId);
}

/** `echo` answers with the text it was given and the session's remaining time, as strings. */
export function echoFrame(text: string, times: SessionTimes, tracingId?: string): Frame {
  return frame(
    'response',
    'StructuredMessage',
    200,
    {
      id: 'echo',
      type: 'Text',
      text,
      direction: 'Inbound',
      metadata: { durationSeconds: String(times.durationSeconds), expirationDate: String(times.expirationDate) },
    },
    tracingId,
  );
}

export interface Sender {
  member: Member;
  image?: string;
}

/**
 * A transcript message as the socket and the history REST both show it. Inbound (the guest's own) carries
 * channel.time and messageId; Outbound (an agent's) adds channel.type "Private" and channel.from. The
 * scripted agent "Sam" stands in for a person on the demo's queue (as it is an AGENT member on Guest Chat v2),
 * so its messages say originatingEntity "Human", as a person's do.
 */
export function messageBody(
  conv: Conversation,
  message: Message,
  sender: Member | undefined,
  correlationId: string,
  content?: unknown[],
): Record<string, unknown> {
  const inbound = message.senderId === conv.customer.id;
  // Messages with content are Structured (quick replies, cards, files…); their text, if any, goes alongside.
  const type = content && content.length > 0 ? 'Structured' : 'Text';
  const withContent = (body: Record<string, unknown>) => (type === 'Structured' ? { ...body, content } : body);
  if (inbound) {
    return withContent({
      id: message.id,
      channel: { time: message.timestamp, messageId: message.id },
      type,
      text: message.wireText ?? message.body,
      direction: 'Inbound',
      metadata: { correlationId },
      originatingEntity: '',
    });
  }
  const from: Record<string, string> = {
    nickname: sender?.displayName ?? 'Agent',
    firstName: sender?.firstName ?? sender?.displayName ?? 'Agent',
  };
  if (sender?.avatarImageUrl) from.image = sender.avatarImageUrl;
  return withContent({
    id: message.id,
    channel: { time: message.timestamp, type: 'Private', messageId: message.id, from },
    type,
    text: message.body,
    direction: 'Outbound',
    originatingEntity: 'Human',
    metadata: { correlationId },
  });
}

export type GuestEvent =
  | { eventType: 'Typing'; typing: { type: 'On'; duration?: number } }
  | { eventType: 'Presence'; presence: { type: string } };

/** An Event StructuredMessage: agent typing, the guest's own Presence Join echoed, the conversation's Disconnect. */
export function eventBody(
  id: string,
  direction: 'Inbound' | 'Outbound',
  events: GuestEvent[],
  metadata?: Record<string, string>,
): Record<string, unknown> {
  const body: Record<string, unknown> = { id, channel: { time: new Date().toISOString() }, type: 'Event', direction, events };
  if (metadata) body.metadata = metadata;
  return body;
}

export const structuredMessage = (body: unknown, tracingId?: string): Frame => frame('message', 'StructuredMessage', 200, body, tracingId);

// ---------- attachments ----------

export interface PresignedBody {
  attachmentId: string;
  headers: Record<string, string>;
  url: string;
  fileName: string;
  fileSize: number;
  fileType: string;
}

/** onAttachment's answer (headers to send with the PUT) and getAttachment's (empty headers, a download URL). */
export const presignedUrlFrame = (body: PresignedBody, tracingId?: string): Frame => frame('response', 'PresignedUrlResponse', 200, body, tracingId);

export const uploadSuccessFrame = (attachmentId: string, downloadUrl: string): Frame =>
  frame('message', 'UploadSuccessEvent', 200, { attachmentId, downloadUrl, timestamp: new Date().toISOString() });

export const uploadFailureFrame = (attachmentId: string, errorCode: number, errorMessage: string): Frame =>
  frame('message', 'UploadFailureEvent', 200, { attachmentId, errorCode, errorMessage, timestamp: new Date().toISOString() });

/**
 * A refused upload request. Sources disagree on the envelope (the transport SDK's fixture: a message with
 * code 200; quoted documentation: a response with code 400); this follows the SDK, clients accept both.
 */
export const generateUrlErrorFrame = (attachmentId: string, errorCode: number, errorMessage: string, tracingId?: string): Frame =>
  frame('message', 'GenerateUrlError', 200, { attachmentId, errorCode, errorMessage }, tracingId);

export const attachmentDeletedFrame = (attachmentId: string, tracingId?: string): Frame =>
  frame('message', 'AttachmentDeletedResponse', 200, { attachmentId }, tracingId);
