// A typed, synchronous event emitter: small enough to live in every layer without a DOM.
export class Emitter<Events extends object> {
  #listeners = new Map<keyof Events, Set<(event: never) => void>>();
  #relays = new Set<(type: keyof Events, event: Events[keyof Events]) => void>();

  on<K extends keyof Events>(type: K, listener: (event: Events[K]) => void): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as (event: never) => void);
    return () => set.delete(listener as (event: never) => void);
  }

  /** Every event, whatever its type: for passing them all on (the widget's gc-* DOM events). */
  onAny(listener: (type: keyof Events, event: Events[keyof Events]) => void): () => void {
    this.#relays.add(listener);
    return () => this.#relays.delete(listener);
  }

  emit<K extends keyof Events>(type: K, event: Events[K]): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      (listener as (event: Events[K]) => void)(event);
    }
    for (const relay of [...this.#relays]) relay(type, event);
  }

  clear(): void {
    this.#listeners.clear();
    this.#relays.clear();
  }
}
