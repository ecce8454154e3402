// Authenticated JSON calls to the platform API, and what each error status means for the person running
// the tool: 401 → check the credentials, 403 → which permission is missing, 404 → not found, 429 → retried.
import { AttributesToolError, oneLine } from './errors.js';
import { describeRequest, send, type HttpOptions } from './http.js';
import { requestToken, type ClientCredentials } from './oauth.js';
import { resolveEndpoints, type Endpoints, type LocationOptions } from './regions.js';

export interface ClientOptions extends ClientCredentials, LocationOptions, HttpOptions {
  /** Already resolved endpoints; otherwise region / baseUrl / loginUrl are resolved. */
  endpoints?: Endpoints;
  /** Called once with the access token as soon as it is known (the CLI redacts it from every output). */
  onToken?: (token: string) => void;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

interface ErrorBodyLike {
  code?: unknown;
  message?: unknown;
  messageParams?: { permissions?: unknown } & Record<string, unknown>;
}

/** The permission a 403 names: messageParams.permissions, else the bracketed list in the message. */
export function missingPermission(body: unknown): string | undefined {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ErrorBodyLike;
  if (typeof b.messageParams?.permissions === 'string' && b.messageParams.permissions) return b.messageParams.permissions;
  const match = typeof b.message === 'string' ? /\[([^\]]+)\]/.exec(b.message) : null;
  return match?.[1]?.trim() || undefined;
}

/** The error for a non-2xx platform answer. */
export function errorFromAnswer(status: number, body: unknown, request: { method: string; url: string }): AttributesToolError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ErrorBodyLike;
  const code = typeof b.code === 'string' ? b.code : undefined;
  const label = `${status}${code ? ` ${code}` : ''}`;
  const message = typeof b.message === 'string' ? b.message : typeof body === 'string' ? body : '';
  switch (status) {
    case 401:
      return new AttributesToolError('auth', `authentication failed (${label}): the API refused the access token; check the client id and secret`, status, code);
    case 403: {
      const permission = missingPermission(body);
      return new AttributesToolError(
        'permission',
        permission
          ? `permission denied (${label}): the OAuth client lacks ${permission}`
          : oneLine(`permission denied (${label}) for ${describeRequest(request)}${message ? `: ${message}` : ''}`),
        status,
        code,
      );
    }
    case 404:
      return new AttributesToolError('notFound', oneLine(`not found (${label}): ${describeRequest(request)}`), status, code);
    case 429:
      return new AttributesToolError('rateLimited', `rate limited (${label}): still limited after the retries; try again later`, status, code);
    default:
      return new AttributesToolError('other', oneLine(`unexpected answer (${label}) from ${describeRequest(request)}${message ? `: ${message}` : ''}`), status, code);
  }
}

export class PlatformClient {
  readonly endpoints: Endpoints;
  private token?: Promise<string>;

  constructor(private readonly options: ClientOptions) {
    if (!options.clientId) throw new AttributesToolError('usage', 'missing client id');
    if (!options.clientSecret) throw new AttributesToolError('usage', 'missing client secret');
    this.endpoints = options.endpoints ?? resolveEndpoints(options);
  }

  /** The access token, requested once. */
  accessToken(): Promise<string> {
    this.token ??= requestToken(this.endpoints.loginBase, this.options, this.options).then((token) => {
      this.options.onToken?.(token);
      return token;
    });
    return this.token;
  }

  /** Calls `${apiBase}${path}`; resolves on 2xx, throws an AttributesToolError otherwise. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const token = await this.accessToken();
    const request = {
      method,
      url: `${this.endpoints.apiBase}${path}`,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    const answer = await send(request, this.options);
    if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer.status, answer.body, request);
    return { status: answer.status, body: answer.body as T };
  }
}
