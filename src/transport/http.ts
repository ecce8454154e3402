// JSON over fetch with a timeout, and failures turned into TransportError carrying Genesys's ErrorBody code.
import { TransportError } from './contract.js';

export interface RequestOptions {
  method: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  jwt?: string;
  timeoutMs: number;
}

export async function requestJson<T>(url: string, { method, body, jwt, timeoutMs }: RequestOptions): Promise<T> {
  // The timeout covers the whole exchange, reading the answer included.
  const signal = AbortSignal.timeout(timeoutMs);
  const { host } = new URL(url);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(jwt && { Authorization: `Bearer ${jwt}` }),
      },
      body: JSON.stringify(body), // undefined stays undefined: no body
      signal,
      credentials: 'omit',
    });
    text = await response.text();
  } catch (cause) {
    throw new TransportError(
      signal.aborted ? `No answer from ${host} within ${timeoutMs} ms` : `Cannot reach ${host}`,
      0,
      signal.aborted ? 'client.timeout' : 'network.error',
      undefined,
      cause,
    );
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // A web page in place of the service's JSON: something between the visitor and the service answered
    // (a Wi-Fi sign-in, a proxy). Status 0, as for no answer at all: a later try may well get through.
    if (response.ok) throw new TransportError(`${host} answered with a web page (a Wi-Fi sign-in or a proxy?)`, 0, 'bad.response');
    parsed = text;
  }
  if (!response.ok) {
    const errorBody = (parsed && typeof parsed === 'object' ? parsed : {}) as { code?: string; message?: string };
    throw new TransportError(
      errorBody.message ?? `Request failed with status ${response.status}`,
      response.status,
      errorBody.code ?? `http.${response.status}`,
      retryAfterSeconds(response.headers.get('Retry-After')),
      parsed,
    );
  }
  return parsed as T;
}

/**
 * Retry-After is seconds or an HTTP date. Absent or unreadable gives undefined, so the caller's own wait
 * applies (Number(null) would be 0: a retry at once, exactly what a 429 asks not to do). The same rules as
 * the gc-attributes tool's reader (tools/attributes/http.ts), which is built apart from src/ and keeps its own.
 */
export function retryAfterSeconds(header: string | null): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isNaN(seconds) ? undefined : Math.max(0, seconds);
}
