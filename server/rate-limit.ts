// Fixed-window request limit per key (a conversation, or a client's address), answered like Genesys:
// 429 too.many.requests.retry.after. Windows that have run out are swept away once per window, so the map
// holds only the keys seen in the current window however many clients came and went.
import type { IncomingMessage } from 'node:http';
import type { RateLimitConfig } from './config.ts';
import { ApiError } from './errors.ts';

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly config: RateLimitConfig,
    /** What the limit counts, as Genesys names it in the error's `limit.key`. */
    private readonly limitKey = 'requests.per.conversation',
  ) {}

  /** Keys currently tracked (for tests of the sweep). */
  get size(): number {
    return this.windows.size;
  }

  /** Counts one request for key; throws a 429 ApiError carrying Retry-After when over the limit. */
  hit(key: string, now = Date.now()): void {
    const { requests, windowSeconds } = this.config;
    if (requests <= 0) return;
    const windowMs = windowSeconds * 1000;
    if (now - this.lastSweep >= windowMs) this.sweep(now, windowMs);
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
        limit: { key: this.limitKey, namespace: 'webchat', value: requests },
      },
    );
  }

  private sweep(now: number, windowMs: number): void {
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(key);
  }

  /** Drops a key at once (a conversation that is gone). */
  forget(key: string): void {
    this.windows.delete(key);
  }
}

/** The client a per-client limit counts: the remote address of the connection (proxies are not trusted). */
export function clientKey(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
