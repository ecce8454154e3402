// The Guest API's requests waiting for their answers. Genesys echoes a request's tracingId on its answer,
// but not every error frame carries one: those answer the oldest waiting request of a kind they can answer
// (a send first), as Messenger's clients assume. Each waits at most the request timeout.
import { TransportError } from '../contract.js';
import type { InboundFrame } from './frames.js';

export type PendingKind = 'send' | 'join' | 'session' | 'close' | 'jwt' | 'attach' | 'getAttachment';

interface Pending {
  kind: PendingKind;
  resolve(frame: InboundFrame): void;
  reject(error: TransportError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class PendingRequests {
  #waiting = new Map<string, Pending>();
  #timeoutMs: number;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Waits for the answer to the request sent under `tracingId` (a request sent again replaces the first). */
  wait(kind: PendingKind, tracingId: string): Promise<InboundFrame> {
    return new Promise((resolve, reject) => {
      this.#waiting.get(tracingId)?.reject(new TransportError('Sent again before an answer came.', 0, 'client.superseded'));
      const timer = setTimeout(() => {
        this.#waiting.delete(tracingId);
        reject(new TransportError(`No answer from Genesys Cloud within ${this.#timeoutMs} ms.`, 0, 'client.timeout'));
      }, this.#timeoutMs);
      this.#waiting.set(tracingId, { kind, resolve, reject, timer });
    });
  }

  kindOf(tracingId: string | undefined): PendingKind | undefined {
    return tracingId === undefined ? undefined : this.#waiting.get(tracingId)?.kind;
  }

  /**
   * Hands `frame` to the request it answers: the one with its tracing id; without a tracing id, the oldest
   * waiting request of the first of `kinds` that has one. False when it answers nobody.
   */
  answer(frame: InboundFrame, kinds: PendingKind[]): boolean {
    const { tracingId } = frame;
    let key: string | undefined;
    if (tracingId !== undefined) key = this.#waiting.has(tracingId) ? tracingId : undefined;
    else {
      for (const kind of kinds) {
        key = [...this.#waiting].find(([, pending]) => pending.kind === kind)?.[0];
        if (key !== undefined) break;
      }
    }
    const pending = key === undefined ? undefined : this.#waiting.get(key);
    if (!pending || !kinds.includes(pending.kind)) return false;
    this.#waiting.delete(key!);
    clearTimeout(pending.timer);
    pending.resolve(frame);
    return true;
  }

  /** The connection went: nobody will answer. */
  failAll(error: TransportError): void {
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const pending of waiting) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }
}
