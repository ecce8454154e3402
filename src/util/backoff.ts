// Exponential backoff with jitter, shared by reconnects, leaving and restoring (transport, session) and message retries (outbox).

/**
 * The pause before attempt `attempt + 1`: doubling from `initialMs`, capped at `maxMs`, then a random point in
 * its upper half, so that many widgets do not hammer a recovering server at the same instant.
 */
export function backoff(attempt: number, initialMs: number, maxMs: number): number {
  const capped = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 10));
  return capped / 2 + Math.random() * (capped / 2);
}

/** The pause before reaching the service again (reconnect, leave, restore), with the `reconnect` option's defaults. */
export function reconnectDelay(attempt: number, { initialDelayMs = 500, maxDelayMs = 30_000 } = {}): number {
  return backoff(attempt, initialDelayMs, maxDelayMs);
}
