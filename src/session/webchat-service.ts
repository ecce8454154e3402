// The seed WebChatService's calls that are not the chat itself: the page's userData (read, set, delete,
// merged into the next start or message), and the rejection of commands no protocol here offers, with the
// seed's own reasons. The commands few pages use are service-commands.ts, loaded when first called.
import { Reasons, SessionError } from './errors.js';
import { isPlainObject, toFieldValue } from './user-data.js';

/** A command this widget does not offer: rejects with the seed's reason, as integrations expect. */
export function unsupported(reason: string): Promise<never> {
  return Promise.reject(new SessionError(reason, 'unsupported'));
}

/** Commands take their text as a string or as `{message}` (the seed's form). */
export function textOf(input: string | { message?: string }): string | undefined {
  return typeof input === 'string' ? input : input?.message;
}

/**
 * The page's userData: the `user-data` attribute, then what the page sets. While a chat runs it can change
 * only where the protocol carries attributes mid-chat; the change then goes with the next message.
 */
export class PageUserData {
  #data: Record<string, unknown>;

  constructor(initial: Record<string, unknown> = {}) {
    this.#data = { ...initial };
  }

  get all(): Record<string, unknown> {
    return { ...this.#data };
  }

  /** `during`: the chat is running; `send`: how the protocol takes a mid-chat change (undefined: it cannot). */
  update(data: unknown, during: boolean, send?: (attributes: Record<string, string>) => void): Record<string, unknown> {
    if (!isPlainObject(data)) throw new SessionError(Reasons.malformedUserData, 'userdata.malformed');
    if (during && !send) throw new SessionError(Reasons.userDataDuringChat, 'unsupported');
    this.#data = { ...this.#data, ...data };
    if (during) {
      const changed = Object.entries(data).map(([key, value]) => [key, toFieldValue(value)] as const);
      send!(Object.fromEntries(changed.filter(([, value]) => value !== undefined)) as Record<string, string>);
    }
    return this.all;
  }

  get(key: string): { userData: Record<string, string | undefined> } {
    return { userData: { [key]: Object.hasOwn(this.#data, key) ? toFieldValue(this.#data[key]) : undefined } };
  }

  delete(key: string, during: boolean, canChange: boolean): { timestamp: number } {
    if (during && !canChange) throw new SessionError(Reasons.userDataDuringChat, 'unsupported');
    delete this.#data[key];
    return { timestamp: Date.now() };
  }
}
