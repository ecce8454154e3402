// Exponential backoff with jitter, shared by reconnects (transport) and message retries (outbox).

/**
 * The pause before attempt `attempt + 1`: doubling from `initialMs`, capped at `maxMs`, then a random point in
 * its upper half, so that many widgets do not hammer a recovering server at the same instant.
 */
export function backoff(attempt: number, initialMs: number, maxMs: number): number {
  const capped = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 10));
  return capped / 2 + Math.random() * (capped / 2);
}
