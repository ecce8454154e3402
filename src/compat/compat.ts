// The Widgets v2 page API over `<gc-webchat>`: dist/gc-widgets-compat.js, a module only dist/widgets.min.js
// loads (a page that never uses the v2 API downloads none of it, not even a check in the launcher). It gives
// the page's `<gc-webchat>` (or a new one) the `webchat` configuration, registers the WebChat and
// WebChatService plugins on the bus so queued and new commands are served, and publishes the widget's
// events under their v2 names. It imports nothing at run time from the widget, so it shares no chunk with
// the launcher: it talks to the element through its public methods and events.
import type { GcWebchat } from '../elements/gc-webchat.js';
import type { LifecycleMetadata } from '../session/types.js';
import { applyConfig } from './config.js';
import { webChatCommands, webChatServiceCommands } from './commands.js';
import { relayEvents } from './events.js';
import { CONFIG_EVENT, installBus, widgetsConfig } from './global.js';

let started: Promise<GcWebchat | undefined> | undefined;

/** The lifecycle block before anything happened, as WebChat.ready carries it (every value false or 0). */
function initialMetadata(): LifecycleMetadata {
  const metadata: Record<string, false | 0> = {};
  for (const key of 'proactive prefilled autoSubmitted coBrowseInitiated errors form opened started cancelled rejected completed closed agentReached supervisorReached elapsed waitingForAgent id'.split(' ')) metadata[key] = false;
  for (const key of 'filesUploaded numAgents userMessages agentMessages systemMessages'.split(' ')) metadata[key] = 0;
  return metadata as unknown as LifecycleMetadata;
}

const bodyReady = (): Promise<void> =>
  document.body ? Promise.resolve() : new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));

/** Serves the page's bus with a `<gc-webchat>`; once per page, whoever asks first. */
export function startCompat(): Promise<GcWebchat | undefined> {
  started ??= start();
  return started;
}

async function start(): Promise<GcWebchat | undefined> {
  await bodyReady();
  let widget = document.querySelector('gc-webchat');
  // The page's own tag keeps every attribute it has; the configuration fills in the rest, now and when the
  // page assigns a new one.
  const own = new Set(widget?.getAttributeNames() ?? []);
  const created = !widget;
  widget ??= document.createElement('gc-webchat');
  const apply = (): void => void applyConfig(widget, widgetsConfig(), own);
  const bus = installBus();
  window.addEventListener(CONFIG_EVENT, apply);
  apply();
  const webChat = bus.registerPlugin('WebChat');
  const service = bus.registerPlugin('WebChatService');
  if (!webChat || !service) {
    console.error('gc-webchat: the page already registered a WebChat or WebChatService plugin on the bus; the chat does not serve the bus.');
    return undefined;
  }
  webChat.data('open', false);
  relayEvents(widget, webChat, service);
  if (created) document.body.append(widget);
  await customElements.whenDefined('gc-webchat');
  await widget.updateComplete;
  webChat.data('open', widget.open);
  webChat.registerCommands(webChatCommands(widget));
  service.registerCommands(webChatServiceCommands(widget));
  // Both plugins are ready as the page loads; a restored chat's metadata is the session's own.
  const metadata = widget.session?.metadata ?? initialMetadata();
  webChat.publish('ready', metadata);
  service.publish('ready');
  return widget;
}
