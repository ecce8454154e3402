// Exit codes and the one error type the tool throws: each failure a user can act on has its own code,
// and its message is one line that says what to check.

export const ExitCode = {
  ok: 0,
  /** Anything else: an unexpected answer (5xx, malformed body), a bug. */
  other: 1,
  /** Bad flags, missing credentials or conversation id, unreadable .env file. */
  usage: 2,
  /** 401: the client id or secret (or the token) was refused. */
  auth: 3,
  /** 403: the OAuth client lacks a permission. */
  permission: 4,
  /** 404: no such conversation (or not of the requested type), or no customer participant. */
  notFound: 5,
  /** 429 on every try: still rate limited after the retries. */
  rateLimited: 6,
  /** The request never got an answer: refused connection, DNS failure, dropped connection, timeout. */
  network: 7,
} as const;

export type ErrorKind = Exclude<keyof typeof ExitCode, 'ok'>;

export class AttributesToolError extends Error {
  override readonly name = 'AttributesToolError';

  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** The HTTP status behind the error, when there was an answer. */
    readonly status?: number,
    /** Genesys's error code (`missing.permissions`, `invalid_client`, …), when the answer had one. */
    readonly code?: string,
  ) {
    super(message);
  }

  get exitCode(): number {
    return ExitCode[this.kind];
  }
}

/** Collapses whitespace so a message from a server always fits on one line. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
