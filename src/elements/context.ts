// How <gc-webchat> hands its session to the elements inside it, over the community context protocol
// (webcomponents-cg/community-protocols, "context"): a consumer dispatches a bubbling, composed
// `context-request` event; the nearest provider stops it, answers, and calls a subscriber back whenever the
// value changes. A namespaced string key means two copies of the library on one page (npm build and script
// tag), or @lit/context on either side, still find each other. Our own few lines rather than @lit/context,
// which costs about ten times as much in the script-tag build for features we do not use.
import type { ReactiveControllerHost } from 'lit';
import type { ChatSession } from '../session/session.js';

/** The key, typed as @lit/context's `Context<'gc-webchat-session', ChatSession | undefined>` for its users. */
export const sessionContext = 'gc-webchat-session' as 'gc-webchat-session' & { __context__: ChatSession | undefined };

/** Called with the value, and (for a subscriber) the function that stops the calls. */
type ContextCallback = (value: ChatSession | undefined, unsubscribe?: () => void) => void;

class ContextRequestEvent extends Event {
  constructor(
    readonly context: typeof sessionContext,
    readonly contextTarget: Element,
    readonly callback: ContextCallback,
    readonly subscribe: boolean,
  ) {
    super('context-request', { bubbles: true, composed: true });
  }
}

/** Answers the session requests of the elements below `host`, and tells subscribers when it changes. */
export class SessionProvider {
  #value?: ChatSession;
  /** Each subscriber's callback with its unsubscribe function, the same one every time it is called. */
  #subscribers = new Map<ContextCallback, () => void>();

  constructor(host: HTMLElement) {
    host.addEventListener('context-request', (event) => {
      const request = event as Partial<ContextRequestEvent>;
      if (request.context !== sessionContext || !request.callback) return;
      event.stopPropagation();
      const callback = request.callback;
      if (!request.subscribe) {
        callback(this.#value);
        return;
      }
      if (!this.#subscribers.has(callback)) this.#subscribers.set(callback, () => this.#subscribers.delete(callback));
      callback(this.#value, this.#subscribers.get(callback));
    });
  }

  setValue(value: ChatSession | undefined): void {
    if (value === this.#value) return;
    this.#value = value;
    for (const [callback, unsubscribe] of this.#subscribers) callback(value, unsubscribe);
  }
}

/** Follow the session of the surrounding `<gc-webchat>`, re-rendering the host whenever it changes. */
export function consumeSession(host: ReactiveControllerHost & HTMLElement, onSession: (session: ChatSession | undefined) => void): void {
  let unsubscribe: (() => void) | undefined;
  const callback: ContextCallback = (session, stop) => {
    // A different provider answered (the element moved): stop hearing from the old one.
    if (unsubscribe && unsubscribe !== stop) unsubscribe();
    unsubscribe = stop;
    onSession(session);
    host.requestUpdate();
  };
  host.addController({
    hostConnected: () => host.dispatchEvent(new ContextRequestEvent(sessionContext, host, callback, true)),
    hostDisconnected: () => {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  });
}
