// Every frame to a guest goes out here: to one connection or fanned out to every connection of a session,
// through the session's test switches (frames held back, or the next two swapped, since Web Messaging
// does not guarantee ordering and clients must sort by channel.time).
import type { Timers } from '../timers.ts';
import type { Frame } from './frames.ts';
import type { Connection, Session } from './sessions.ts';

interface Pending {
  targets: Connection[];
  frame: Frame;
}

export class Outbox {
  /** A frame held until the next one of its session has gone out. */
  private readonly held = new Map<Session, Pending>();

  constructor(private readonly timers: Timers) {}

  /** To one connection (a response to its own request). */
  reply(connection: Connection, frame: Frame): void {
    if (connection.session) this.route(connection.session, { targets: [connection], frame });
    else write(connection, frame);
  }

  /** To every connection of the session (messages, events, echoes). */
  broadcast(session: Session, frame: Frame): void {
    this.route(session, { targets: [...session.connections], frame });
  }

  private route(session: Session, pending: Pending): void {
    const faults = session.faults;
    const held = this.held.get(session);
    if (held) {
      this.held.delete(session);
      this.deliver(session, pending);
      this.deliver(session, held);
      return;
    }
    if (faults.reorderPairs > 0) {
      faults.reorderPairs--;
      this.held.set(session, pending);
      return;
    }
    this.deliver(session, pending);
  }

  private deliver(session: Session, pending: Pending): void {
    const faults = session.faults;
    if (faults.delayMs > 0 && faults.delayCount !== 0) {
      if (faults.delayCount !== undefined) faults.delayCount--;
      this.timers.timeout(() => pending.targets.forEach((c) => write(c, pending.frame)), faults.delayMs);
      return;
    }
    for (const c of pending.targets) write(c, pending.frame);
  }

  /** Drops anything held for a session that is going away. */
  forget(session: Session): void {
    this.held.delete(session);
  }
}

export function write(connection: Connection, frame: Frame): void {
  const ws = connection.ws;
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}
