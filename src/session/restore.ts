// Picking a stored chat up again (after a reload, or taking it over from a tab that went away): tries that may
// pass (no answer, a rate limit, a 5xx) are repeated with the reconnect backoff before the restore gives up,
// and the outbox is reconciled with what reached the service. A chunk of its own: only a stored chat needs it.
import { isTransient, TransportError, type ChatMessage, type ChatTransport } from '../transport/contract.js';
import { reconnectDelay } from '../util/backoff.js';
import { SessionError, toSessionError } from './errors.js';
import type { SessionInner } from './inner.js';
import type { Outbox } from './outbox.js';
import type { ChatSession } from './session.js';
import type { OutgoingMessage, PersistedState, SessionData, TranscriptMessage } from './types.js';

/**
 * Reattach to a stored chat: transcript, outbox, participants and state come back. `shown` is the transcript
 * this tab mirrored when it is taking the chat over from another tab.
 */
export async function resume(session: ChatSession, inner: SessionInner, stored: PersistedState, shown?: TranscriptMessage[]): Promise<SessionData> {
  // The session has marked the chat as being restored already (before this chunk was fetched).
  try {
    return await withRetries(() => reattach(session, inner, stored), inner.dropTransport, inner.disposed, session.config.reconnect);
  } catch (error) {
    const failure = error instanceof SessionError ? error : toSessionError(error);
    // The tab this one takes over from can end the chat and let go of it before this tab hears of the
    // end: the chat is over here too, as it is there, not a restore that failed.
    const ended = shown && failure.code === 'chat.ended';
    if (ended) inner.conversation.mirror(shown);
    inner.state.set(ended ? 'ended' : 'idle');
    inner.tabs.release();
    // A chat that is gone is forgotten; one the network kept out of reach stays for the next reload.
    if (!isTransient(failure.cause)) await inner.persistence.write(null);
    inner.events.emit(ended ? 'ended' : 'restoreFailed', { reason: ended ? 'tab' : failure.message });
    throw failure;
  } finally {
    inner.restoring(false);
  }
}

/** One try at picking the stored chat up; whatever it stored may be damaged, so a throw here is a failed restore. */
async function reattach(session: ChatSession, inner: SessionInner, stored: PersistedState): Promise<SessionData> {
  const { conversation, state } = inner;
  inner.clearConversation();
  inner.lifecycle.load(stored.metadata);
  inner.setUi({ ...stored.ui });
  conversation.loadFilters(stored.filters);
  const transport = await inner.createTransport();
  const found = await transport.resume(stored.resume);
  if (found === 'ended') throw new SessionError('The conversation ended while you were away.', 'chat.ended');
  const size = session.config.maxMessagePageSize;
  await conversation.loadRestored(transport, session.config.pagination === false, size);
  if (found === 'readOnly') {
    // Ended while the visitor was away, its transcript still readable: shown as a chat that is over.
    inner.restoring(false);
    state.set('waiting');
    inner.finishChat('agent', true);
    return session.sessionData()!;
  }
  const { restored, olderCursor } = conversation;
  await reconcileOutbox(inner.outbox, transport, stored.outbox ?? [], { messages: restored, before: olderCursor }, size);
  for (const participant of await transport.participants()) inner.participants.change({ participant, change: 'joined' }, true);
  // A connected agent has made it 'chatting' already.
  if (state.get() === 'restoring') state.set('waiting');
  inner.restoring(false); // now the other tabs may mirror it
  inner.persist();
  inner.tabs.broadcast(true);
  const data = session.sessionData()!;
  inner.events.emit('restored', { session: data });
  return data;
}

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
