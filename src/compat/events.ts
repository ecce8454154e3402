// The widget's events, published on the bus under the names and with the data Genesys Widgets v2 used:
// WebChat's interaction lifecycle (ready … closed) carries the lifecycle metadata block, as Genesys's
// analytics integrations read it; WebChatService's events carry the service's payloads.
import type { GcWebchat } from '../elements/gc-webchat.js';
import type { Plugin } from './bus.js';

/** gc-* event → WebChat event whose data is the metadata block. */
export const LIFECYCLE: Record<string, string> = {
  'gc-opened': 'opened',
  'gc-submitted': 'submitted',
  'gc-started': 'started',
  'gc-cancelled': 'cancelled',
  'gc-rejected': 'rejected',
  'gc-completed': 'completed',
  'gc-closed': 'closed',
};

/** gc-* event → WebChatService event whose data is the event's detail. */
export const SERVICE: Record<string, string> = {
  'gc-message-received': 'messageReceived',
  'gc-error': 'error',
  'gc-ended': 'ended',
  'gc-disconnected': 'disconnected',
  'gc-reconnected': 'reconnected',
  'gc-restored': 'restored',
  'gc-restore-failed': 'restoreFailed',
  'gc-restore-timeout': 'restoreTimeout',
  'gc-client-connected': 'clientConnected',
  'gc-client-disconnected': 'clientDisconnected',
  'gc-agent-connected': 'agentConnected',
  'gc-agent-disconnected': 'agentDisconnected',
  'gc-agent-typing-started': 'agentTypingStarted',
  'gc-agent-typing-stopped': 'agentTypingStopped',
  'gc-agent-typing-timeout': 'agentTypingTimeout',
  'gc-client-typing-started': 'clientTypingStarted',
  'gc-client-typing-stopped': 'clientTypingStopped',
};

type Detail = Record<string, unknown> | undefined;

/** Relays the widget's events to the bus until the returned function is called. */
export function relayEvents(widget: GcWebchat, webChat: Plugin, service: Plugin): () => void {
  const sessionData = () => widget.session?.sessionData();
  const handlers: [string, (event: Event) => void][] = [];
  const on = (type: string, handle: (detail: Detail) => void): void => {
    const listener = (event: Event) => handle((event as CustomEvent<Detail>).detail ?? undefined);
    handlers.push([type, listener]);
    widget.addEventListener(type, listener);
  };

  for (const [type, name] of Object.entries(LIFECYCLE)) {
    on(type, (detail) => {
      webChat.publish(name, detail?.metadata);
      if (name === 'opened' || name === 'closed') webChat.data('open', name === 'opened');
    });
  }
  on('gc-minimized', () => webChat.publish('minimized'));
  on('gc-unminimized', () => webChat.publish('unminimized'));
  // WebChatService.started carries the new session's data (Genesys: the create response).
  on('gc-started', (detail) => service.publish('started', detail?.session));

  for (const [type, name] of Object.entries(SERVICE)) {
    on(type, (detail) => {
      const data = detail && Object.keys(detail).length > 0 ? { ...detail } : undefined;
      // messageReceived names the session the messages belong to.
      if (name === 'messageReceived' && data && data.sessionData === undefined) data.sessionData = sessionData();
      service.publish(name, data);
    });
  }
  return () => {
    for (const [type, listener] of handlers) widget.removeEventListener(type, listener);
  };
}
