// The error every rejected command gives. A module of its own so the launcher can reject without the
// reasons table, which only the session needs.
/** A rejected session command: `message` is the seed's reason, `code` a stable identifier. */
export class SessionError extends Error {
  constructor(
    message: string,
    readonly code: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}
