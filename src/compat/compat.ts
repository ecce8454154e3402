// The Widgets v2 page API over `<gc-webchat>`: a lazily loaded chunk, fetched only by a page that has a
// `window._genesys.widgets` (its configuration, or the bus that dist/widgets.min.js defined). It gives the
// page's `<gc-webchat>` (or a new one) the `webchat` configuration, registers the WebChat and
// WebChatService plugins on the bus so queued and new commands are served, and publishes the widget's
// events under their v2 names.
import type { GcWebchat } from '../elements/gc-webchat.js';
import { createMetadata } from '../session/metadata.js';
import { applyConfig } from './config.js';
import { webChatCommands, webChatServiceCommands } from './commands.js';
import { relayEvents } from './events.js';
import { CONFIG_EVENT, installBus, widgetsConfig } from './global.js';

let started: Promise<GcWebchat | undefined> | undefined;

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
  const metadata = widget.session?.metadata ?? createMetadata();
  webChat.publish('ready', metadata);
  service.publish('ready');
  return widget;
}
