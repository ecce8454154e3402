// Parsers for attribute values: each returns the value or throws a ConfigError that names the attribute and
// says what is wrong. Shared by the widget's own attributes and each transport's.

/** A JSON object (not an array, not a class instance): what a JSON-valued attribute must hold. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

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
export function parseUrl(attribute: string, value: string): string {
  try {
    const url = new URL(value.trim(), globalThis.document?.baseURI);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    return url.href.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`The ${attribute} attribute must be an http(s) URL such as https://api.mypurecloud.com, not "${value}".`, attribute);
  }
}
