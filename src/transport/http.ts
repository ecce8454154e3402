// JSON over fetch with a timeout, and failures turned into TransportError carrying Genesys's ErrorBody code.
import { TransportError } from './types.js';

export interface RequestOptions {
  method: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  jwt?: string;
  timeoutMs: number;
}

export async function requestJson<T>(url: string, { method, body, jwt, timeoutMs }: RequestOptions): Promise<T> {
  // The timeout covers the whole exchange, reading the answer included.
  const signal = AbortSignal.timeout(timeoutMs);
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
    const { host } = new URL(url);
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
    parsed = text;
  }
  if (!response.ok) {
    const errorBody = (parsed && typeof parsed === 'object' ? parsed : {}) as { code?: string; message?: string };
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new TransportError(
      errorBody.message ?? `Request failed with status ${response.status}`,
      response.status,
      errorBody.code ?? `http.${response.status}`,
      Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
      parsed,
    );
  }
  return parsed as T;
}
