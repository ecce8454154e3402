// The outbox: what the visitor wrote that the service has not yet shown back. Every message goes through
// it, so nothing typed is lost to a dropped socket, a 5xx or a rate limit. It sends one message at a time,
// in order; an attempt whose outcome is unknown (timeout, dropped connection, 5xx) is checked against the
// service's own transcript before it is tried again, so a message is never delivered twice. It reads only
// the transport contract's delivery outcomes, never a protocol's status codes.
import { atom } from 'nanostores';
import { backoff } from '../util/backoff.js';
import { uuid } from '../util/uuid.js';
import { TransportError, type ChatMessage, type Delivery } from '../transport/contract.js';
import type { OutgoingMessage } from './types.js';

/** What a send resolves with: the service's id, and the echo itself when it came first. */
export interface Accepted {
  id: string;
  message?: ChatMessage;
}

export interface OutboxDriver {
  /** Hand the entry to the transport (its text, or its answer or files), with the entry's id as its correlation id. */
  send(text: string, correlationId: string, entry: OutgoingMessage): Promise<Delivery>;
  /** Fetch what the service has that was missed; own messages come back through deliver(). */
  sync(): Promise<void>;
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
  resolve(accepted: Accepted): void;
  reject(error: unknown): void;
}

/** Attempts in a row before a message waiting on a 5xx or a dead network shows as failed. */
const AUTOMATIC_ATTEMPTS = 3;
const RETRY_BASE_MS = 400;
const RETRY_MAX_MS = 30_000;

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
  enqueue(text: string, extra: Pick<OutgoingMessage, 'answer' | 'files'> = {}): { entry: OutgoingMessage; accepted: Promise<Accepted> } {
    const entry: OutgoingMessage = {
      ...extra,
      id: uuid(),
      text,
      state: 'sending',
      createdAt: Date.now(),
      attempts: 0,
      uncertain: false,
      afterId: this.#driver.newestId(),
    };
    const accepted = new Promise<Accepted>((resolve, reject) => this.#waiters.set(entry.id, { resolve, reject }));
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
  reconcile(messages: ChatMessage[], startAfter: string | undefined): void {
    const passed = new Set<string | undefined>([undefined, startAfter]);
    for (const message of messages) {
      if (message.own && (message.kind === 'text' || message.kind === 'structured')) {
        const candidates = this.entries.filter((entry) => passed.has(entry.afterId));
        const match =
          candidates.find((entry) => entry.wireId === message.id || entry.id === message.correlationId) ??
          candidates.find((entry) => entry.uncertain && !entry.wireId && entry.text === message.text);
        if (match) this.#remove(match.id);
      }
      passed.add(message.id);
    }
    // The service accepted these before the reload: they are in its transcript, never to be sent again.
    for (const entry of this.entries) if (entry.wireId) this.#remove(entry.id);
  }

  /**
   * An own message reached the transcript: if it is one of ours, it leaves the outbox. Matched by the
   * correlation id the service echoed, else by the id it gave the message, else by text to the message
   * being sent (its echo can beat the send's answer), else to the oldest attempted message with that text
   * whose earlier attempt may have gone through.
   */
  deliver(message: ChatMessage): boolean {
    const entries = this.entries;
    const match =
      entries.find((entry) => entry.id === message.correlationId || entry.wireId === message.id) ??
      entries.find((entry) => entry.id === this.#inFlight && !entry.wireId && entry.text === message.text) ??
      entries.find((entry) => entry.uncertain && !entry.wireId && entry.text === message.text);
    if (!match) return false;
    this.#remove(match.id);
    this.#waiter(match.id)?.resolve({ id: message.id, message });
    this.pump(); // a message that held the queue has landed: the ones behind it can go
    return true;
  }

  /** The visitor asks to try a failed message again now (it keeps its place in the queue). */
  retry(id: string): void {
    const entry = this.#find(id);
    if (!entry || entry.state !== 'failed' || entry.error?.code === 'chat.ended') return;
    this.#update(id, { rejected: false });
    this.#now();
  }

  /** The visitor gives up on a message that was not sent. */
  discard(id: string): void {
    const entry = this.#find(id);
    if (!entry || entry.state === 'sent' || entry.id === this.#inFlight) return;
    this.#remove(id);
    this.#waiter(id)?.reject(new Error('discarded'));
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
      this.#waiter(entry.id)?.reject(new Error(reason.message));
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
        await this.#driver.sync().catch(() => undefined);
        if (!this.#find(entry.id)) continue;
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

  /** One attempt; returns how long to wait before the next one (0: carry on with the queue). */
  async #attempt(entry: OutgoingMessage): Promise<number> {
    this.#inFlight = entry.id;
    this.#update(entry.id, { attempts: entry.attempts + 1 });
    let delivery: Delivery;
    try {
      delivery = await this.#driver.send(entry.text, entry.id, entry);
    } catch (error) {
      // A transport that throws instead of answering gives no outcome: as good as no answer.
      const message = error instanceof Error ? error.message : String(error);
      delivery = { outcome: 'unknown', error: error instanceof TransportError ? error : new TransportError(message, 0, 'network.error') };
    } finally {
      if (this.#inFlight === entry.id) this.#inFlight = undefined;
    }
    const current = this.#find(entry.id);
    if (delivery.outcome === 'accepted') {
      // Still here: the echo has not arrived yet; it removes the entry when it does.
      if (current) this.#update(entry.id, { state: 'sent', wireId: delivery.id, uncertain: false, error: undefined });
      this.#waiter(entry.id)?.resolve({ id: delivery.id ?? entry.id });
      return 0;
    }
    if (!current) return 0; // its echo arrived meanwhile
    const { error } = delivery;
    const described = { code: error.code, message: error.message };
    if (delivery.outcome === 'retry') {
      // Nothing was taken. Wait as long as the service asked, then try the same message again.
      this.#update(entry.id, { attempts: current.attempts - 1, error: described });
      return delivery.retryAfterMs;
    }
    // Refused: the service will say no again; it fails now and is not retried by itself. Unknown: check and
    // try again with a growing pause; after a few attempts tell the visitor (failed, with retry and discard)
    // but keep trying in the background.
    const rejected = delivery.outcome === 'refused';
    const failing = rejected || (current.state !== 'failed' && current.attempts >= AUTOMATIC_ATTEMPTS);
    this.#update(entry.id, { uncertain: !rejected, error: described, ...(rejected && { rejected }), ...(failing && { state: 'failed' }) });
    if (failing) this.#fail(entry.id, error);
    return rejected ? 0 : backoff(current.attempts, RETRY_BASE_MS, RETRY_MAX_MS);
  }

  /** The caller of enqueue() waiting on this entry, if it still is: each waiter is settled once. */
  #waiter(id: string): Waiter | undefined {
    const waiter = this.#waiters.get(id);
    this.#waiters.delete(id);
    return waiter;
  }

  #fail(id: string, error: unknown): void {
    this.#driver.failed(this.#find(id)!, error);
    this.#waiter(id)?.reject(error);
  }

  #find(id: string): OutgoingMessage | undefined {
    return this.entries.find((entry) => entry.id === id);
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
