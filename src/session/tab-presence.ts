// Several tabs of one site, one chat: the part every chat carries. A tab says hello to the site's other tabs
// on a BroadcastChannel, and the tab that runs a chat holds a Web Lock named after it (a tab opened later
// waits on that lock to take the chat over). A chat alone in its tab needs nothing more: showing another
// tab's chat, sending commands to it, telling the others what changed and taking a chat over
// (tab-mirror.ts, tab-link.ts) load only once another tab of the site answers.
import { ownerLockName } from './storage.js';
import type { MirrorHost, TabCommand, TabMirror } from './tab-mirror.js';

/** What goes over the channel: `from` is the sending tab's id; the rest is tab-link.ts's to read. */
export interface TabFrame {
  type: string;
  from: string;
  [field: string]: unknown;
}

/** A mirror that could not be downloaded is tried again after 2 s, then twice as long each time, up to a minute. */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;

export function tabLinkAvailable(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && 'locks' in navigator;
}

/** This tab on the site's channel, and the lock it holds while it runs the chat. */
export class TabPresence {
  readonly id = Math.random().toString(36).slice(2);
  readonly lockName: string;
  closed = false;
  /** Reads the other tabs' frames once the mirror is loaded; until then they wait in `pending`, in order. */
  receive?: (frame: TabFrame) => void;
  pending: TabFrame[] = [];
  /** The mirror's own tidying when the tab goes away. */
  onClose?: () => void;
  #channel: BroadcastChannel;
  #release?: () => void;

  /** `met`: another tab of the site is there (it said hello, answered ours, or sent its chat). */
  constructor(name: string, met: () => void) {
    this.#channel = new BroadcastChannel(name);
    this.lockName = ownerLockName(name);
    this.#channel.onmessage = ({ data: frame }: MessageEvent<TabFrame>) => {
      if (this.closed || !frame || frame.from === this.id) return;
      // Every tab answers a newcomer, chat or not: each then knows the other is there, so whichever starts a
      // chat later shows it in the other.
      if (frame.type === 'hello') this.post({ type: 'here' });
      if (this.receive) return this.receive(frame);
      this.pending.push(frame);
      met();
    };
  }

  get owning(): boolean {
    return this.#release !== undefined;
  }

  post(frame: { type: string; [field: string]: unknown }): void {
    if (!this.closed) this.#channel.postMessage({ ...frame, from: this.id });
  }

  /** Take ownership if no tab holds it. Resolves true when this tab now owns the chat. */
  claim(): Promise<boolean> {
    if (this.#release) return Promise.resolve(true);
    return new Promise((resolve) => {
      void navigator.locks
        .request(this.lockName, { ifAvailable: true }, (lock) => {
          resolve(Boolean(lock));
          return lock ? new Promise<void>((release) => (this.#release = release)) : undefined;
        })
        .catch(() => resolve(false));
    });
  }

  /** The lock was granted another way (a takeover waited for it): `release` lets it go. */
  hold(release: () => void): void {
    this.#release = release;
  }

  release(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  close(): void {
    this.closed = true;
    this.onClose?.();
    this.release();
    this.#channel.close();
  }
}

/**
 * The session's view of the other tabs: its presence from the first join, the mirror (its chunk) once another
 * tab is met. Until then nothing is mirrored, and nothing needs telling: a tab that joins later says hello,
 * and this one then loads the mirror and sends it the whole chat.
 */
export class SiteTabs {
  #host: MirrorHost;
  #presence?: TabPresence;
  #mirror?: TabMirror;
  #loading?: Promise<unknown>;
  /** After a failed download of the mirror: the next try, and how long after the one after waits. */
  #retry?: ReturnType<typeof setTimeout>;
  #retryMs = RETRY_FIRST_MS;

  constructor(host: MirrorHost) {
    this.#host = host;
  }

  get joined(): boolean {
    return this.#presence !== undefined;
  }

  get mirroring(): boolean {
    return this.#mirror?.mirroring ?? false;
  }

  /** Whether the window was open in the tab that holds the chat. */
  get ownerUi(): { open: boolean; minimized: boolean } | undefined {
    return this.#mirror?.ownerUi;
  }

  /** Join the site's other tabs: 'mirror' when another tab already holds a chat, 'alone' otherwise. */
  async join(waitMs: number): Promise<'mirror' | 'alone'> {
    if (!tabLinkAvailable()) return 'alone';
    this.#presence ??= new TabPresence(this.#host.key, () => void this.#meet());
    this.#presence.post({ type: 'hello' });
    const deadline = Date.now() + waitMs;
    while (!this.mirroring && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Another tab answered: what it said is read once the mirror is here, however long its download took.
    await this.#loading;
    return this.mirroring ? 'mirror' : 'alone';
  }

  /** This tab holds the chat now (it started or restored one); false when another tab got there first. */
  claim(): Promise<boolean> {
    return this.#presence ? this.#presence.claim() : Promise.resolve(true);
  }

  release(): void {
    this.#presence?.release();
  }

  /** The chat ended here: the mirrors hear it at once, and the lock goes. */
  ended(): void {
    if (this.#mirror) this.#mirror.ended();
    else this.#presence?.release();
  }

  /** Run a command in the tab that holds the chat (only while mirroring, so the mirror is loaded). */
  forward(name: TabCommand, args: unknown[]): Promise<unknown> {
    return this.#mirror!.forward(name, args);
  }

  /** The owner tells the others what changed; with no other tab met there is no one to tell. */
  broadcast(full: boolean): void {
    this.#mirror?.broadcast(full);
  }

  close(): void {
    clearTimeout(this.#retry);
    this.#presence?.close(); // the next tab in line takes the chat over
  }

  /** Another tab of the site is there: load the mirror, which reads what it has said so far. */
  #meet(): Promise<unknown> {
    this.#loading ??= import('./tab-mirror.js').then(
      ({ TabMirror }) => {
        const presence = this.#presence!;
        if (!presence.closed) this.#mirror = new TabMirror(this.#host, presence);
      },
      () => {
        this.#loading = undefined;
        this.#host.events.emit('error', { code: 'load.failed', message: 'The chat could not be shared with your other tabs: check the connection.' });
        // The other tab is there, and may say nothing new for a long time (its own download may have failed
        // too): try again after a while, longer each time, besides whenever it next says something.
        clearTimeout(this.#retry);
        this.#retry = setTimeout(() => {
          if (!this.#presence?.closed && !this.#mirror) void this.#meet();
        }, this.#retryMs);
        this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
      },
    );
    return this.#loading;
  }
}
