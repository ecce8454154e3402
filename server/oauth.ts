// OAuth client credentials (POST /oauth/token) and bearer checks for the platform APIs.
import { randomBytes } from 'node:crypto';
import type { OAuthClientConfig, ServerConfig } from './config.ts';
import { ApiError, errors } from './errors.ts';
import { bearerToken, json, mediaType, readRawBody, type RequestContext, type Route } from './http.ts';
import { clientKey, RateLimiter } from './rate-limit.ts';

/** Live tokens kept at most; past it the oldest is revoked, so a client that loops on the token endpoint cannot fill memory. */
export const MAX_LIVE_TOKENS = 10_000;

interface IssuedToken {
  client: OAuthClientConfig;
  expiresAt: number;
}

/** Login-service errors use the OAuth shape, not ErrorBody. */
function loginError(status: number, error: string, description: string) {
  return json({ error, description, error_description: description }, status);
}

export class OAuthService {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly limiter: RateLimiter;

  constructor(private readonly config: ServerConfig) {
    this.limiter = new RateLimiter(config.tokenRateLimit, 'token.requests.per.client');
  }

  /** Tokens currently held (for tests of the pruning). */
  get liveTokens(): number {
    return this.tokens.size;
  }

  routes(): Route[] {
    return [{ method: 'POST', path: '/oauth/token', handler: (ctx) => this.token(ctx) }];
  }

  private async token(ctx: RequestContext) {
    // Counted before the secret is checked: guessing secrets is what the limit is for.
    this.limiter.hit(clientKey(ctx.req));
    const raw = await readRawBody(ctx.req, this.config.maxBodyBytes);
    if (raw.length > 0 && mediaType(ctx.req) !== 'application/x-www-form-urlencoded') {
      return loginError(415, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(raw.toString('utf8'));
    let clientId = form.get('client_id') ?? undefined;
    let clientSecret = form.get('client_secret') ?? undefined;
    const basic = /^basic\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return loginError(401, 'invalid_client', 'client not found or bad client secret');
      try {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        // Bad percent-encoding is a bad credential, not a server failure.
        return loginError(401, 'invalid_client', 'client not found or bad client secret');
      }
    }
    const grantType = form.get('grant_type');
    if (!grantType) return loginError(400, 'invalid_request', 'grant_type is required.');
    if (grantType !== 'client_credentials') {
      return loginError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    }
    const client = this.config.oauthClients.find((c) => c.id === clientId);
    if (!client || client.secret !== clientSecret) {
      return loginError(401, 'invalid_client', 'client not found or bad client secret');
    }
    const accessToken = randomBytes(32).toString('base64url');
    const ttl = this.config.oauthTokenTtlSeconds;
    this.prune();
    this.tokens.set(accessToken, { client, expiresAt: Date.now() + ttl * 1000 });
    return json({ access_token: accessToken, token_type: 'bearer', expires_in: ttl });
  }

  /** Forgets expired tokens, then the oldest ones while over the cap (a Map iterates in insertion order). */
  private prune(now = Date.now()): void {
    for (const [token, issued] of this.tokens) if (issued.expiresAt <= now) this.tokens.delete(token);
    for (const token of this.tokens.keys()) {
      if (this.tokens.size < MAX_LIVE_TOKENS) break;
      this.tokens.delete(token);
    }
  }

  /** Resolves the client behind a platform API bearer token and checks one permission. */
  authorize(ctx: RequestContext, permission: string): OAuthClientConfig {
    const token = bearerToken(ctx.req);
    if (token === undefined) throw errors.authRequired();
    if (token === null) throw errors.badCredentials();
    const issued = this.tokens.get(token);
    if (!issued) throw errors.badCredentials();
    if (issued.expiresAt <= Date.now()) {
      this.tokens.delete(token);
      throw errors.credentialsExpired();
    }
    if (!issued.client.permissions.includes(permission)) {
      throw new ApiError(
        403,
        'missing.permissions',
        `Unable to perform the requested action. You are missing the following permission(s): [${permission}]`,
        { messageParams: { permissions: permission } },
      );
    }
    return issued.client;
  }
}
