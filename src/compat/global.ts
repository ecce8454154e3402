// Where a Widgets v2 page finds the bus: `window._genesys.widgets.bus` and `window.CXBus`. Pages set their
// configuration as `window._genesys = {widgets: {…}}` or `window._genesys.widgets.webchat = {…}`, before or
// after the script, so a late assignment that replaces `_genesys` (or its `widgets`) keeps the bus in place
// and tells us the configuration changed.
import { createBus, type Bus } from './bus.js';

interface GenesysGlobal {
  widgets?: WidgetsConfig;
  [key: string]: unknown;
}

/** `window._genesys.widgets`: the v2 configuration namespaces, and the bus. */
export interface WidgetsConfig {
  bus?: Bus;
  main?: Record<string, unknown>;
  webchat?: Record<string, unknown>;
  [key: string]: unknown;
}

declare global {
  interface Window {
    _genesys?: GenesysGlobal;
    CXBus?: Bus;
  }
}

/** Dispatched on window when the page assigns a new `_genesys` or `_genesys.widgets` after the bus was defined. */
export const CONFIG_EVENT = 'gc-widgets-config';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The page's `_genesys.widgets`, if it has one. */
export function widgetsConfig(): WidgetsConfig | undefined {
  const widgets = window._genesys?.widgets;
  return isObject(widgets) ? widgets : undefined;
}

/**
 * The page's bus, defined now if it has none. `onDemand` hears of commands for plugins not loaded yet,
 * `onConfig` (and CONFIG_EVENT listeners) of a `_genesys` or `_genesys.widgets` the page assigned after this ran.
 */
export function installBus(onDemand?: (plugin: string) => void, onConfig: () => void = () => undefined): Bus {
  const changed = (): void => {
    onConfig();
    window.dispatchEvent(new Event(CONFIG_EVENT));
  };
  const existing = widgetsConfig()?.bus;
  if (existing && typeof existing.registerPlugin === 'function') return existing;
  const bus = createBus(onDemand);
  const holdWidgets = (genesys: GenesysGlobal): GenesysGlobal => {
    let widgets: WidgetsConfig = isObject(genesys.widgets) ? genesys.widgets : {};
    widgets.bus = bus;
    Object.defineProperty(genesys, 'widgets', {
      configurable: true,
      enumerable: true,
      get: () => widgets,
      set(value: unknown) {
        if (!isObject(value)) return;
        widgets = value as WidgetsConfig;
        widgets.bus = bus;
        changed();
      },
    });
    return genesys;
  };
  let genesys = holdWidgets(isObject(window._genesys) ? window._genesys : {});
  Object.defineProperty(window, '_genesys', {
    configurable: true,
    enumerable: true,
    get: () => genesys,
    set(value: unknown) {
      if (!isObject(value)) return;
      genesys = holdWidgets(value as GenesysGlobal);
      changed();
    },
  });
  window.CXBus = bus;
  return bus;
}
