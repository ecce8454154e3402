// Reads a Widgets v2 configuration (`_genesys.widgets.webchat` and `.main`) into `<gc-webchat>` attributes.
// A v2 Genesys Cloud configuration (`transport.type: 'purecloud-v2-sockets'` with `dataURL`, `deploymentKey`,
// `orgGuid` and `interactionData.routing`) keeps its Guest Chat v2 transport; one naming a Messenger
// deployment (`transport.type: 'web-messaging'` with `deploymentKey` and `environment`, our own keys, as v2
// had none) runs on Web Messaging. Values the widget cannot use are left out here and reported by the
// widget's own attribute checks, which name the attribute.
import type { WidgetsConfig } from './global.js';

export type Attributes = Record<string, string>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/** The transport a v2 `transport` block names: its own `type`, or what its keys imply. */
export function transportOf(transport: Record<string, unknown>): string | undefined {
  const type = text(transport.type);
  if (type) return type;
  if (transport.environment !== undefined && transport.dataURL === undefined) return 'web-messaging';
  if (transport.dataURL !== undefined || transport.orgGuid !== undefined) return 'purecloud-v2-sockets';
  return undefined;
}

/**
 * Genesys Widgets v2 themes are `light` (the default) and `dark`. Light is the widget's own look; dark maps
 * to its colour custom properties.
 */
export const DARK_THEME: Record<string, string> = {
  '--gc-color-surface': '#1f232b',
  '--gc-color-surface-alt': '#2b303a',
  '--gc-color-text': '#eef0f4',
  '--gc-color-muted': '#b8bfcc',
  '--gc-color-border': '#59616f',
  '--gc-color-agent-bubble': '#2b303a',
  '--gc-color-primary': '#7b9bff',
  '--gc-color-on-primary': '#10131a',
  '--gc-color-on-customer-bubble': '#10131a',
};

/** The attributes a v2 configuration gives `<gc-webchat>`; keys the configuration does not set are absent. */
export function attributesFromConfig(widgets: WidgetsConfig | undefined): Attributes {
  const attributes: Attributes = {};
  const set = (name: string, value: unknown): void => {
    const value_ = text(value);
    if (value_ !== undefined && value_ !== '') attributes[name] = value_;
  };
  const webchat = isObject(widgets?.webchat) ? widgets.webchat : {};
  const main = isObject(widgets?.main) ? widgets.main : {};
  const transport = isObject(webchat.transport) ? webchat.transport : {};
  const routing = isObject(transport.interactionData) && isObject(transport.interactionData.routing) ? transport.interactionData.routing : {};

  set('transport', transportOf(transport));
  set('data-url', transport.dataURL);
  set('deployment-key', transport.deploymentKey);
  set('org-guid', transport.orgGuid);
  set('environment', transport.environment);
  set('target-type', routing.targetType);
  set('target-address', routing.targetAddress);
  set('priority', routing.priority);
  set('language', routing.language);
  if (Array.isArray(routing.skills)) attributes.skills = JSON.stringify(routing.skills);
  else set('skills', routing.skills);
  set('pagination', transport.pagination);
  set('max-message-page-size', transport.maxMessagePageSize);
  if (webchat.userData !== undefined) attributes['user-data'] = JSON.stringify(webchat.userData);
  // The custom registration form, v2's `{wrapper, inputs}`; functions (a field's `validate`) have no JSON form.
  if (webchat.form !== undefined) attributes.form = JSON.stringify(webchat.form);
  if (isObject(webchat.chatButton) && webchat.chatButton.enabled === false) attributes['no-launcher'] = '';
  set('lang', main.lang);
  return attributes;
}

/**
 * Gives an existing or new `<gc-webchat>` the configuration's attributes: an attribute already on the tag
 * wins, so a page can override one value of an old configuration without touching it. Returns the names set.
 */
export function applyConfig(element: HTMLElement, widgets: WidgetsConfig | undefined, own: ReadonlySet<string>): string[] {
  const applied: string[] = [];
  for (const [name, value] of Object.entries(attributesFromConfig(widgets))) {
    if (own.has(name) || element.getAttribute(name) === value) continue;
    element.setAttribute(name, value);
    applied.push(name);
  }
  const theme = isObject(widgets?.main) ? widgets.main.theme : undefined;
  if (theme === 'dark') {
    for (const [property, value] of Object.entries(DARK_THEME)) {
      if (!element.style.getPropertyValue(property)) element.style.setProperty(property, value);
    }
  }
  return applied;
}
