// The outbox: what the visitor wrote that the service has not yet shown back. Every message goes through
// it, so nothing typed is lost to a dropped socket, a 5xx or a 429. It sends one message at a time, in
// order; an attempt whose outcome is unknown (timeout, dropped connection, 5xx) is checked against the
// service's own transcript before it is tried again, so a message is never delivered twice.
import { atom } from 'nanostores';
import { TransportError, type WireMessage } from '../transport/types.js';
import type { OutgoingMessage } from './types.js';

export interface OutboxDriver {
  /** POST the text; resolves with the service's message. */
  send(text: string): Promise<WireMessage>;
  /** Fetch what the service has after the last message seen; own messages come back through deliver(). */
  catchUp(): Promise<void>;
  /** The connection is up and the chat can take messages. */
  canSend(): boolean;
  /** The newest message id in the transcript, so a later reconciliation knows where to look from. */
  newestId(): string | undefined;
  /** Something changed that should be persisted. */
  changed(): void;
  /** An attempt failed in a way the visitor should hear about. */
  failed(entry: OutgoingMessage, error: unknown): void;
}

interface Waiter {
  resolve(message: WireMessage): void;
  reject(error: unknown): void;
}

/** Attempts in a row before a message waiting on a 5xx or a dead network shows as failed. */
const AUTOMATIC_ATTEMPTS = 3;
const RETRY_BASE_MS = 400;
const RETRY_MAX_MS = 30_000;

let counter = 0;

export class Outbox {
  /** Messages not yet in the transcript, oldest first: sending, sent (awaiting the echo) or failed. */
  readonly $entries = atom<OutgoingMessage[]>([]);
  #driver: OutboxDriver;
  #pumping = false;
  #timer?: ReturnType<typeof setTimeout>;
  #waiters = new Map<string, Waiter>();
  #inFlight?: string;
  #disposed = false;
  #notBefore = 0;

  constructor(driver: OutboxDriver) {
    this.#driver = driver;
  }

  get entries(): OutgoingMessage[] {
    return this.$entries.get();
  }

  /** Queue text for sending; the promise settles when the service accepts it or the attempt fails. */
  enqueue(text: string): { entry: OutgoingMessage; accepted: Promise<WireMessage> } {
    const entry: OutgoingMessage = {
      id: `local-${Date.now().toString(36)}-${(counter++).toString(36)}`,
      text,
      state: 'sending',
      createdAt: Date.now(),
      attempts: 0,
      uncertain: false,
      afterId: this.#driver.newestId(),
    };
    const accepted = new Promise<WireMessage>((resolve, reject) => this.#waiters.set(entry.id, { resolve, reject }));
    accepted.catch(() => undefined); // the caller may not listen; the entry shows the failure
    this.#set([...this.entries, entry]);
    this.pump();
    return { entry, accepted };
  }

  /** Entries saved before a reload. One caught mid-send may have landed: reconcile() decides. */
  load(saved: OutgoingMessage[]): void {
    this.#set(
      saved.map((entry) => ({
        ...entry,
        state: entry.state === 'failed' ? 'failed' : entry.wireId ? 'sent' : 'sending',
        uncertain: entry.uncertain || (entry.attempts > 0 && !entry.wireId),
      })),
    );
  }

  /** Where reconcile() must start reading the service's transcript, or null when nothing may have landed. */
  reconcileFrom(): { after: string | undefined } | null {
    const first = this.entries.find((entry) => entry.uncertain || entry.wireId);
    return first ? { after: first.afterId } : null;
  }

  /**
   * After a reload: `messages` are the service's messages after reconcileFrom(), oldest first. Each own one
   * takes out the entry it is (by id, else by text), looking only at entries queued before it was written.
   * What remains unsent goes back in the queue.
   */
  reconcile(messages: WireMessage[], ownMemberId: string | undefined, startAfter: string | undefined): void {
    const passed = new Set<string | undefined>([undefined, startAfter]);
    for (const message of messages) {
      if (message.sender.id === ownMemberId && message.bodyType === 'standard') {
        const candidates = this.entries.filter((entry) => passed.has(entry.afterId));
        const match =
          candidates.find((entry) => entry.wireId === message.id) ??
          candidates.find((entry) => entry.uncertain && !entry.wireId && entry.text === message.body);
        if (match) this.#remove(match.id);
      }
      passed.add(message.id);
    }
    // The service accepted these before the reload: they are in its transcript, never to be sent again.
    for (const entry of this.entries) if (entry.wireId) this.#remove(entry.id);
  }

  /**
   * An own message reached the transcript: if it is one of ours, it leaves the outbox. Matched by the id the
   * service gave it, else by text to the message being sent (its echo can beat the POST answer), else to
   * the oldest attempted message with that text whose earlier attempt may have gone through.
   */
  deliver(message: WireMessage): boolean {
    const entries = this.entries;
    const match =
      entries.find((entry) => entry.wireId === message.id) ??
      entries.find((entry) => entry.id === this.#inFlight && !entry.wireId && entry.text === message.body) ??
      entries.find((entry) => entry.uncertain && !entry.wireId && entry.text === message.body);
    if (!match) return false;
    this.#remove(match.id);
    this.#settle(match.id, message);
    this.pump(); // a message that held the queue has landed: the ones behind it can go
    return true;
  }

  /** The visitor asks to try a failed message again now (it keeps its place in the queue). */
  retry(id: string): void {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry || entry.state !== 'failed' || entry.error?.code === 'chat.ended') return;
    this.#update(id, { rejected: false });
    this.#now();
  }

  /** The visitor gives up on a message that was not sent. */
  discard(id: string): void {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry || entry.state === 'sent' || entry.id === this.#inFlight) return;
    this.#remove(id);
    this.#waiters.get(id)?.reject(new Error('discarded'));
    this.#waiters.delete(id);
    this.pump();
  }

  /** The connection is back: the queue goes on at once, in order. */
  resume(): void {
    this.#now();
  }

  /** The chat ended: what was not delivered stays visible as not sent. */
  close(reason: { code: string; message: string }): void {
    clearTimeout(this.#timer);
    for (const entry of this.entries) {
      if (entry.state !== 'sent') this.#update(entry.id, { state: 'failed', rejected: true, error: reason });
      this.#waiters.get(entry.id)?.reject(new Error(reason.message));
    }
    this.#waiters.clear();
  }

  /** A new chat starts from an empty outbox. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#waiters.clear();
    this.#inFlight = undefined;
    this.#notBefore = 0;
    this.#set([]);
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
  }

  /** Send queued messages one at a time, oldest first, while the connection allows. */
  pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    void this.#run().finally(() => {
      this.#pumping = false;
    });
  }

  /** Skip any wait (a backoff or Retry-After) and go on with the queue. */
  #now(): void {
    clearTimeout(this.#timer);
    this.#notBefore = 0;
    this.pump();
  }

  /**
   * The head of the queue: the oldest message not yet accepted. A refused one (4xx) is skipped; one that
   * keeps failing for other reasons holds the queue, so messages never arrive out of the order written.
   */
  #head(): OutgoingMessage | undefined {
    return this.entries.find((e) => !e.wireId && !e.rejected && e.state !== 'sent');
  }

  async #run(): Promise<void> {
    for (;;) {
      const entry = this.#head();
      if (!entry || this.#disposed || !this.#driver.canSend() || Date.now() < this.#notBefore) return;
      if (entry.uncertain) {
        // The last attempt may have landed: look at the service's transcript before sending again.
        await this.#driver.catchUp().catch(() => undefined);
        if (!this.entries.some((e) => e.id === entry.id)) continue;
        if (!this.#driver.canSend()) return;
      }
      const wait = await this.#attempt(entry);
      if (wait > 0) {
        // Other pump() calls (a new message, an echo) must not cut the wait short; the timer ends it.
        this.#notBefore = Date.now() + wait;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.#now(), wait);
        return;
      }
    }
  }

  /** One POST; returns how long to wait before the next attempt (0: carry on with the queue). */
  async #attempt(entry: OutgoingMessage): Promise<number> {
    this.#inFlight = entry.id;
    this.#update(entry.id, { attempts: entry.attempts + 1 });
    try {
      const sent = await this.#driver.send(entry.text);
      // Still here: the echo has not arrived yet; it removes the entry when it does.
      if (this.entries.some((e) => e.id === entry.id)) this.#update(entry.id, { state: 'sent', wireId: sent.id, uncertain: false, error: undefined });
      this.#settle(entry.id, sent);
      return 0;
    } catch (error) {
      const current = this.entries.find((e) => e.id === entry.id);
      if (!current) return 0; // its echo arrived meanwhile
      const failure = classify(error);
      if (failure.kind === 'rate-limited') {
        // 429: nothing was sent. Wait as long as the service asked, then try the same message again.
        this.#update(entry.id, { attempts: current.attempts - 1, error: failure.error });
        return failure.retryAfterMs;
      }
      if (failure.kind === 'rejected') {
        this.#update(entry.id, { state: 'failed', rejected: true, uncertain: false, error: failure.error });
        this.#fail(entry.id, error);
        return 0;
      }
      // Unknown outcome: check and try again with a growing pause; after a few attempts tell the visitor
      // (failed, with retry and discard) but keep trying in the background.
      const nowFailing = current.state !== 'failed' && current.attempts >= AUTOMATIC_ATTEMPTS;
      this.#update(entry.id, { uncertain: true, error: failure.error, ...(nowFailing ? { state: 'failed' } : {}) });
      if (nowFailing) this.#fail(entry.id, error);
      return backoff(current.attempts);
    } finally {
      if (this.#inFlight === entry.id) this.#inFlight = undefined;
    }
  }

  #settle(id: string, sent: WireMessage): void {
    this.#waiters.get(id)?.resolve(sent);
    this.#waiters.delete(id);
  }

  #fail(id: string, error: unknown): void {
    this.#driver.failed(this.entries.find((e) => e.id === id)!, error);
    this.#waiters.get(id)?.reject(error);
    this.#waiters.delete(id);
  }

  #update(id: string, patch: Partial<OutgoingMessage>): void {
    this.#set(this.entries.map((entry) => (entry.id === id ? { ...entry, ...patch } : entry)));
  }

  #remove(id: string): void {
    this.#set(this.entries.filter((entry) => entry.id !== id));
  }

  #set(entries: OutgoingMessage[]): void {
    this.$entries.set(entries);
    this.#driver.changed();
  }
}

type Failure =
  | { kind: 'rate-limited'; retryAfterMs: number; error: { code: string; message: string } }
  | { kind: 'rejected' | 'uncertain'; error: { code: string; message: string } };

/** 429: wait and retry. Other 4xx: the service refused this message. The rest: it may or may not have landed. */
function classify(error: unknown): Failure {
  const described = {
    code: error instanceof TransportError ? error.code : 'network.error',
    message: error instanceof Error ? error.message : String(error),
  };
  if (error instanceof TransportError && error.status === 429) {
    return { kind: 'rate-limited', retryAfterMs: Math.max(0, error.retryAfterSeconds ?? 1) * 1000, error: described };
  }
  if (error instanceof TransportError && error.status >= 400 && error.status < 500 && error.status !== 408) {
    return { kind: 'rejected', error: described };
  }
  return { kind: 'uncertain', error: described };
}

function backoff(attempt: number): number {
  const capped = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
  return capped / 2 + Math.random() * (capped / 2);
}
