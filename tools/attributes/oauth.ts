// OAuth client credentials against the login service: one token per client, requested when first needed.
// The secret travels only in the Authorization header; it is never logged and never part of an error.
import { AttributesToolError, oneLine } from './errors.js';
import { describeRequest, send, type HttpOptions } from './http.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

interface TokenAnswer {
  access_token?: unknown;
  error?: unknown;
  description?: unknown;
  error_description?: unknown;
}

/** POST {loginBase}/oauth/token with grant_type=client_credentials; resolves the access token. */
export async function requestToken(loginBase: string, credentials: ClientCredentials, http: HttpOptions = {}): Promise<string> {
  const request = {
    method: 'POST',
    url: `${loginBase}/oauth/token`,
    headers: {
      // As Genesys's own SDKs send it: "id:secret" in base64, unencoded (ids are UUIDs, secrets URL-safe).
      Authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: 'grant_type=client_credentials',
  };
  const answer = await send(request, http);
  const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as TokenAnswer;
  const code = typeof body.error === 'string' ? body.error : undefined;
  if (answer.status === 401 || code === 'invalid_client' || code === 'unauthorized_client') {
    throw new AttributesToolError(
      'auth',
      `authentication failed (${answer.status}${code ? ` ${code}` : ''}): check the client id and secret`,
      answer.status,
      code,
    );
  }
  if (answer.status === 429) {
    throw new AttributesToolError('rateLimited', `rate limited (429) by the login service: still limited after the retries; try again later`, 429);
  }
  if (answer.status === 403) {
    throw new AttributesToolError('permission', `permission denied (403${code ? ` ${code}` : ''}) by the login service: is client credentials enabled for this OAuth client?`, 403, code);
  }
  if (answer.status !== 200 || typeof body.access_token !== 'string' || body.access_token === '') {
    const detail = [body.error_description, body.description].find((d): d is string => typeof d === 'string');
    throw new AttributesToolError(
      'other',
      oneLine(`unexpected answer (${answer.status}${code ? ` ${code}` : ''}) from ${describeRequest(request)}${detail ? `: ${detail}` : ''}`),
      answer.status,
      code,
    );
  }
  return body.access_token;
}
