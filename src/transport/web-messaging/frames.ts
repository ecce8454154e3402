// Checks every frame from the Guest API before the transport reads it. A frame that is not JSON, misses a
// field the transport needs, carries a field of the wrong type or an absurd size, or names a class the
// protocol does not have, comes back as `{ invalid }` with the reason: the transport drops that one frame,
// says so once, and goes on with the next. Fields the transport does not read are not checked.

/** The sender's card on an agent's or bot's message (`channel.from`). */
export interface WireFrom {
  nickname?: string;
  firstName?: string;
  lastName?: string;
  image?: string;
}

export interface WireEvent {
  eventType: string;
  typing?: { type: string; duration?: number };
  presence?: { type: string };
}

/** A StructuredMessage body, live or from history (`WebMessagingMessage`). */
export interface WireMessage {
  id: string;
  type: string;
  /** From Genesys Cloud's side: Inbound is the guest's, Outbound an agent's, a bot's or the system's. */
  direction: 'Inbound' | 'Outbound';
  text?: string;
  channel?: { time?: string; messageId?: string; from?: WireFrom };
  originatingEntity?: string;
  /** String values only: others are left out. */
  metadata: Record<string, string>;
  events: WireEvent[];
  content?: unknown[];
}

export interface SessionBody {
  connected: boolean;
  newSession?: boolean;
  readOnly?: boolean;
  maxCustomDataBytes?: number;
  /** What the guest may upload (the deployment's Supported Content Profile), as given: read when files are. */
  allowedMedia?: unknown;
  blockedExtensions?: unknown;
}

export type InboundFrame =
  | { kind: 'message'; tracingId?: string; body: WireMessage; raw: unknown }
  | { kind: 'echo'; tracingId?: string }
  | { kind: 'session'; tracingId?: string; body: SessionBody }
  | { kind: 'jwt'; tracingId?: string; jwt: string; exp?: number }
  | { kind: 'tooManyRequests'; tracingId?: string; retryAfterSeconds?: number; message?: string }
  | { kind: 'error'; tracingId?: string; code: number; message: string }
  | { kind: 'connectionClosed' | 'sessionExpired' | 'logout' | 'sessionCleared'; tracingId?: string }
  /** Attachment classes (upload URLs, upload verdicts, deletions): read by the upload code, loaded when needed. */
  | { kind: 'file'; tracingId?: string; class: string; code: number; body: unknown }
  /** A class the widget does not use (configuration, resume tokens): valid, nothing to do. */
  | { kind: 'ignored'; tracingId?: string };

/** The tracing id Messenger clients put on `echo`: its answer proves the socket is alive and nothing more. */
export const ECHO_TRACING_ID = 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=';

// Bounds that no genuine frame comes near (agents' texts stop at 4,000 characters): a frame beyond them is
// broken or hostile, and would otherwise be held in memory and rendered.
const MAX_FRAME_CHARS = 512 * 1024;
const MAX_TEXT_CHARS = 32 * 1024;
const MAX_SHORT_CHARS = 1024;
const MAX_EVENTS = 50;

const IGNORED_CLASSES = new Set([
  'GetConfigurationResponse',
  'ResumeTokenResponse',
]);

class Invalid extends Error {}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(reason: string): never {
  throw new Invalid(reason);
}

function optionalString(value: unknown, where: string, max = MAX_SHORT_CHARS): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(`${where} is a ${typeName(value)}, not a string`);
  if (value.length > max) fail(`${where} is ${value.length} characters long`);
  return value;
}

function requiredString(value: unknown, where: string, max = MAX_SHORT_CHARS): string {
  const text = optionalString(value, where, max);
  if (text === undefined) fail(`${where} is missing`);
  return text;
}

function optionalNumber(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${where} is not a non-negative number`);
  return value;
}

function optionalBoolean(value: unknown, where: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(`${where} is a ${typeName(value)}, not true or false`);
  return value;
}

function optionalObject(value: unknown, where: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) fail(`${where} is a ${typeName(value)}, not an object`);
  return value;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value;
}

function readFrom(value: unknown): WireFrom | undefined {
  const from = optionalObject(value, 'channel.from');
  if (!from) return undefined;
  return {
    nickname: optionalString(from.nickname, 'channel.from.nickname'),
    firstName: optionalString(from.firstName, 'channel.from.firstName'),
    lastName: optionalString(from.lastName, 'channel.from.lastName'),
    image: optionalString(from.image, 'channel.from.image', 4096),
  };
}

function readEvents(value: unknown): WireEvent[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`events is a ${typeName(value)}, not a list`);
  if (value.length > MAX_EVENTS) fail(`events has ${value.length} entries`);
  return value.map((item, index) => {
    if (!isObject(item)) fail(`events[${index}] is not an object`);
    const event: WireEvent = { eventType: requiredString(item.eventType, `events[${index}].eventType`) };
    const typing = optionalObject(item.typing, `events[${index}].typing`);
    if (typing) {
      event.typing = {
        type: requiredString(typing.type, `events[${index}].typing.type`),
        duration: optionalNumber(typing.duration, `events[${index}].typing.duration`),
      };
    }
    const presence = optionalObject(item.presence, `events[${index}].presence`);
    if (presence) event.presence = { type: requiredString(presence.type, `events[${index}].presence.type`) };
    return event;
  });
}

/** A message body as both the socket and the history resource give it. */
export function readWireMessage(value: unknown): WireMessage {
  if (!isObject(value)) fail(`the message is a ${typeName(value)}, not an object`);
  const direction = value.direction;
  if (direction !== 'Inbound' && direction !== 'Outbound') fail(`direction is ${JSON.stringify(direction)?.slice(0, 40)}, not Inbound or Outbound`);
  const channel = optionalObject(value.channel, 'channel');
  const time = optionalString(channel?.time, 'channel.time');
  if (time !== undefined && Number.isNaN(Date.parse(time))) fail(`channel.time "${time.slice(0, 40)}" is not a date`);
  const metadata: Record<string, string> = {};
  for (const [key, item] of Object.entries(optionalObject(value.metadata, 'metadata') ?? {})) {
    if (typeof item === 'string' && item.length <= MAX_SHORT_CHARS) metadata[key] = item;
  }
  if (value.content !== undefined && value.content !== null && !Array.isArray(value.content)) fail('content is not a list');
  return {
    id: requiredString(value.id, 'id'),
    type: requiredString(value.type, 'type'),
    direction,
    text: optionalString(value.text, 'text', MAX_TEXT_CHARS),
    channel: channel && { time, messageId: optionalString(channel.messageId, 'channel.messageId'), from: readFrom(channel.from) },
    originatingEntity: optionalString(value.originatingEntity, 'originatingEntity'),
    metadata,
    events: readEvents(value.events),
    content: Array.isArray(value.content) ? value.content : undefined,
  };
}

function readFrameBody(frameClass: string, code: number, body: unknown, tracingId: string | undefined): InboundFrame {
  switch (frameClass) {
    case 'StructuredMessage':
      if (tracingId === ECHO_TRACING_ID) return { kind: 'echo', tracingId };
      return { kind: 'message', tracingId, body: readWireMessage(body), raw: body };
    case 'SessionResponse': {
      if (!isObject(body)) fail('the SessionResponse body is not an object');
      const connected = optionalBoolean(body.connected, 'connected');
      if (connected === undefined) fail('connected is missing');
      return {
        kind: 'session',
        tracingId,
        body: {
          connected,
          newSession: optionalBoolean(body.newSession, 'newSession'),
          readOnly: optionalBoolean(body.readOnly, 'readOnly'),
          maxCustomDataBytes: optionalNumber(body.maxCustomDataBytes, 'maxCustomDataBytes'),
          allowedMedia: body.allowedMedia,
          blockedExtensions: body.blockedExtensions,
        },
      };
    }
    case 'JwtResponse': {
      if (!isObject(body)) fail('the JwtResponse body is not an object');
      return { kind: 'jwt', tracingId, jwt: requiredString(body.jwt, 'jwt', 16 * 1024), exp: optionalNumber(body.exp, 'exp') };
    }
    case 'TooManyRequestsErrorMessage': {
      const details = isObject(body) ? body : {};
      return {
        kind: 'tooManyRequests',
        tracingId,
        retryAfterSeconds: optionalNumber(details.retryAfter, 'retryAfter'),
        message: optionalString(details.errorMessage, 'errorMessage'),
      };
    }
    case 'PresignedUrlResponse':
    case 'UploadSuccessEvent':
    case 'UploadFailureEvent':
    case 'GenerateUrlError':
    case 'AttachmentDeletedResponse':
      return { kind: 'file', tracingId, class: frameClass, code, body };
    case 'string':
    case 'Error': {
      if (typeof body === 'string') return { kind: 'error', tracingId, code, message: body.slice(0, MAX_SHORT_CHARS) };
      const details = optionalObject(body, 'body') ?? {};
      const detailCode = optionalNumber(details.errorCode, 'errorCode');
      const message = optionalString(details.errorMessage ?? details.message, 'errorMessage') ?? '';
      return { kind: 'error', tracingId, code: detailCode ?? code, message };
    }
    case 'ConnectionClosedEvent':
      return { kind: 'connectionClosed', tracingId };
    case 'SessionExpiredEvent':
      return { kind: 'sessionExpired', tracingId };
    case 'LogoutEvent':
      return { kind: 'logout', tracingId };
    case 'SessionClearedEvent':
      return { kind: 'sessionCleared', tracingId };
    default:
      if (IGNORED_CLASSES.has(frameClass)) return { kind: 'ignored', tracingId };
      return fail(`the class "${frameClass.slice(0, 60)}" is not one the Guest API sends`);
  }
}

/** One frame as the socket gave it: a checked frame, or why it was dropped. */
export function readFrame(data: unknown): InboundFrame | { invalid: string } {
  try {
    if (typeof data !== 'string') fail('it is binary, not text');
    if (data.length > MAX_FRAME_CHARS) fail(`it is ${data.length} characters long`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      fail('it is not JSON');
    }
    if (!isObject(parsed)) fail(`it is a JSON ${typeName(parsed)}, not an object`);
    if (parsed.type !== 'response' && parsed.type !== 'message') fail(`type is ${JSON.stringify(parsed.type)?.slice(0, 40)}, not response or message`);
    const frameClass = requiredString(parsed.class, 'class');
    const code = parsed.code === undefined ? 200 : parsed.code;
    if (typeof code !== 'number' || !Number.isInteger(code)) fail(`code is a ${typeName(code)}, not a whole number`);
    const tracingId = optionalString(parsed.tracingId, 'tracingId');
    return readFrameBody(frameClass, code, parsed.body, tracingId);
  } catch (error) {
    if (error instanceof Invalid) return { invalid: error.message };
    throw error;
  }
}
