// The command line, the environment and a --dotenv file turned into one validated set of settings.
// The client secret and the place it is sent to always come from one source (flags, else the environment,
// else the file named by --dotenv): a file or variable someone else wrote can never point a secret from
// another source at their own server.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { TypeChoice } from './conversations.js';
import { TYPE_CHOICES } from './conversations.js';
import { loadDotenv } from './dotenv.js';
import { AttributesToolError } from './errors.js';
import type { OutputFormat } from './format.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './http.js';
import { resolveEndpoints, type Endpoints } from './regions.js';

export const ENV = {
  clientId: 'GENESYSCLOUD_OAUTHCLIENT_ID',
  clientSecret: 'GENESYSCLOUD_OAUTHCLIENT_SECRET',
  region: 'GENESYSCLOUD_REGION',
  baseUrl: 'GENESYSCLOUD_BASE_URL',
  loginUrl: 'GENESYSCLOUD_LOGIN_URL',
} as const;

/**
 * The names Genesys's own SDK tutorials put in a .env file (GENESYS_REGION=us-east-1.aws, …), read when the
 * GENESYSCLOUD_* name is not set, so such a file (or environment) works as it is.
 */
export const ENV_ALIASES: Partial<Record<keyof typeof ENV, string>> = {
  clientId: 'GENESYS_CLIENT_ID',
  clientSecret: 'GENESYS_CLIENT_SECRET',
  region: 'GENESYS_REGION',
};

/** The alias of a GENESYSCLOUD_* name, if it has one. */
const aliasOf = (name: string): string | undefined => {
  const key = (Object.keys(ENV) as (keyof typeof ENV)[]).find((k) => ENV[k] === name);
  return key && ENV_ALIASES[key];
};

export type View = 'raw' | 'stripped' | 'flat' | 'details';
export const VIEWS: readonly View[] = ['raw', 'stripped', 'flat', 'details'];
export const FORMATS: readonly OutputFormat[] = ['json', 'table'];

export interface Settings {
  conversationId: string;
  type: TypeChoice;
  view: View;
  format: OutputFormat;
  write: boolean;
  verbose: boolean;
  endpoints: Endpoints;
  clientId: string;
  clientSecret: string;
  maxRetries: number;
  timeoutMs: number;
}

export type Parsed = { help: true } | { version: true } | { settings: Settings };

export const USAGE = `Usage: gc-attributes <conversation-id> [options]

Reads the customer participant's attributes of a Genesys Cloud chat or web messaging conversation.

Where:
  --region <region>        eu-west-1, eu-west-1.aws, mypurecloud.ie, …     [${ENV.region}, ${ENV_ALIASES.region}]
  --base-url <url>         API base URL instead, e.g. http://127.0.0.1:8787  [${ENV.baseUrl}]
  --login-url <url>        login service base URL (default: derived)         [${ENV.loginUrl}]
Credentials (OAuth client credentials):
  --client-id <id>                                   [${ENV.clientId}, ${ENV_ALIASES.clientId}]
  --client-secret <secret> prefer the variable or .env (flags show in ps)
                                                     [${ENV.clientSecret}, ${ENV_ALIASES.clientSecret}]
  --dotenv <path>          read variables from this file (no file is read without it)
The client id and secret and the region, base URL and login URL are taken together from one source: the
flags when they hold the secret, else the environment, else the --dotenv file. Plain http is refused except
for a loopback address.
Output:
  --type <type>            auto (default, detected), chat or message (web messaging)
  --view <view>            raw (default), stripped (no "context." prefix), flat (stripped, nested
                           JSON values as key_innerKey entries) or details (Interaction Details)
  --format <format>        json (default) or table
  --write                  add the flattened attributes the customer lacks (PATCH, existing ones
                           kept), then print the participant as it is afterwards
Behaviour:
  --max-retries <n>        retries after a 429, each after its Retry-After (default ${DEFAULT_MAX_RETRIES})
  --timeout <ms>           time to wait for each answer (default ${DEFAULT_TIMEOUT_MS})
  --verbose                one line per request on stderr (never credentials)
  -h, --help               this text
  --version                the version

Exit codes: 0 ok, 1 other error, 2 usage, 3 authentication (401), 4 permission (403),
5 not found (404), 6 rate limited (429 after the retries), 7 network.
`;

const usage = (message: string) => new AttributesToolError('usage', message);

function choice<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usage(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
}

function integer(value: string | undefined, flag: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw usage(`${flag} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** parseArgs's complaint in a few words; it names the option, never its value (which may be the secret). */
function argumentError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(--?[^' =]+)/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return `${option} needs a value (write ${option}=VALUE when the value starts with "-")`;
  }
  return (message ?? 'bad arguments').replace(/\s+/g, ' ').trim();
}

interface Source {
  name: string;
  region?: string;
  baseUrl?: string;
  loginUrl?: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * The secret, the client id and the endpoints as one unit, from the first source that holds a secret. Nothing
 * is filled in from another source: a .env in a cloned repository that names only a login URL must not
 * receive the secret exported in the shell.
 */
function resolveCredentials(sources: Source[]): { endpoints: Endpoints; clientId: string; clientSecret: string } {
  const source = sources.find((s) => s.clientSecret);
  const located = (s: Source) => s.region || s.baseUrl;
  if (!source) {
    if (!sources.some(located)) {
      throw usage('no region: use --region (e.g. mypurecloud.ie), --base-url, GENESYSCLOUD_REGION or GENESYSCLOUD_BASE_URL');
    }
    throw usage(`missing the client secret: use ${ENV.clientSecret}, a --dotenv file or --client-secret`);
  }
  if (!located(source)) {
    if (!sources.some(located)) {
      throw usage('no region: use --region (e.g. mypurecloud.ie), --base-url, GENESYSCLOUD_REGION or GENESYSCLOUD_BASE_URL');
    }
    throw usage(
      `the client secret comes from ${source.name}, which names no region or base URL: give them in the same place (the secret goes only where its own source says)`,
    );
  }
  if (source.region && source.baseUrl) throw usage(`both a region and a base URL are set in ${source.name}: keep one`);
  if (!source.clientId) {
    throw usage(`missing the client id: use --client-id, ${ENV.clientId} or a --dotenv file, beside the secret (it is in ${source.name})`);
  }
  const endpoints = resolveEndpoints({ region: source.region, baseUrl: source.baseUrl, loginUrl: source.loginUrl });
  return { endpoints, clientId: source.clientId, clientSecret: source.clientSecret! };
}

export function parseCommandLine(argv: string[], env: Record<string, string | undefined>, cwd: string): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        region: { type: 'string' },
        'base-url': { type: 'string' },
        'login-url': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        // Not --env-file: Node 20 takes that one for itself even after the script name (nodejs/node#54232).
        dotenv: { type: 'string' },
        type: { type: 'string' },
        view: { type: 'string' },
        format: { type: 'string' },
        write: { type: 'boolean' },
        'max-retries': { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw usage(argumentError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (values.version) return { version: true };

  if (positionals.length === 0) throw usage('missing the conversation id');
  if (positionals.length > 1) throw usage(`expected one conversation id, got ${positionals.length} arguments`);
  const conversationId = positionals[0]!.trim();
  if (conversationId === '') throw usage('missing the conversation id');

  const envFile = nonEmpty(values.dotenv);
  const fileVars = envFile === undefined ? {} : loadDotenv(resolve(cwd, envFile), true);
  const either = (read: (name: string) => string | undefined) => (name: string) => {
    const alias = aliasOf(name);
    return read(name) ?? (alias ? read(alias) : undefined);
  };
  const fromEnv = either((name) => nonEmpty(env[name]));
  const fromFile = either((name) => nonEmpty(fileVars[name]));

  const sources: Source[] = [
    {
      name: 'the flags',
      region: nonEmpty(values.region),
      baseUrl: nonEmpty(values['base-url']),
      loginUrl: nonEmpty(values['login-url']),
      clientId: nonEmpty(values['client-id']),
      clientSecret: nonEmpty(values['client-secret']),
    },
    ...[
      ['the environment', fromEnv] as const,
      [envFile ?? '', fromFile] as const,
    ].map(([name, from]) => ({
      name,
      region: from(ENV.region),
      baseUrl: from(ENV.baseUrl),
      loginUrl: from(ENV.loginUrl),
      clientId: from(ENV.clientId),
      clientSecret: from(ENV.clientSecret),
    })),
  ];
  const { endpoints, clientId, clientSecret } = resolveCredentials(sources);

  return {
    settings: {
      conversationId,
      type: choice(values.type, TYPE_CHOICES, '--type', 'auto'),
      view: choice(values.view, VIEWS, '--view', 'raw'),
      format: choice(values.format, FORMATS, '--format', 'json'),
      write: values.write ?? false,
      verbose: values.verbose ?? false,
      endpoints,
      clientId,
      clientSecret,
      maxRetries: integer(values['max-retries'], '--max-retries', 0, 10, DEFAULT_MAX_RETRIES),
      timeoutMs: integer(values.timeout, '--timeout', 1, 600_000, DEFAULT_TIMEOUT_MS),
    },
  };
}
