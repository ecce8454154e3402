// dist/widgets.min.js: the classic script a Genesys Widgets v2 page swaps in for Genesys's own widgets.min.js.
// v2 pages load it with a plain `<script src>` and call the bus from inline scripts right after it, so the bus
// is defined here, synchronously. The chat (gc-webchat.min.js, the launcher) and the v2 layer
// (gc-widgets-compat.js) are loaded side by side from beside this file, wherever that is (a CDN; they are
// modules, so it must answer with CORS headers, as public CDNs do), once the page configures `webchat` or
// addresses WebChat / WebChatService on the bus.
import { installBus, widgetsConfig } from './global.js';

const SERVED = ['WebChat', 'WebChatService'];
const base = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;
let loading: Promise<unknown> | undefined;

function load(): void {
  const from = (file: string) => import(new URL(file, base).href);
  loading ??= Promise.all([from('gc-webchat.min.js'), from('gc-widgets-compat.js')]).then(
    ([, compat]: [unknown, { startCompat(): Promise<unknown> }]) => compat.startCompat(),
  ).catch((error: unknown) => {
    // Forgotten, so the next command tries again; the commands waiting now fail rather than wait forever.
    loading = undefined;
    const reason = `The chat could not load: ${error instanceof Error ? error.message : String(error)}`;
    for (const plugin of SERVED) bus.failQueued(plugin, reason);
  });
}

const configured = (): boolean => typeof widgetsConfig()?.webchat === 'object';
const bus = installBus(
  (plugin) => SERVED.includes(plugin) && load(),
  () => configured() && load(),
);

if (configured()) load();
else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => configured() && load(), { once: true });
