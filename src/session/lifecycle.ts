// The interaction lifecycle (ready → opened → submitted → started → completed | cancelled | rejected → closed)
// and the metadata block every step carries. The steps are announced here, once each, with the block as it is.
import { map } from 'nanostores';
import type { Emitter } from '../util/emitter.js';
import { createMetadata } from './metadata.js';
import type { LifecycleMetadata, LifecycleStep, SessionEvents } from './types.js';

type Counter = 'userMessages' | 'agentMessages' | 'systemMessages' | 'numAgents';

export class Lifecycle {
  readonly $metadata = map<LifecycleMetadata>(createMetadata());
  #events: Emitter<SessionEvents>;

  constructor(events: Emitter<SessionEvents>) {
    this.#events = events;
  }

  /** A copy of the block, as every lifecycle event carries it. */
  get metadata(): LifecycleMetadata {
    return { ...this.$metadata.get() };
  }

  get<K extends keyof LifecycleMetadata>(key: K): LifecycleMetadata[K] {
    return this.$metadata.get()[key];
  }

  set<K extends keyof LifecycleMetadata>(key: K, value: LifecycleMetadata[K]): void {
    this.$metadata.set({ ...this.$metadata.get(), [key]: value });
  }

  count(key: Counter): void {
    this.set(key, this.$metadata.get()[key] + 1);
  }

  recordError(code: string): void {
    this.set('errors', [...(this.$metadata.get().errors || []), code]);
  }

  announce<K extends LifecycleStep>(step: K, extra: Omit<SessionEvents[K], 'metadata'> | Record<string, never> = {}): void {
    this.#events.emit(step, { ...extra, metadata: this.metadata } as SessionEvents[K]);
  }

  /** completed / cancelled / rejected: set the timestamp and announce it once. */
  stamp(step: 'completed' | 'cancelled' | 'rejected'): void {
    if (this.$metadata.get()[step]) return;
    this.set(step, Date.now());
    if (step !== 'rejected') this.announce(step);
  }

  finished(): boolean {
    const metadata = this.$metadata.get();
    return Boolean(metadata.completed || metadata.cancelled || metadata.rejected);
  }

  /** A new interaction after a finished one starts from a clean block (keeping `opened` while the window is open). */
  resetIfFinished(): void {
    const metadata = this.$metadata.get();
    if (!this.finished() && !metadata.closed) return;
    const fresh = createMetadata();
    if (!metadata.closed) fresh.opened = metadata.opened;
    this.$metadata.set(fresh);
  }

  /** The block a restored chat stored, over a clean one (a damaged store gives a clean block). */
  load(stored: LifecycleMetadata): void {
    this.$metadata.set({ ...createMetadata(), ...stored });
  }
}
