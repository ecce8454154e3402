// Control API additions for Web Messaging: find a session (and its conversation) by the guest's token,
// and the socket faults tests need. Agent actions need nothing new: a messaging conversation is a chat
// of the same domain, so /control/chats/{id}/accept, messages, typing and end work on it.
import type { WebMessagingConfig } from '../config.ts';
import { errors } from '../errors.ts';
import { isPlainObject, json, readJsonBody, type RequestContext, type Route } from '../http.ts';
import type { GuestSocket } from './guest-socket.ts';
import type { Session, SessionRegistry } from './sessions.ts';

export function sessionView(session: Session, config: WebMessagingConfig): Record<string, unknown> {
  return {
    sessionId: session.id,
    deploymentId: session.deployment.deployment.id,
    conversationId: session.conversationId ?? null,
    conversationIds: session.conversationIds,
    readOnly: session.readOnly,
    expired: session.expired,
    connections: session.connections.length,
    maxConnections: config.maxConnectionsPerSession,
    expiresAt: new Date(session.expiresAt).toISOString(),
    faults: { ...session.faults, ...session.uploadFaults },
  };
}

const count = (v: unknown, field: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw errors.badRequest(`${field} must be an integer >= 0.`);
  return v;
};

export function webMessagingControlRoutes(deps: {
  sessions: SessionRegistry;
  socket: GuestSocket;
  config: WebMessagingConfig;
  maxBodyBytes: number;
}): Route[] {
  const { sessions, socket, config } = deps;
  const find = (ctx: RequestContext): Session => {
    const deploymentId = ctx.url.searchParams.get('deploymentId');
    const found = sessions.byToken(ctx.params.token!).filter((s) => !deploymentId || s.deployment.deployment.id === deploymentId);
    if (!found[0]) throw errors.notFound(`No web messaging session uses token ${ctx.params.token}.`);
    return found[0];
  };
  const base = '/control/messaging/sessions/:token';
  return [
    { method: 'GET', path: base, handler: (ctx) => json(sessionView(find(ctx), config)) },
    { method: 'POST', path: `${base}/drop-sockets`, handler: (ctx) => json({ dropped: socket.drop(find(ctx)) }) },
    {
      method: 'POST',
      path: `${base}/expire`,
      handler: (ctx) => {
        const session = find(ctx);
        sessions.expireNow(session);
        return json(sessionView(session, config));
      },
    },
    {
      method: 'POST',
      path: `${base}/faults`,
      handler: async (ctx) => {
        const session = find(ctx);
        const body = (await readJsonBody(ctx, deps.maxBodyBytes)) ?? {};
        if (!isPlainObject(body)) throw errors.badRequest('Expected a JSON object.');
        const f = session.faults;
        if (body.rateLimited !== undefined) f.rateLimited = count(body.rateLimited, 'rateLimited');
        if (body.delayMs !== undefined) f.delayMs = count(body.delayMs, 'delayMs');
        if (body.delayCount !== undefined) f.delayCount = body.delayCount === null ? undefined : count(body.delayCount, 'delayCount');
        if (body.reorder !== undefined) f.reorderPairs = count(body.reorder, 'reorder');
        if (body.failUploads !== undefined) session.uploadFaults.failUploads = count(body.failUploads, 'failUploads');
        if (body.expireUploadUrls !== undefined) session.uploadFaults.expireUploadUrls = count(body.expireUploadUrls, 'expireUploadUrls');
        return json(sessionView(session, config));
      },
    },
  ];
}
