// The conversation's history from the REST API, authorised by a short-lived JWT the socket hands out
// (`getJwt`). Genesys returns the entities newest first, numbered pages from 1, and allows about ten reads a
// minute per session: the JWT is reused until just before it expires and pages are asked for sparingly.
import { requestJson } from '../http.js';
import { toTransportError, type ChatMessage } from '../contract.js';
import { readWireMessage, type WireMessage } from './frames.js';

export interface Jwt {
  jwt: string;
  /** Expiry, epoch seconds. */
  exp?: number;
}

export interface HistoryEntities {
  /** Newest first, as the service gives them; entities that failed the checks are left out. */
  entities: { message: WireMessage; raw: unknown }[];
  /** Why each left-out entity was dropped. */
  invalid: string[];
  /** Whether an older page exists. */
  more: boolean;
}

/** History allows about ten reads a minute per session: a gap fill reads at most this many pages. */
const MAX_GAP_PAGES = 8;
const RENEW_BEFORE_EXPIRY_MS = 5_000;
/** When a JWT's expiry cannot be read it is kept this long, short of the hour Genesys gives guest JWTs. */
const UNKNOWN_EXPIRY_MS = 60_000;

export class HistoryClient {
  #url: string;
  #fetchJwt: () => Promise<Jwt>;
  #timeoutMs: number;
  #jwt?: { value: string; renewAt: number };

  constructor(url: string, fetchJwt: () => Promise<Jwt>, timeoutMs: number) {
    this.#url = url;
    this.#fetchJwt = fetchJwt;
    this.#timeoutMs = timeoutMs;
  }

  async #token(): Promise<string> {
    if (this.#jwt && Date.now() < this.#jwt.renewAt) return this.#jwt.value;
    const { jwt, exp } = await this.#fetchJwt();
    const expiresAt = exp !== undefined ? exp * 1000 : (expiryOf(jwt) ?? Date.now() + UNKNOWN_EXPIRY_MS);
    this.#jwt = { value: jwt, renewAt: expiresAt - RENEW_BEFORE_EXPIRY_MS };
    return jwt;
  }

  /** Forget the JWT (a new session was configured on the token). */
  reset(): void {
    this.#jwt = undefined;
  }

  async page(pageNumber: number, pageSize: number): Promise<HistoryEntities> {
    const url = `${this.#url}?pageNumber=${pageNumber}&pageSize=${pageSize}`;
    let answer: unknown;
    try {
      answer = await requestJson<unknown>(url, { method: 'GET', jwt: await this.#token(), timeoutMs: this.#timeoutMs });
    } catch (cause) {
      const error = toTransportError(cause);
      if (error.status !== 401) throw error;
      // Revoked or expired early: one more try with a fresh JWT.
      this.#jwt = undefined;
      answer = await requestJson<unknown>(url, { method: 'GET', jwt: await this.#token(), timeoutMs: this.#timeoutMs }).catch((again) => {
        throw toTransportError(again);
      });
    }
    const list = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
    const raw = Array.isArray(list.entities) ? list.entities : [];
    const result: HistoryEntities = { entities: [], invalid: [], more: false };
    for (const entity of raw) {
      try {
        result.entities.push({ message: readWireMessage(entity), raw: entity });
      } catch (error) {
        result.invalid.push((error as Error).message);
      }
    }
    const pageCount = typeof list.pageCount === 'number' ? list.pageCount : undefined;
    result.more = pageCount !== undefined ? pageNumber < pageCount : raw.length >= pageSize;
    return result;
  }

  /**
   * What was missed while the socket was away: history from the newest page back to the first message
   * already `seen`, each message once, oldest first. `report` hears why any entity was left out.
   */
  async gap(seen: Set<string>, pageSize: number, report: (invalid: string[]) => void): Promise<{ message: WireMessage; raw: unknown }[]> {
    const found = new Map<string, { message: WireMessage; raw: unknown }>();
    for (let pageNumber = 1; pageNumber <= MAX_GAP_PAGES; pageNumber++) {
      const page = await this.page(pageNumber, pageSize);
      report(page.invalid);
      let reachedSeen = false;
      for (const entity of page.entities) {
        if (seen.has(entity.message.id)) reachedSeen = true;
        else found.set(entity.message.id, entity);
      }
      if (reachedSeen || !page.more) break;
    }
    return [...found.values()].sort((a, b) => timeOf(a.message) - timeOf(b.message));
  }

  /** A page's messages oldest first: Genesys gives them newest first, so two with the same time swap too. */
  inOrder(messages: ChatMessage[]): ChatMessage[] {
    return messages
      .map((message, index) => ({ message, index }))
      .sort((a, b) => Date.parse(a.message.time) - Date.parse(b.message.time) || b.index - a.index)
      .map(({ message }) => message);
  }
}

function timeOf(message: WireMessage): number {
  const time = message.channel?.time;
  return time ? Date.parse(time) : Number.MAX_SAFE_INTEGER;
}

/** A JWT's `exp` claim in ms, when its payload can be read. */
function expiryOf(jwt: string): number | undefined {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
