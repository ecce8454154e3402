// JSON over fetch with a timeout, and failures turned into TransportError carrying Genesys's ErrorBody code.
import { TransportError } from './types.js';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  body?: unknown;
  jwt?: string;
  timeoutMs: number;
}

export async function requestJson<T>(url: string, { method = 'GET', body, jwt, timeoutMs }: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (jwt) headers.Authorization = `Bearer ${jwt}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      credentials: 'omit',
    });
  } catch (cause) {
    const timedOut = controller.signal.aborted;
    throw new TransportError(
      timedOut ? `No answer from ${new URL(url).host} within ${timeoutMs} ms` : `Cannot reach ${new URL(url).host}`,
      0,
      timedOut ? 'client.timeout' : 'network.error',
      undefined,
      cause,
    );
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
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
