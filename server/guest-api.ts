// Guest Chat API v2 (/api/v2/webchat/guest): the REST half of the purecloud-v2-sockets protocol.
import type { ChatService } from './chat-service.ts';
import type { ServerConfig } from './config.ts';
import { ApiError, errors } from './errors.ts';
import { json, noContent, isPlainObject, readJsonBody, bearerToken, type RequestContext, type Route } from './http.ts';
import { isUuid } from './ids.ts';
import type { JwtSigner } from './jwt.ts';
import { clientKey, type RateLimiter } from './rate-limit.ts';
import { STREAM_PATH_PREFIX } from './event-stream.ts';
import { GUEST_BODY_TYPES, type BodyType, type Conversation, type Member, type Message, type RoutingTarget, type Store } from './store.ts';

export const GUEST_BASE = '/api/v2/webchat/guest';
export const MAX_BODY_LENGTH = 4000;
const MAX_PAGE = 100;

export interface GuestApiDeps {
  config: ServerConfig;
  store: Store;
  service: ChatService;
  signer: JwtSigner;
  rateLimiter: RateLimiter;
  /** Counts conversation creates per client. */
  createLimiter: RateLimiter;
}

/** What one visitor may make the server keep: enough for any real form, bounded for a hostile one. */
export const FIELD_LIMITS = { customFields: 100, keyLength: 200, valueLength: 8_000, memberText: 1_000 } as const;

// ---- serialisers (shapes from the swagger and the captured responses) ----

export function memberInfo(m: Member): Record<string, unknown> {
  const out: Record<string, unknown> = { id: m.id, displayName: m.displayName };
  if (m.firstName !== undefined) out.firstName = m.firstName;
  if (m.lastName !== undefined) out.lastName = m.lastName;
  if (m.email !== undefined) out.email = m.email;
  if (m.phoneNumber !== undefined) out.phoneNumber = m.phoneNumber;
  if (m.avatarImageUrl !== undefined) out.avatarImageUrl = m.avatarImageUrl;
  out.role = m.role;
  out.joinDate = m.joinDate;
  if (m.leaveDate) out.leaveDate = m.leaveDate;
  out.authenticatedGuest = m.authenticatedGuest;
  if (m.customFields) out.customFields = m.customFields;
  out.state = m.state;
  return out;
}

export function webChatMessage(message: Message): Record<string, unknown> {
  const cid = message.conversationId;
  return {
    id: message.id,
    conversation: { id: cid, selfUri: `/api/v2/conversations/${cid}` },
    sender: { id: message.senderId },
    body: message.body,
    bodyType: message.bodyType,
    timestamp: message.timestamp,
    selfUri: `${GUEST_BASE}/conversations/${cid}/messages/${message.id}`,
  };
}

// ---- validation helpers ----

const bad = (code: string, message: string, messageParams?: Record<string, string>) =>
  new ApiError(400, code, message, { messageParams });

function stringOrUndefined(value: unknown, name = 'value'): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length > FIELD_LIMITS.memberText) {
    throw bad('chat.error.bad.request', `memberInfo.${name} is limited to ${FIELD_LIMITS.memberText} characters.`);
  }
  return value;
}

/** customFields is map<string,string>; widgets send booleans (checkboxes) and numbers, so coerce. */
function coerceCustomFields(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw bad('chat.error.bad.request', 'memberInfo.customFields must be an object of string values.');
  }
  const entries = Object.entries(value);
  if (entries.length > FIELD_LIMITS.customFields) {
    throw bad('chat.error.bad.request', `memberInfo.customFields may hold at most ${FIELD_LIMITS.customFields} fields.`);
  }
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (v === undefined || v === null) continue;
    const text = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (key.length > FIELD_LIMITS.keyLength || text.length > FIELD_LIMITS.valueLength) {
      throw bad(
        'chat.error.bad.request',
        `memberInfo.customFields names are limited to ${FIELD_LIMITS.keyLength} characters and values to ${FIELD_LIMITS.valueLength}.`,
      );
    }
    out[key] = text;
  }
  return out;
}

const JOURNEY = 'chat.error.notnull.createconversationrequest.journeycontext';

function validateJourneyContext(value: unknown): void {
  if (value === undefined || value === null) return;
  const notNull = (suffix: string) => bad(`${JOURNEY}.${suffix}`, `journeyContext.${suffix} may not be null.`);
  if (!isPlainObject(value)) throw bad('chat.error.bad.request', 'journeyContext must be an object.');
  const customer = value.customer;
  if (!isPlainObject(customer)) throw bad(`${JOURNEY}.customer`, 'journeyContext.customer may not be null.');
  if (!customer.id) throw notNull('customer.customerid');
  if (!customer.idType) throw notNull('customer.customeridtype');
  const session = value.customerSession;
  if (session !== undefined && session !== null) {
    if (!isPlainObject(session) || !session.id) throw notNull('customersession.sessionid');
    if (!session.type) throw notNull('customersession.sessionidtype');
  }
  const action = value.triggeringAction;
  if (action !== undefined && action !== null) {
    if (!isPlainObject(action) || !action.id) throw notNull('triggeringaction.actionid');
    const map = action.actionMap;
    if (!isPlainObject(map) || !map.id) throw notNull('triggeringaction.actionmapid');
    if (typeof map.version !== 'number') throw notNull('triggeringaction.actionmapversion');
  }
}

function parseIntParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw errors.invalidValue(name, raw, `${name} must be an integer between ${min} and ${max}.`);
  const n = Number(raw);
  if (n < min || n > max) throw errors.invalidValue(name, raw, `${name} must be an integer between ${min} and ${max}.`);
  return n;
}

// ---- the API ----

export function guestRoutes(deps: GuestApiDeps): Route[] {
  const { config, store, service, signer, rateLimiter, createLimiter } = deps;

  /** Bearer JWT → the conversation it is scoped to (and the member it speaks for). */
  function authenticate(ctx: RequestContext): { conv: Conversation; self: Member } {
    const token = bearerToken(ctx.req);
    if (token === undefined) throw errors.authRequired();
    if (token === null) throw errors.badCredentials();
    const result = signer.verify(token);
    if (!result.ok) throw result.reason === 'expired' ? errors.credentialsExpired() : errors.badCredentials();
    const { conv: convId, sub } = result.claims.data;
    if (convId !== ctx.params.conversationId) {
      throw errors.notAuthorized('The supplied token is not valid for this conversation.');
    }
    const conv = store.get(convId);
    if (!conv) throw errors.chatNotFound('conversation');
    const self = store.member(conv, sub);
    if (!self) throw errors.chatNotFound('member');
    rateLimiter.hit(conv.id);
    return { conv, self };
  }

  /** Operations that act as a member (send, typing, leave) only work for the token's own member. */
  function authenticateAsMember(ctx: RequestContext): { conv: Conversation; self: Member } {
    const auth = authenticate(ctx);
    if (ctx.params.memberId !== auth.self.id) {
      if (!store.member(auth.conv, ctx.params.memberId!)) throw errors.chatNotFound('member');
      throw errors.notAuthorized('The supplied token may only act as its own member.');
    }
    return auth;
  }

  async function createConversation(ctx: RequestContext) {
    createLimiter.hit(clientKey(ctx.req));
    const body = await readJsonBody(ctx, config.maxBodyBytes);
    if (body === undefined) throw errors.badRequest('The request body is required.');
    if (!isPlainObject(body)) throw errors.badRequest('The request body must be a JSON object.');

    // Not-null checks first, as the real validation layer does.
    if (body.organizationId === undefined || body.organizationId === null || body.organizationId === '') {
      throw bad('chat.error.notnull.createconversationrequest.organizationid', 'organizationId may not be null.');
    }
    if (body.deploymentId === undefined || body.deploymentId === null || body.deploymentId === '') {
      throw bad('chat.error.notnull.createconversationrequest.deploymentid', 'deploymentId may not be null.');
    }
    if (!isUuid(body.deploymentId)) {
      throw bad('chat.error.pattern.createconversationrequest.deploymentid', 'deploymentId must be a valid UUID.', {
        deploymentId: String(body.deploymentId),
      });
    }
    const target = body.routingTarget;
    if (target === undefined || target === null) {
      throw bad('chat.error.notnull.createconversationrequest.routingtarget', 'routingTarget may not be null.');
    }
    const info = body.memberInfo;
    const displayName = isPlainObject(info) ? info.displayName : undefined;
    if (typeof displayName === 'string') stringOrUndefined(displayName, 'displayName');
    if (typeof displayName !== 'string' || displayName.trim() === '') {
      throw bad(
        'chat.error.notnull.createconversationrequest.memberinfo.displayname',
        'memberInfo.displayName may not be null.',
      );
    }
    validateJourneyContext(body.journeyContext);

    if (body.organizationId !== config.organizationId) {
      throw bad('chat.error.bad.request', `The organization [${String(body.organizationId)}] was not found.`, {
        organizationId: String(body.organizationId),
      });
    }
    const deployment = config.deployments.find((d) => d.id.toLowerCase() === String(body.deploymentId).toLowerCase());
    if (!deployment) {
      throw bad('chat.error.bad.request', `The deployment [${body.deploymentId}] was not found.`, {
        deploymentId: body.deploymentId,
      });
    }
    if (!deployment.enabled) {
      throw bad('chat.deployment.disabled', 'The web chat deployment is disabled.', { deploymentId: deployment.id });
    }
    let authenticatedGuest = false;
    if (deployment.requireAuth) {
      const token = body.memberAuthToken;
      if (token === undefined || token === null || token === '') {
        throw bad('chat.deployment.require.auth', 'The web chat deployment requires an authenticated member (memberAuthToken).');
      }
      if (typeof token !== 'string' || token.split('.').length !== 3) {
        throw bad('chat.deployment.bad.auth', 'The memberAuthToken is not a valid signed token.');
      }
      authenticatedGuest = true;
    }

    const invalidTarget = () => bad('chat.error.createconversationrequest.routingtarget', 'The routing target is not valid.');
    if (!isPlainObject(target)) throw invalidTarget();
    // Real clients send targetType "queue" in lower case; accept any case.
    if (typeof target.targetType !== 'string' || target.targetType.toUpperCase() !== 'QUEUE') throw invalidTarget();
    if (typeof target.targetAddress !== 'string' || target.targetAddress.trim() === '') throw invalidTarget();
    if (target.priority !== undefined && target.priority !== null && !Number.isInteger(target.priority)) throw invalidTarget();
    if (target.skills !== undefined && target.skills !== null &&
        (!Array.isArray(target.skills) || target.skills.some((s) => typeof s !== 'string'))) {
      throw invalidTarget();
    }
    const address = target.targetAddress.trim();
    const queue =
      config.queues.find((q) => q.name === address || q.id === address) ??
      config.queues.find((q) => q.name.toLowerCase() === address.toLowerCase());
    if (!queue) {
      throw bad('chat.error.invalid.queue', `The queue [${address}] is not valid.`, { queue: address });
    }

    const memberInfoIn = info as Record<string, unknown>;
    const customFields = coerceCustomFields(memberInfoIn.customFields);
    service.makeRoom();
    const routingTarget: RoutingTarget = { targetType: 'QUEUE', targetAddress: queue.name };
    if (Array.isArray(target.skills)) routingTarget.skills = target.skills as string[];
    if (typeof target.language === 'string') routingTarget.language = target.language;
    if (typeof target.priority === 'number') routingTarget.priority = target.priority;

    // Unknown memberInfo keys (the Genesys widget sends role: "CUSTOMER") are accepted and ignored.
    const conv = store.create({
      organizationId: config.organizationId,
      deployment,
      queue,
      routingTarget,
      journeyContext: body.journeyContext ?? undefined,
      customer: {
        displayName: displayName.trim(),
        firstName: stringOrUndefined(memberInfoIn.firstName, 'firstName'),
        lastName: stringOrUndefined(memberInfoIn.lastName, 'lastName'),
        email: stringOrUndefined(memberInfoIn.email, 'email'),
        phoneNumber: stringOrUndefined(memberInfoIn.phoneNumber, 'phoneNumber'),
        avatarImageUrl:
          stringOrUndefined(memberInfoIn.avatarImageUrl, 'avatarImageUrl') ?? stringOrUndefined(memberInfoIn.profileImageUrl, 'profileImageUrl'),
        customFields,
        authenticatedGuest,
      },
    });
    // Participant attributes as Genesys Cloud stores them for a v2 chat.
    const attributes = conv.customer.attributes;
    for (const [key, value] of Object.entries(conv.customer.customFields ?? {})) attributes[`context.${key}`] = value;
    attributes['context.genesys.legacyRoutingTargetQueueAddress'] = queue.name;

    const jwt = signer.sign(
      { conversationId: conv.id, deploymentId: deployment.id, memberId: conv.customer.id, organizationId: config.organizationId },
      config.jwtTtlSeconds,
    );
    // The stream URL names the host the page used, so 127.0.0.1 and localhost both work.
    const host = ctx.req.headers.host ?? `${ctx.url.host}`;
    service.announceCreated(conv);
    return json({
      id: conv.id,
      jwt,
      eventStreamUri: `ws://${host}${STREAM_PATH_PREFIX}${jwt}`,
      // The captured create response carries only the member id.
      member: { id: conv.customer.id },
    });
  }

  async function postMessage(ctx: RequestContext) {
    const { conv, self } = authenticateAsMember(ctx);
    const body = await readJsonBody(ctx, config.maxBodyBytes);
    if (body === undefined) throw errors.badRequest('The request body is required.');
    if (!isPlainObject(body)) throw errors.badRequest('The request body must be a JSON object.');
    if (body.body === undefined || body.body === null || body.body === '') {
      throw bad('chat.error.notnull.createconversationmessagerequest.body', 'body may not be null.');
    }
    if (typeof body.body !== 'string') throw errors.badRequest('body must be a string.');
    if (body.body.length > MAX_BODY_LENGTH) {
      throw bad('chat.error.bad.request', `The message body is limited to 4,000 characters (got ${body.body.length}).`, {
        maxLength: String(MAX_BODY_LENGTH),
        length: String(body.body.length),
      });
    }
    let bodyType: BodyType = 'standard';
    if (body.bodyType !== undefined && body.bodyType !== null) {
      if (typeof body.bodyType !== 'string' || !GUEST_BODY_TYPES.includes(body.bodyType as BodyType)) {
        throw errors.invalidValue('bodyType', String(body.bodyType), `bodyType must be one of ${GUEST_BODY_TYPES.join(', ')}.`);
      }
      bodyType = body.bodyType as BodyType;
    }
    const message = service.sendMessage(conv, self, body.body, bodyType);
    return json(webChatMessage(message));
  }

  function postTyping(ctx: RequestContext) {
    const { conv, self } = authenticateAsMember(ctx);
    const typing = service.typing(conv, self);
    return json({
      id: typing.id,
      conversation: { id: conv.id, selfUri: `/api/v2/conversations/${conv.id}` },
      sender: { id: self.id },
      timestamp: typing.timestamp,
    });
  }

  function listMessages(ctx: RequestContext) {
    const { conv } = authenticate(ctx);
    const { url } = ctx;
    const maxResults = parseIntParam(url, 'maxResults', MAX_PAGE, 1, MAX_PAGE);
    const sortRaw = url.searchParams.get('sortOrder') || 'ascending';
    const sortOrder = sortRaw.toLowerCase();
    if (sortOrder !== 'ascending' && sortOrder !== 'descending') {
      throw errors.invalidValue('sortOrder', sortRaw, 'sortOrder must be ascending or descending.');
    }
    const anchor = (name: 'after' | 'before'): number | undefined => {
      const id = url.searchParams.get(name);
      if (!id) return undefined;
      const index = conv.messageIndex.get(id);
      if (index === undefined) throw errors.invalidValue(name, id, `${name} must be the id of a message in this conversation.`);
      return index;
    };
    const after = anchor('after');
    const before = anchor('before');
    const lo = after === undefined ? 0 : after + 1; // inclusive
    const hi = before === undefined ? conv.messages.length : before; // exclusive
    // Take the slice nearest the anchor; without one, descending means "the newest", ascending "the oldest".
    const forward = after !== undefined || (before === undefined && sortOrder === 'ascending');
    let start: number;
    let end: number;
    if (hi <= lo) {
      start = end = lo;
    } else if (forward) {
      start = lo;
      end = Math.min(hi, lo + maxResults);
    } else {
      end = hi;
      start = Math.max(lo, hi - maxResults);
    }
    const page = conv.messages.slice(start, end);
    if (sortOrder === 'descending') page.reverse();

    const base = `${GUEST_BASE}/conversations/${conv.id}/messages`;
    const link = (param: 'after' | 'before', id: string) =>
      `${base}?${param}=${encodeURIComponent(id)}&sortOrder=${sortOrder}&maxResults=${maxResults}`;
    const result: Record<string, unknown> = {
      pageSize: maxResults,
      entities: page.map(webChatMessage),
    };
    const oldest = conv.messages[start];
    const newest = conv.messages[end - 1];
    if (end > start) {
      // next continues in the direction of travel, previousPage goes back the other way.
      const newerExists = end < hi;
      const olderExists = start > lo;
      if (forward) {
        if (newerExists) result.next = link('after', newest!.id);
        if (start > 0) result.previousPage = link('before', oldest!.id);
      } else {
        if (olderExists) result.next = link('before', oldest!.id);
        if (end < conv.messages.length) result.previousPage = link('after', newest!.id);
      }
    }
    result.selfUri = `${base}${url.search}`;
    return json(result);
  }

  function getMessage(ctx: RequestContext) {
    const { conv } = authenticate(ctx);
    const index = conv.messageIndex.get(ctx.params.messageId!);
    if (index === undefined) throw errors.chatNotFound('message');
    return json(webChatMessage(conv.messages[index]!));
  }

  function listMembers(ctx: RequestContext) {
    const { conv } = authenticate(ctx);
    const { url } = ctx;
    const pageSize = parseIntParam(url, 'pageSize', 25, 1, MAX_PAGE);
    const pageNumber = parseIntParam(url, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
    const excludeRaw = url.searchParams.get('excludeDisconnectedMembers');
    let exclude = false;
    if (excludeRaw !== null && excludeRaw !== '') {
      if (!/^(true|false)$/i.test(excludeRaw)) {
        throw errors.invalidValue('excludeDisconnectedMembers', excludeRaw, 'excludeDisconnectedMembers must be true or false.');
      }
      exclude = excludeRaw.toLowerCase() === 'true';
    }
    const all = exclude ? conv.members.filter((m) => m.state !== 'DISCONNECTED') : conv.members;
    const total = all.length;
    const pageCount = Math.ceil(total / pageSize);
    const entities = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(memberInfo);
    const uri = (n: number) =>
      `${GUEST_BASE}/conversations/${conv.id}/members?pageSize=${pageSize}&pageNumber=${n}` +
      (exclude ? '&excludeDisconnectedMembers=true' : '');
    const result: Record<string, unknown> = {
      entities,
      pageSize,
      pageNumber,
      total,
      firstUri: uri(1),
      selfUri: uri(pageNumber),
      lastUri: uri(Math.max(1, pageCount)),
    };
    if (pageNumber > 1) result.previousUri = uri(Math.min(pageNumber - 1, Math.max(1, pageCount)));
    if (pageNumber < pageCount) result.nextUri = uri(pageNumber + 1);
    result.pageCount = pageCount;
    return json(result);
  }

  function getMember(ctx: RequestContext) {
    const { conv } = authenticate(ctx);
    const member = store.member(conv, ctx.params.memberId!);
    if (!member) throw errors.chatNotFound('member');
    return json(memberInfo(member));
  }

  function deleteMember(ctx: RequestContext) {
    const { conv } = authenticateAsMember(ctx);
    service.leaveByCustomer(conv);
    return noContent(204);
  }

  // Co-browse / screen-share offers never happen here: the list is empty and every id is unknown.
  function listMediaRequests(ctx: RequestContext) {
    authenticate(ctx);
    return json({ entities: [] });
  }
  async function mediaRequestNotFound(ctx: RequestContext): Promise<never> {
    authenticate(ctx);
    if (ctx.method === 'PATCH') await readJsonBody(ctx, config.maxBodyBytes);
    throw errors.chatNotFound('media request');
  }

  const c = `${GUEST_BASE}/conversations/:conversationId`;
  return [
    { method: 'POST', path: `${GUEST_BASE}/conversations`, handler: createConversation },
    { method: 'POST', path: `${c}/members/:memberId/messages`, handler: postMessage },
    { method: 'POST', path: `${c}/members/:memberId/typing`, handler: postTyping },
    { method: 'GET', path: `${c}/messages`, handler: listMessages },
    { method: 'GET', path: `${c}/messages/:messageId`, handler: getMessage },
    { method: 'GET', path: `${c}/members`, handler: listMembers },
    { method: 'GET', path: `${c}/members/:memberId`, handler: getMember },
    { method: 'DELETE', path: `${c}/members/:memberId`, handler: deleteMember },
    { method: 'GET', path: `${c}/mediarequests`, handler: listMediaRequests },
    { method: 'GET', path: `${c}/mediarequests/:mediaRequestId`, handler: mediaRequestNotFound },
    { method: 'PATCH', path: `${c}/mediarequests/:mediaRequestId`, handler: mediaRequestNotFound },
  ];
}
