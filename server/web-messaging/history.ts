// The history REST Messenger calls after a restore: GET /api/v2/webmessaging/messages with the guest JWT
// from getJwt, newest first, paged, and rate limited per session (Genesys documents 10 per minute).
import { ApiError, errors } from '../errors.ts';
import { bearerToken, json, type Route } from '../http.ts';
import type { JwtSigner } from '../jwt.ts';
import type { MessagingConversations } from './conversations.ts';
import { baseOf } from './file-urls.ts';
import { WEB_MESSAGING_ISSUER } from './guest-socket.ts';
import type { SessionRegistry } from './sessions.ts';

export const HISTORY_PATH = '/api/v2/webmessaging/messages';
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

function positiveInt(raw: string | null, field: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw errors.invalidValue(field, raw);
  return n;
}

export function historyRoutes(deps: { signer: JwtSigner; sessions: SessionRegistry; conversations: MessagingConversations }): Route[] {
  const { signer, sessions, conversations } = deps;
  return [
    {
      method: 'GET',
      path: HISTORY_PATH,
      handler: (ctx) => {
        const token = bearerToken(ctx.req);
        if (token === undefined) throw errors.authRequired();
        const verified = token ? signer.verify(token, Date.now(), WEB_MESSAGING_ISSUER) : undefined;
        if (!verified?.ok) throw verified?.reason === 'expired' ? errors.credentialsExpired() : errors.badCredentials();
        const session = sessions.byId(verified.claims.data.sub);
        if (!session) throw errors.badCredentials();
        const pageSize = positiveInt(ctx.url.searchParams.get('pageSize'), 'pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        const pageNumber = positiveInt(ctx.url.searchParams.get('pageNumber'), 'pageNumber', 1);
        const retryAfter = sessions.takeHistorySlot(session);
        if (retryAfter !== undefined) {
          throw new ApiError(429, 'too.many.requests.retry.after', `Rate limit exceeded. Retry the request in [${retryAfter}] seconds`, {
            messageParams: { retryAfter: String(retryAfter) },
            headers: { 'Retry-After': String(retryAfter) },
            limit: { key: 'get.history.rate.per.minute', namespace: 'webmessaging', value: 0 },
          });
        }
        const all = conversations.history(session, baseOf(ctx.req.headers.host));
        const start = (pageNumber - 1) * pageSize;
        return json({
          entities: all.slice(start, start + pageSize),
          pageSize,
          pageNumber,
          total: all.length,
          pageCount: Math.ceil(all.length / pageSize),
        });
      },
    },
  ];
}
