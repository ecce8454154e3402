// Reads the page author's attributes into a session configuration. Every bad value becomes a ConfigError
// naming the attribute and what was wrong, never a silent null or default.
import { transportNames } from '../transport/registry.js';
import type { SessionConfig } from '../session/types.js';
import { isPlainObject } from '../session/user-data.js';

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly attribute: string,
    readonly code = 'config.invalid',
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseJsonObject(attribute: string, value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new ConfigError(`The ${attribute} attribute is not valid JSON: ${(error as Error).message}.`, attribute, 'config.json');
  }
  if (!isPlainObject(parsed)) {
    throw new ConfigError(`The ${attribute} attribute must be a JSON object like {"key": "value"}.`, attribute, 'config.json');
  }
  return parsed;
}

export function parseInteger(attribute: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(`The ${attribute} attribute must be a whole number from ${min} to ${max}, not "${value}".`, attribute);
  }
  return number;
}

export function parseBoolean(attribute: string, value: string): boolean {
  const normalized = value.trim().toLowerCase();
  if (normalized === '' || normalized === 'true') return true;
  if (normalized === 'false') return false;
  throw new ConfigError(`The ${attribute} attribute must be "true" or "false", not "${value}".`, attribute);
}

/** `skills="Printers, Computers"` or `skills='["Printers","Computers"]'`. */
export function parseList(attribute: string, value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new ConfigError(`The ${attribute} attribute is not a valid JSON array: ${(error as Error).message}.`, attribute, 'config.json');
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new ConfigError(`The ${attribute} attribute must be a list of names.`, attribute);
    }
    return parsed.map((item) => item.trim()).filter(Boolean);
  }
  return trimmed.split(',').map((item) => item.trim()).filter(Boolean);
}

/** Absolute, or relative to the page (so a page served by the API host can say `data-url="/"`). */
function parseUrl(attribute: string, value: string): string {
  try {
    const url = new URL(value, globalThis.document?.baseURI);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    return url.href.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`The ${attribute} attribute must be an http(s) URL such as https://api.mypurecloud.com, not "${value}".`, attribute);
  }
}

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
}

const required: [keyof WidgetAttributes, string][] = [
  ['dataUrl', 'data-url'],
  ['deploymentKey', 'deployment-key'],
  ['orgGuid', 'org-guid'],
  ['targetAddress', 'target-address'],
];

/** Every problem at once, so a page author fixes them in one go. */
export function readSessionConfig(attributes: WidgetAttributes): { config?: SessionConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof ConfigError) errors.push(error);
      else throw error;
      return undefined;
    }
  };
  const transport = (attributes.transport ?? '').trim() || 'purecloud-v2-sockets';
  if (!transportNames().includes(transport)) {
    errors.push(
      new ConfigError(
        `Unknown transport "${transport}": use one of ${transportNames().map((n) => `"${n}"`).join(', ')}.`,
        'transport',
        'config.transport',
      ),
    );
  }
  for (const [key, attribute] of required) {
    if (!attributes[key]?.trim()) {
      errors.push(new ConfigError(`The ${attribute} attribute is required.`, attribute, 'config.missing'));
    }
  }
  const dataUrl = attributes.dataUrl?.trim() ? attempt(() => parseUrl('data-url', attributes.dataUrl!.trim())) : undefined;
  const targetType = (attributes.targetType ?? '').trim() || 'QUEUE';
  if (targetType.toUpperCase() !== 'QUEUE') {
    errors.push(new ConfigError(`The target-type attribute must be "QUEUE", not "${targetType}".`, 'target-type'));
  }
  const priority = attributes.priority != null ? attempt(() => parseInteger('priority', attributes.priority!, 0, 10)) : undefined;
  const skills = attributes.skills != null ? attempt(() => parseList('skills', attributes.skills!)) : undefined;
  const userData = attributes.userData != null ? attempt(() => parseJsonObject('user-data', attributes.userData!)) : undefined;
  const pagination = attributes.pagination != null ? attempt(() => parseBoolean('pagination', attributes.pagination!)) : undefined;
  const maxMessagePageSize =
    attributes.maxMessagePageSize != null
      ? attempt(() => parseInteger('max-message-page-size', attributes.maxMessagePageSize!, 1, 100))
      : undefined;
  const restoreTimeout =
    attributes.restoreTimeout != null
      ? attempt(() => parseInteger('restore-timeout', attributes.restoreTimeout!, 1, 86_400))
      : undefined;
  if (errors.length > 0) return { errors };
  return {
    errors,
    config: {
      transport,
      dataUrl: dataUrl!,
      deploymentKey: attributes.deploymentKey!.trim(),
      orgGuid: attributes.orgGuid!.trim(),
      targetType: targetType.toUpperCase(),
      targetAddress: attributes.targetAddress!.trim(),
      priority,
      skills,
      language: attributes.language?.trim() || undefined,
      userData,
      pagination,
      maxMessagePageSize,
      restoreTimeoutMs: restoreTimeout !== undefined ? restoreTimeout * 1000 : undefined,
    },
  };
}
