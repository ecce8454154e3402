// Reads the page author's attributes into a session configuration. Every bad value becomes a ConfigError
// naming the attribute and what was wrong, never a silent null or default.
import { transportNames } from '../transport/registry.js';
import { isStateStorage, memoryState } from '../session/storage.js';
import type { PageUrlQuery, SessionConfig, StateStorage } from '../session/types.js';
import { ConfigError, parseBoolean, parseInteger, parseJsonObject, parseList, parseUrl } from '../util/config-parse.js';

export { ConfigError, parseBoolean, parseInteger, parseJsonObject, parseList };

export interface WidgetAttributes {
  transport?: string | null;
  dataUrl?: string | null;
  deploymentKey?: string | null;
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

/** dataUrl → data-url (and messageReceived → message-received). */
export const kebabCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const REQUIRED = ['dataUrl', 'deploymentKey', 'orgGuid', 'targetAddress'] as const;

/** The attributes that are read when present, each by its parser (given the attribute's name, for errors). */
const PARSERS = {
  dataUrl: parseUrl,
  priority: (attribute: string, value: string) => parseInteger(attribute, value, 0, 10),
  skills: parseList,
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

/** Every property readSessionConfig reads: a change to one means a different session. */
export const CONFIG_PROPERTIES: (keyof WidgetAttributes)[] = [
  'transport', 'targetType', 'language', 'storage', 'stateStorage', ...REQUIRED, ...(Object.keys(PARSERS) as (keyof Parsed)[]),
];

/** Every problem at once, so a page author fixes them in one go. */
export function readSessionConfig(attributes: WidgetAttributes): { config?: SessionConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const transport = attributes.transport?.trim() || 'purecloud-v2-sockets';
  if (!transportNames().includes(transport)) {
    const known = transportNames().map((n) => `"${n}"`).join(', ');
    errors.push(new ConfigError(`Unknown transport "${transport}": use one of ${known}.`, 'transport', 'config.transport'));
  }
  for (const key of REQUIRED) {
    const attribute = kebabCase(key);
    if (!attributes[key]?.trim()) errors.push(new ConfigError(`The ${attribute} attribute is required.`, attribute, 'config.missing'));
  }
  const targetType = attributes.targetType?.trim().toUpperCase() || 'QUEUE';
  if (targetType !== 'QUEUE') {
    errors.push(new ConfigError(`The target-type attribute must be "QUEUE", not "${attributes.targetType!.trim()}".`, 'target-type'));
  }
  const parsed: Parsed = {};
  for (const [key, parse] of Object.entries(PARSERS)) {
    const value = attributes[key as keyof Parsed];
    // A blank required attribute is reported as missing, above.
    if (value == null || (!value.trim() && (REQUIRED as readonly string[]).includes(key))) continue;
    try {
      (parsed as Record<string, unknown>)[key] = parse(kebabCase(key), value);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      errors.push(error);
    }
  }
  // The stateStorage property wins over the storage attribute; sessionStorage (undefined here) is the default.
  let storage: StateStorage | undefined;
  const { stateStorage } = attributes;
  if (stateStorage !== undefined) {
    if (isStateStorage(stateStorage)) storage = stateStorage;
    else errors.push(new ConfigError('The stateStorage property must be an object with read() and write() methods.', 'stateStorage'));
  } else if (attributes.storage != null && attributes.storage !== 'session') {
    if (attributes.storage === 'none') storage = memoryState();
    else errors.push(new ConfigError(`The storage attribute must be "session" or "none", not "${attributes.storage}".`, 'storage'));
  }
  if (errors.length > 0) return { errors };
  const { restoreTimeout, ...rest } = parsed;
  return {
    errors,
    config: {
      ...rest,
      transport,
      dataUrl: parsed.dataUrl!,
      deploymentKey: attributes.deploymentKey!.trim(),
      orgGuid: attributes.orgGuid!.trim(),
      targetType,
      targetAddress: attributes.targetAddress!.trim(),
      language: attributes.language?.trim() || undefined,
      restoreTimeoutMs: restoreTimeout !== undefined ? restoreTimeout * 1000 : undefined,
      storage,
    },
  };
}
