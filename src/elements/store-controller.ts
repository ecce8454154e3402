// Re-renders a Lit host when a nanostores store changes. Unlike @nanostores/lit (CommonJS only), the store
// can be swapped later, which a session that arrives through context needs.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

export class StoreController<T> implements ReactiveController {
  #host: ReactiveControllerHost;
  #store?: ReadableAtom<T>;
  #off?: () => void;
  #connected = false;

  constructor(host: ReactiveControllerHost, store?: ReadableAtom<T>) {
    this.#host = host;
    this.#store = store;
    host.addController(this);
  }

  get value(): T | undefined {
    return this.#store?.get();
  }

  setStore(store: ReadableAtom<T> | undefined): void {
    if (store === this.#store) return;
    this.#off?.();
    this.#off = undefined;
    this.#store = store;
    if (this.#connected) this.#listen();
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#listen();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#off?.();
    this.#off = undefined;
  }

  // `listen`, not `subscribe`: render reads get() anyway, so an immediate call would only add an update.
  #listen(): void {
    this.#off = this.#store?.listen(() => this.#host.requestUpdate());
  }
}
