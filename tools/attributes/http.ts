// One HTTP exchange with Genesys Cloud: fetch with a timeout, waiting out 429s as Retry-After asks, and
// turning "no answer at all" into a network error. Knows nothing about tokens or what the body means.
import { AttributesToolError } from './errors.js';

export interface HttpOptions {
  /** Retries after a 429 before giving up (default 3). */
  maxRetries?: number;
  /** Milliseconds to wait for each answer (default 30,000). */
  timeoutMs?: number;
  /** Receives one line per request and per retry (never headers, bodies or credentials). */
  log?: (line: string) => void;
  /** Defaults to the global fetch (Node 20+). */
  fetch?: typeof fetch;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON, or undefined when empty. */
  body: unknown;
}

export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === '') return 1;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return 1;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** The request line as logs and errors show it: method and URL without its query. */
export function describeRequest(request: Pick<HttpRequest, 'method' | 'url'>): string {
  const url = new URL(request.url);
  return `${request.method} ${url.origin}${url.pathname}`;
}

function networkError(error: unknown, request: HttpRequest, timeoutMs: number): AttributesToolError {
  const host = new URL(request.url).host;
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new AttributesToolError('network', `network error: no answer from ${host} within ${timeoutMs} ms (${describeRequest(request)})`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return new AttributesToolError('network', `network error: cannot reach ${host}: connection refused (ECONNREFUSED)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AttributesToolError('network', `network error: cannot resolve ${new URL(request.url).hostname} (${code}): check the region or base URL`);
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
      return new AttributesToolError('network', `network error: ${host} closed the connection without answering (${code}) to ${describeRequest(request)}`);
    default: {
      const detail = cause?.message ?? (error instanceof Error ? error.message : String(error));
      return new AttributesToolError('network', `network error: ${host}: ${detail}${code ? ` (${code})` : ''}`);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends a request; answers whatever status came back, except that a 429 is retried after its Retry-After
 * up to maxRetries times (the last 429 is answered). Throws a network error when no answer came.
 */
export async function send(request: HttpRequest, options: HttpOptions = {}): Promise<HttpAnswer> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const line = describeRequest(request);
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    let body: unknown;
    try {
      response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await readBody(response);
    } catch (error) {
      throw networkError(error, request, timeoutMs);
    }
    if (response.status === 429 && attempt < maxRetries) {
      const seconds = retryAfterSeconds(response.headers.get('retry-after'));
      options.log?.(`${line} → 429; retrying in ${seconds} s (retry ${attempt + 1} of ${maxRetries})`);
      await sleep(seconds * 1000);
      continue;
    }
    options.log?.(`${line} → ${response.status}`);
    return { status: response.status, headers: response.headers, body };
  }
}
