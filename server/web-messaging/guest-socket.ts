// The guest WebSocket at /v1?deploymentId=<id>: reads each request frame, checks it field by field and
// answers as the Web Messaging Guest API does. A malformed frame gets an error frame, never a crash.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData } from 'ws';
import type { ChatService } from '../chat-service.ts';
import type { ServerConfig } from '../config.ts';
import { isPlainObject } from '../http.ts';
import { newId } from '../ids.ts';
import type { JwtSigner } from '../jwt.ts';
import { checkCustomAttributes, CUSTOM_ATTRIBUTES_MAX_BYTES } from '../messaging.ts';
import { contentText } from '../rich-content.ts';
import { allowedMedia, UploadRefused, type Attachments } from './attachments.ts';
import type { MessagingConversations } from './conversations.ts';
import { baseOf } from './file-urls.ts';
import { findMessengerDeployment, originAllowed } from './deployments.ts';
import {
  attachmentDeletedFrame,
  CODES,
  connectionClosedFrame,
  generateUrlErrorFrame,
  presignedUrlFrame,
  echoFrame,
  errorFrame,
  eventBody,
  jwtResponseFrame,
  sessionClearedFrame,
  sessionExpiredFrame,
  sessionResponseFrame,
  structuredMessage,
  tooManyRequestsFrame,
  type Frame,
} from './frames.ts';
import type { Outbox } from './outbox.ts';
import type { Connection, Session, SessionRegistry } from './sessions.ts';

export const SOCKET_PATH = '/v1';
export const WEB_MESSAGING_ISSUER = 'urn:purecloud:webmessaging';
/** The guest's token is its own string; Genesys accepts up to 2,048 characters. */
const MAX_TOKEN_LENGTH = 2048;
const MAX_TEXT_LENGTH = 4096;
/** Actions of the Guest API this emulator does not offer (authenticated sessions and the rest). */
const UNAVAILABLE_ACTIONS = new Set([
  'configureAuthenticatedSession',
  'getConfiguration',
  'resumeToken',
  'disconnectCustomer',
]);

type Request = Record<string, unknown> & { action: string };

/** A request that cannot be served: answered with a `class: "string"` error frame. */
class FrameError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: number, message: string) => new FrameError(code, message);

function optionalString(req: Record<string, unknown>, field: string): string | undefined {
  const v = req[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw fail(CODES.badRequest, `Request failed: ${field} must be a string.`);
  return v;
}

function requiredString(req: Record<string, unknown>, field: string): string {
  const v = optionalString(req, field);
  if (v === undefined || v === '') throw fail(CODES.missingParameter, `Missing parameter: ${field}.`);
  return v;
}

function optionalBoolean(req: Record<string, unknown>, field: string): boolean | undefined {
  const v = req[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw fail(CODES.badRequest, `Request failed: ${field} must be true or false.`);
  return v;
}

export interface GuestSocketDeps {
  config: ServerConfig;
  service: ChatService;
  sessions: SessionRegistry;
  outbox: Outbox;
  conversations: MessagingConversations;
  signer: JwtSigner;
  attachments: Attachments;
}

export class GuestSocket {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();

  constructor(private readonly deps: GuestSocketDeps) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.webMessaging.maxFrameBytes });
    deps.sessions.onExpired = (session) => deps.outbox.broadcast(session, sessionExpiredFrame());
  }

  /**
   * Completes the upgrade, or refuses it: without a deploymentId (400), or from an origin the deployment's
   * allowed domains leave out (403, which Messenger's clients treat as final and do not retry).
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, refuse: (status: number, code: string, message: string) => void): void {
    const deploymentId = url.searchParams.get('deploymentId');
    if (!deploymentId) {
      refuse(400, 'bad.request', 'The deploymentId query parameter is required.');
      return;
    }
    const deployment = findMessengerDeployment(this.deps.config, deploymentId);
    if (deployment && !originAllowed(deployment.messenger, req.headers.origin)) {
      refuse(403, 'not.authorized', 'This origin is not in the deployment\'s allowed domains.');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: Connection = { ws, deploymentId, base: baseOf(req.headers.host) };
      this.connections.add(connection);
      ws.on('message', (data, isBinary) => this.onFrame(connection, data, isBinary));
      const gone = () => {
        this.connections.delete(connection);
        this.detach(connection);
      };
      ws.on('close', gone);
      ws.on('error', gone);
    });
  }

  /** Fault injection: destroy every socket of the session without a close frame (clients see 1006). */
  drop(session: Session): number {
    const list = [...session.connections];
    for (const c of list) c.ws.terminate();
    return list.length;
  }

  close(): void {
    for (const c of this.connections) c.ws.terminate();
    this.connections.clear();
    this.wss.close();
  }

  private onFrame(connection: Connection, data: RawData, isBinary: boolean): void {
    let tracingId: string | undefined;
    try {
      if (isBinary) throw fail(CODES.badRequest, 'Request failed: frames are JSON text.');
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        throw fail(CODES.badRequest, 'Request failed: the frame is not valid JSON.');
      }
      if (!isPlainObject(parsed)) throw fail(CODES.badRequest, 'Request failed: a frame is a JSON object.');
      if (typeof parsed.tracingId === 'string') tracingId = parsed.tracingId;
      if (parsed.action === undefined) throw fail(CODES.missingParameter, 'Missing parameter: action.');
      if (typeof parsed.action !== 'string') throw fail(CODES.badRequest, 'Request failed: action must be a string.');
      this.dispatch(connection, parsed as Request, tracingId);
    } catch (err) {
      if (err instanceof FrameError || err instanceof UploadRefused) {
        this.deps.outbox.reply(connection, errorFrame(err.code, err.message, tracingId));
        return;
      }
      console.error('web messaging frame failed:', err);
      this.deps.outbox.reply(connection, errorFrame(CODES.unexpected, 'Unexpected error.', tracingId));
    }
  }

  private dispatch(connection: Connection, req: Request, tracingId: string | undefined): void {
    switch (req.action) {
      case 'configureSession':
        return this.configureSession(connection, req, tracingId);
      case 'onMessage':
        return this.onMessage(connection, this.session(connection, req), req, tracingId);
      case 'echo':
        return this.echo(connection, this.session(connection, req), req, tracingId);
      case 'getJwt':
        return this.getJwt(connection, this.session(connection, req), tracingId);
      case 'closeSession':
        return this.closeSession(connection, this.session(connection, req), req, tracingId);
      case 'onAttachment':
        return this.onAttachment(connection, this.session(connection, req), req, tracingId);
      case 'getAttachment':
        return this.getAttachment(connection, this.session(connection, req), req, tracingId);
      case 'deleteAttachment':
        return this.deleteAttachment(connection, this.session(connection, req), req, tracingId);
      default:
        if (UNAVAILABLE_ACTIONS.has(req.action)) {
          throw fail(CODES.featureUnavailable, `${req.action} is not available on this deployment.`);
        }
        throw fail(CODES.badRequest, `Request failed: unknown action ${JSON.stringify(req.action.slice(0, 64))}.`);
    }
  }

  /** Every request but configureSession needs a session configured on this connection with that token. */
  private session(connection: Connection, req: Request): Session {
    const token = optionalString(req, 'token');
    const session = connection.session;
    if (!session || (token !== undefined && token !== session.token)) {
      throw fail(CODES.sessionNotFound, 'Session not found: send configureSession with this token first.');
    }
    if (session.expired) throw fail(CODES.sessionExpired, 'Session has expired.');
    return session;
  }

  private configureSession(connection: Connection, req: Request, tracingId: string | undefined): void {
    const { sessions, outbox, conversations, config } = this.deps;
    const deploymentId = requiredString(req, 'deploymentId');
    const token = requiredString(req, 'token');
    if (token.length > MAX_TOKEN_LENGTH) throw fail(CODES.badRequest, `Request failed: token is longer than ${MAX_TOKEN_LENGTH} characters.`);
    const startNew = optionalBoolean(req, 'startNew') ?? false;
    if (req.journeyContext !== undefined && !isPlainObject(req.journeyContext)) {
      throw fail(CODES.badRequest, 'Request failed: journeyContext must be an object.');
    }
    if (deploymentId !== connection.deploymentId) {
      throw fail(CODES.badRequest, 'Request failed: deploymentId differs from the one the socket was opened with.');
    }
    const deployment = findMessengerDeployment(config, deploymentId);
    if (!deployment) throw fail(CODES.notFound, 'Deployment not found.');
    if (deployment.messenger.status !== 'Active') throw fail(CODES.forbidden, 'Deployment is inactive.');

    let session = sessions.get(deploymentId, token);
    let newSession = false;
    if (!session) {
      session = sessions.create(deployment, token);
      newSession = true;
    } else if (startNew) {
      // A brand-new conversation on the same token; the open one (if any) sees the customer leave.
      conversations.leave(session);
      sessions.restart(session);
      newSession = true;
    } else if (session.expired) {
      throw fail(CODES.sessionExpired, 'Session has expired: configure it with startNew to begin again.');
    }
    session.journeyContext = req.journeyContext;
    session.base = connection.base;
    this.attach(connection, session);
    const media = allowedMedia(deployment.messenger.fileUpload);
    outbox.reply(
      connection,
      sessionResponseFrame({ connected: true, newSession, readOnly: session.readOnly, ...sessions.times(session), ...media }, tracingId),
    );
  }

  private attach(connection: Connection, session: Session): void {
    if (connection.session === session) return;
    this.detach(connection);
    connection.session = session;
    session.connections.push(connection);
    const max = this.deps.config.webMessaging.maxConnectionsPerSession;
    while (session.connections.length > max) {
      const oldest = session.connections[0]!;
      this.closeConnection(oldest, 'Too many connections for this session');
    }
  }

  private detach(connection: Connection): void {
    const session = connection.session;
    if (!session) return;
    session.connections = session.connections.filter((c) => c !== connection);
    connection.session = undefined;
  }

  /** The server closes a connection: ConnectionClosedEvent first, so the client knows not to reconnect. */
  private closeConnection(connection: Connection, reason: string): void {
    this.deps.outbox.reply(connection, connectionClosedFrame());
    this.detach(connection);
    connection.ws.close(1000, reason);
  }

  private onMessage(connection: Connection, session: Session, req: Request, tracingId: string | undefined): void {
    const message = req.message;
    if (message === undefined) throw fail(CODES.missingParameter, 'Missing parameter: message.');
    if (!isPlainObject(message)) throw fail(CODES.badRequest, 'Request failed: message must be an object.');
    // Custom attributes count only inside the message: the top-level `channel` is the retired location,
    // which Genesys announced it ignores.
    const attributes = this.customAttributes(message);
    switch (message.type) {
      case 'Text':
      case 'Structured':
        return this.guestText(connection, session, message, attributes, tracingId);
      case 'Event':
        return this.guestEvents(connection, session, message, attributes, tracingId);
      default:
        throw fail(CODES.badRequest, 'Request failed: message.type must be Text, Structured or Event.');
    }
  }

  private customAttributes(message: Record<string, unknown>): Record<string, string> {
    const channel = message.channel;
    if (channel === undefined) return {};
    if (!isPlainObject(channel)) throw fail(CODES.badRequest, 'Request failed: message.channel must be an object.');
    const metadata = channel.metadata;
    if (metadata === undefined) return {};
    if (!isPlainObject(metadata)) throw fail(CODES.badRequest, 'Request failed: message.channel.metadata must be an object.');
    if (metadata.customAttributes === undefined) return {};
    const check = checkCustomAttributes(metadata.customAttributes);
    if (check.ok) return check.attributes;
    if (check.reason === 'size') {
      throw fail(CODES.customAttributesTooLarge, `Custom Attributes in channel metadata is larger than ${CUSTOM_ATTRIBUTES_MAX_BYTES} bytes`);
    }
    throw fail(CODES.badRequest, 'Request failed: customAttributes must map strings to strings.');
  }

  private guestText(
    connection: Connection,
    session: Session,
    message: Record<string, unknown>,
    attributes: Record<string, string>,
    tracingId: string | undefined,
  ): void {
    const { sessions, outbox, conversations, service, attachments } = this.deps;
    const text = optionalString(message, 'text') ?? '';
    const raw = message.content;
    if (raw !== undefined && !Array.isArray(raw)) throw fail(CODES.badRequest, 'Request failed: message.content must be an array.');
    const length = [...text].length;
    if (length > MAX_TEXT_LENGTH) throw fail(CODES.messageTooLong, `Message length ${length} is larger than ${MAX_TEXT_LENGTH}`);
    // Attachments must be this session's and uploaded; button responses (quick replies, cards, pickers) pass.
    const content = Array.isArray(raw) ? attachments.guestContent(session, raw) : [];
    // A quick-reply answer carries its text in the button response; a file alone is named by its file name.
    const body = text || contentText(content);
    if (!body.trim()) throw fail(CODES.badRequest, 'Request failed: the message has no text.');
    if (session.readOnly) throw fail(CODES.conflict, 'Conversation is read-only: start a new session to send messages.');
    if (session.faults.rateLimited > 0) {
      session.faults.rateLimited--;
      outbox.reply(connection, tooManyRequestsFrame(1, tracingId));
      return;
    }
    const retryAfter = sessions.takeMessageSlot(session);
    if (retryAfter !== undefined) {
      outbox.reply(connection, tooManyRequestsFrame(retryAfter, tracingId));
      return;
    }
    let conv = conversations.active(session);
    if (conv) conversations.mergeAttributes(conv, attributes);
    else conv = conversations.start(session, attributes, session.journeyContext);
    const stored = service.sendMessage(conv, conv.customer, body, 'standard', content);
    if (body !== text) stored.wireText = text;
    sessions.touch(session);
    outbox.broadcast(session, structuredMessage(conversations.body(conv, stored, session.base), tracingId));
  }

  private guestEvents(
    connection: Connection,
    session: Session,
    message: Record<string, unknown>,
    attributes: Record<string, string>,
    tracingId: string | undefined,
  ): void {
    const events = message.events;
    if (!Array.isArray(events) || events.length === 0) throw fail(CODES.missingParameter, 'Missing parameter: message.events.');
    for (const event of events) {
      if (!isPlainObject(event)) throw fail(CODES.badRequest, 'Request failed: each event is an object.');
      if (event.eventType === 'Typing') {
        this.guestTyping(session);
      } else if (event.eventType === 'Presence' && isPlainObject(event.presence) && event.presence.type === 'Join') {
        this.guestJoin(session, attributes, tracingId);
      } else if (event.eventType === 'Presence' && isPlainObject(event.presence) && event.presence.type === 'Clear') {
        this.guestClear(session);
        return;
      } else {
        throw fail(CODES.badRequest, 'Request failed: supported events are Typing On and Presence Join or Clear.');
      }
    }
  }

  /** The agent side sees the customer typing; the guest's own sockets get nothing back. */
  private guestTyping(session: Session): void {
    const conv = this.deps.conversations.active(session);
    if (conv && conv.customer.state === 'CONNECTED') this.deps.service.typing(conv, conv.customer);
  }

  /** Messenger's autoStart: a Join starts the conversation (and may carry the pre-chat attributes). */
  private guestJoin(session: Session, attributes: Record<string, string>, tracingId: string | undefined): void {
    const { conversations, outbox } = this.deps;
    if (session.readOnly) throw fail(CODES.conflict, 'Conversation is read-only: start a new session to join.');
    const conv = conversations.active(session);
    if (conv) conversations.mergeAttributes(conv, attributes);
    else if (session.deployment.messenger.autoStart) conversations.start(session, attributes, session.journeyContext);
    else Object.assign(session.pendingAttributes, attributes);
    const join = { eventType: 'Presence' as const, presence: { type: 'Join' } };
    outbox.broadcast(session, structuredMessage(eventBody(newId(), 'Inbound', [join]), tracingId));
  }

  /** Presence Clear (when the deployment allows it): the conversation is left and the session forgotten. */
  private guestClear(session: Session): void {
    if (!session.deployment.messenger.conversationClear) {
      throw fail(CODES.forbidden, 'Conversation Clear is not enabled for this deployment.');
    }
    const { conversations, outbox, sessions } = this.deps;
    conversations.leave(session);
    outbox.broadcast(session, sessionClearedFrame());
    for (const c of [...session.connections]) this.closeConnection(c, 'Session cleared');
    sessions.remove(session);
  }

  private echo(connection: Connection, session: Session, req: Request, tracingId: string | undefined): void {
    const message = isPlainObject(req.message) ? req.message : {};
    const text = typeof message.text === 'string' ? message.text : 'ping';
    this.deps.outbox.reply(connection, echoFrame(text, this.deps.sessions.times(session), tracingId));
  }

  /** The JWT for the history REST: it names the session (never the token) and the deployment. */
  private getJwt(connection: Connection, session: Session, tracingId: string | undefined): void {
    const { signer, config } = this.deps;
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + config.jwtTtlSeconds;
    const jwt = signer.signClaims({
      data: { conv: session.conversationId ?? '', did: session.deployment.deployment.id, sub: session.id },
      exp,
      iat,
      iss: WEB_MESSAGING_ISSUER,
      org: config.organizationId,
    });
    this.deps.outbox.reply(connection, jwtResponseFrame(jwt, exp, tracingId));
  }

  /**
   * onAttachment: a presigned upload URL, or GenerateUrlError naming what the deployment refuses (type,
   * size, name, empty file). A deployment without attachments answers 4000 like any unavailable feature.
   */
  private onAttachment(connection: Connection, session: Session, req: Request, tracingId: string | undefined): void {
    const { attachments, outbox } = this.deps;
    if (!session.deployment.messenger.fileUpload?.enableAttachments) throw fail(CODES.featureUnavailable, 'onAttachment is not available on this deployment.');
    const attachmentId = optionalString(req, 'attachmentId');
    const fileName = requiredString(req, 'fileName');
    const fileType = requiredString(req, 'fileType').toLowerCase();
    const fileSize = req.fileSize;
    if (typeof fileSize !== 'number' || !Number.isInteger(fileSize) || fileSize < 0) throw fail(CODES.missingParameter, 'Missing parameter: fileSize.');
    try {
      const { file, url } = attachments.presign(session, { attachmentId, fileName, fileType, fileSize }, connection.base);
      const body = { attachmentId: file.id, headers: { ...file.uploadHeaders }, url, fileName: file.fileName, fileSize: file.size, fileType: file.mime };
      outbox.reply(connection, presignedUrlFrame(body, tracingId));
    } catch (err) {
      if (!(err instanceof UploadRefused)) throw err;
      outbox.reply(connection, generateUrlErrorFrame(attachmentId ?? '', err.code, err.message, tracingId));
    }
  }

  /** getAttachment: a fresh download URL (empty headers) for a file of this session's conversations. */
  private getAttachment(connection: Connection, session: Session, req: Request, tracingId: string | undefined): void {
    const { attachments, outbox } = this.deps;
    const id = requiredString(req, 'attachmentId');
    const file = attachments.visible(session, id);
    if (!file) throw fail(CODES.attachmentNotFound, `Attachment ${id} not found.`);
    if (file.state !== 'uploaded') throw fail(CODES.attachmentNotUploaded, `Attachment ${id} was not successfully uploaded.`);
    const url = attachments.downloadUrl(connection.base, file);
    outbox.reply(connection, presignedUrlFrame({ attachmentId: id, headers: {}, url, fileName: file.fileName, fileSize: file.size, fileType: file.mime }, tracingId));
  }

  /** deleteAttachment: the guest changed its mind before sending; a file already sent stays in the transcript. */
  private deleteAttachment(connection: Connection, session: Session, req: Request, tracingId: string | undefined): void {
    const { attachments, outbox } = this.deps;
    const id = requiredString(req, 'attachmentId');
    const file = attachments.store.get(id);
    if (!file || file.sessionId !== session.id) throw fail(CODES.attachmentNotFound, `Attachment ${id} not found.`);
    const sent = session.conversationIds.some((cid) => this.deps.service.store.get(cid)?.messages.some((m) => m.content?.some((c) => (c as { attachment?: { id?: string } }).attachment?.id === id)));
    if (!sent) attachments.store.delete(id);
    outbox.reply(connection, attachmentDeletedFrame(id, tracingId));
  }

  /** closeSession: the caller gets connected:false; with closeAllConnections the others are closed too. */
  private closeSession(connection: Connection, session: Session, req: Request, tracingId: string | undefined): void {
    const all = optionalBoolean(req, 'closeAllConnections') ?? false;
    const reply: Frame = sessionResponseFrame({ connected: false, newSession: false, readOnly: session.readOnly }, tracingId);
    this.deps.outbox.reply(connection, reply);
    this.detach(connection);
    if (all) for (const c of [...session.connections]) this.closeConnection(c, 'Session closed');
  }
}
