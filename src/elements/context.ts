// How <gc-webchat> hands its session to the elements inside it. A namespaced string key means two
// copies of the library on one page (npm build and script tag) still find each other.
import { ContextConsumer, createContext } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import type { ChatSession } from '../session/session.js';

export const sessionContext = createContext<ChatSession | undefined>('gc-webchat-session');

/** Follow the session of the surrounding `<gc-webchat>`, re-rendering the host whenever it changes. */
export function consumeSession(host: ReactiveControllerHost & HTMLElement, onSession: (session: ChatSession | undefined) => void): void {
  new ContextConsumer(host, {
    context: sessionContext,
    subscribe: true,
    callback: (session) => {
      onSession(session);
      host.requestUpdate();
    },
  });
}
