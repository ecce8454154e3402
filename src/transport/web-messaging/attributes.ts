// Custom attributes ride on guest messages and are capped per message: Genesys measures the UTF-8 bytes of
// every key and value (2,048 unless the session reports its own maxCustomDataBytes) and refuses the whole
// message over it (code 4013). Checking first gives the visitor a clear reason before anything is sent.

export const DEFAULT_MAX_ATTRIBUTE_BYTES = 2048;

const encoder = new TextEncoder();

export function attributeBytes(attributes: Record<string, string>): number {
  let total = 0;
  for (const [key, value] of Object.entries(attributes)) total += encoder.encode(key).length + encoder.encode(value).length;
  return total;
}

/** Text bytes: Genesys refuses a guest message over 4,096 (code 4011); counting UTF-8 bytes is the safe reading. */
export function textBytes(text: string): number {
  return encoder.encode(text).length;
}

export const MAX_TEXT_BYTES = 4096;

/**
 * The attributes still to go and those the service has. They ride on the next guest message (Messenger's
 * Database plugin works the same way); once an echo confirms them only changed values are sent again.
 */
export class AttributeQueue {
  #pending: Record<string, string> = {};
  #sent: Record<string, string> = {};

  /** A new chat: everything goes with its first message. */
  reset(attributes: Record<string, string>): void {
    this.#pending = { ...attributes };
    this.#sent = {};
  }

  update(attributes: Record<string, string>): void {
    for (const [key, value] of Object.entries(attributes)) {
      if (this.#sent[key] !== value) this.#pending[key] = value;
      else delete this.#pending[key];
    }
  }

  /** What the next message carries, if anything. */
  next(): Record<string, string> | undefined {
    return Object.keys(this.#pending).length ? { ...this.#pending } : undefined;
  }

  accepted(sent: Record<string, string> | undefined): void {
    if (!sent) return;
    for (const [key, value] of Object.entries(sent)) {
      this.#sent[key] = value;
      if (this.#pending[key] === value) delete this.#pending[key];
    }
  }

  /** Too large for the service: they would sink every message, so they are given up (as Messenger does on 4013). */
  drop(): void {
    this.#pending = {};
  }
}
