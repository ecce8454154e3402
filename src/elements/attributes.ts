// Reads the page author's attributes into a session configuration. Every bad value becomes a ConfigError
// naming the attribute and what was wrong, never a silent null or default.
import { DEFAULT_TRANSPORT, transportDefinition, transportNames } from '../transport/registry.js';
import { isStateStorage, memoryState } from '../session/storage.js';
import type { PageUrlQuery, SessionConfig, StateStorage } from '../session/types.js';
import { ConfigError, parseBoolean, parseInteger, parseJsonObject, parseList } from '../util/config-parse.js';
import { kebabCase } from '../util/kebab-case.js';

export { ConfigError, parseBoolean, parseInteger, parseJsonObject, parseList };

export interface WidgetAttributes {
  transport?: string | null;
  /** Both protocols. */
  deploymentKey?: string | null;
  /** Web Messaging. */
  environment?: string | null;
  /** Guest Chat v2. */
  dataUrl?: string | null;
  orgGuid?: string | null;
  targetType?: string | null;
  targetAddress?: string | null;
  priority?: string | null;
  skills?: string | null;
  language?: string | null;
  userData?: string | null;
  pagination?: string | null;
  maxMessagePageSize?: string | null;
  restoreTimeout?: string | null;
  storage?: string | null;
  allowedHosts?: string | null;
  pageUrlQuery?: string | null;
  /** A property, not an attribute: the page's own `{read, write}` persistence. */
  stateStorage?: unknown;
}

export { kebabCase };

/** The widget's own attributes, whatever the protocol, each by its parser (given the attribute's name, for errors). */
const PARSERS = {
  userData: parseJsonObject,
  pagination: parseBoolean,
  maxMessagePageSize: (attribute: string, value: string) => parseInteger(attribute, value, 1, 100),
  restoreTimeout: (attribute: string, value: string) => parseInteger(attribute, value, 1, 86_400),
  allowedHosts: parseList,
  pageUrlQuery: (attribute: string, value: string): PageUrlQuery => {
    const mode = value.trim() || 'safe';
    if (mode === 'safe' || mode === 'full' || mode === 'none') return mode;
    throw new ConfigError(`The ${attribute} attribute must be "safe", "full" or "none", not "${value}".`, attribute);
  },
};
type Parsed = { [K in keyof typeof PARSERS]?: ReturnType<(typeof PARSERS)[K]> };

/** Every property readSessionConfig reads (every protocol's too): a change to one means a different session. */
export const CONFIG_PROPERTIES = [
  ...new Set(['transport', 'storage', 'stateStorage', ...transportNames().flatMap((name) => transportDefinition(name).attributes), ...Object.keys(PARSERS)]),
] as (keyof WidgetAttributes)[];

/**
 * The protocol the attributes name and its own configuration (or why it has none): the launcher uses it to
 * find a stored chat without loading anything, the window to build the session.
 */
export function readTransportConfig(attributes: WidgetAttributes): { transport: string; config?: Record<string, unknown>; keep?: 'tab' | 'site'; storageKey?: string; errors: ConfigError[] } {
  const transport = attributes.transport?.trim() || DEFAULT_TRANSPORT;
  if (!transportNames().includes(transport)) {
    const known = transportNames().map((n) => `"${n}"`).join(', ');
    return { transport, errors: [new ConfigError(`Unknown transport "${transport}": use one of ${known}.`, 'transport', 'config.transport')] };
  }
  const definition = transportDefinition(transport);
  const values = Object.fromEntries(definition.attributes.map((key) => [key, attributes[key as keyof WidgetAttributes] as string | null | undefined]));
  const { config, errors } = definition.readConfig(values);
  return {
    transport,
    config,
    keep: definition.keep,
    storageKey: config && definition.storageKey(config),
    errors: errors.map((problem) => new ConfigError(problem.message, problem.attribute, problem.code)),
  };
}

/** Every problem at once, so a page author fixes them in one go. */
export function readSessionConfig(attributes: WidgetAttributes): { config?: SessionConfig; errors: ConfigError[] } {
  const { transport, config: transportConfig, errors } = readTransportConfig(attributes);
  const parsed: Parsed = {};
  for (const [key, parse] of Object.entries(PARSERS)) {
    const value = attributes[key as keyof Parsed];
    if (value == null) continue;
    try {
      (parsed as Record<string, unknown>)[key] = parse(kebabCase(key), value);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      errors.push(error);
    }
  }
  // The stateStorage property wins over the storage attribute; the transport's own storage (undefined here) is the default.
  let storage: StateStorage | undefined;
  const { stateStorage } = attributes;
  if (stateStorage !== undefined) {
    if (isStateStorage(stateStorage)) storage = stateStorage;
    else errors.push(new ConfigError('The stateStorage property must be an object with read() and write() methods.', 'stateStorage'));
  } else if (attributes.storage != null && attributes.storage !== 'session') {
    if (attributes.storage === 'none') storage = memoryState();
    else errors.push(new ConfigError(`The storage attribute must be "session" or "none", not "${attributes.storage}".`, 'storage'));
  }
  if (errors.length > 0 || !transportConfig) return { errors };
  const { restoreTimeout, ...rest } = parsed;
  return {
    errors,
    config: {
      ...rest,
      ...transportConfig,
      transport,
      restoreTimeoutMs: restoreTimeout !== undefined ? restoreTimeout * 1000 : undefined,
      storage,
    },
  };
}
