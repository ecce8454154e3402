// Picking a stored chat up again: tries that may pass (no answer, a rate limit, a 5xx) are repeated with the
// reconnect backoff before the restore gives up, and the outbox is reconciled with what reached the service.
import { isTransient, TransportError, type ChatMessage, type ChatTransport } from '../transport/contract.js';
import { reconnectDelay } from '../util/backoff.js';
import type { Outbox } from './outbox.js';
import type { OutgoingMessage } from './types.js';

/** Tries at restoring through failures that may pass before restoreFailed; what is left stays stored. */
const RESTORE_ATTEMPTS = 4;

/** `attempt` until it works, fails for good, or `gone()` says the page has gone; `failed` tidies after each failure. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  failed: () => void,
  gone: () => boolean,
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number },
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      failed();
      if (tries >= RESTORE_ATTEMPTS || gone() || !isTransient(error)) throw error;
      const asked = ((error as TransportError).retryAfterSeconds ?? 0) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(reconnectDelay(tries, reconnect), asked)));
    }
  }
}

/**
 * Messages still in the outbox at reload: the ones that landed meanwhile leave it, the rest go again. What may
 * have landed is read from the history: the restored page (`loaded`), then older pages back to the newest
 * message shown when the first of them was queued.
 */
export async function reconcileOutbox(
  outbox: Outbox,
  transport: ChatTransport,
  saved: OutgoingMessage[],
  loaded: { messages: ChatMessage[]; before?: string },
  pageSize?: number,
): Promise<void> {
  if (saved.length === 0) return;
  outbox.load(saved);
  const from = outbox.reconcileFrom();
  if (!from) return;
  const messages: ChatMessage[] = [];
  let { messages: page, before } = loaded;
  for (let guard = 0; guard < 1000; guard++) {
    messages.unshift(...page);
    if (from.after === undefined ? before === undefined : messages.some((m) => m.id === from.after)) break;
    if (before === undefined || transport.capabilities.history === 'none') break;
    ({ messages: page, before } = await transport.history(before, pageSize));
  }
  const start = from.after === undefined ? 0 : messages.findIndex((m) => m.id === from.after) + 1;
  outbox.reconcile(messages.slice(start), from.after);
}
