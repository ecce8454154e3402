// Fixed-window request limit per conversation, answered like Genesys: 429 too.many.requests.retry.after.
import type { RateLimitConfig } from './config.ts';
import { ApiError } from './errors.ts';

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly config: RateLimitConfig) {}

  /** Counts one request for key; throws a 429 ApiError carrying Retry-After when over the limit. */
  hit(key: string, now = Date.now()): void {
    const { requests, windowSeconds } = this.config;
    if (requests <= 0) return;
    const windowMs = windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= requests) return;
    const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
    throw new ApiError(
      429,
      'too.many.requests.retry.after',
      `Rate limit exceeded the maximum [${requests}] requests within [${windowSeconds}] seconds. Retry the request in [${retryAfter}] seconds`,
      {
        messageParams: { requests: String(requests), windowSeconds: String(windowSeconds), retryAfter: String(retryAfter) },
        headers: { 'Retry-After': String(retryAfter) },
        limit: { key: 'requests.per.conversation', namespace: 'webchat', value: requests },
      },
    );
  }
}
