// Server configuration: built-in defaults, the JSON file, then programmatic overrides, validated once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isUuid } from './ids.ts';

export interface DeploymentConfig {
  id: string;
  name: string;
  enabled: boolean;
  /** Requires a memberAuthToken on create (chat.deployment.require.auth otherwise). */
  requireAuth: boolean;
}

export interface QueueConfig {
  id: string;
  name: string;
  /** true: the scripted agent answers when no person is available in the agent console. */
  autoAnswer: boolean;
}

export interface OAuthClientConfig {
  id: string;
  secret: string;
  name: string;
  permissions: string[];
}

export interface RateLimitConfig {
  /** Requests allowed per conversation per window; 0 disables the limit. */
  requests: number;
  windowSeconds: number;
}

export interface ServerConfig {
  organizationId: string;
  organizationName: string;
  deployments: DeploymentConfig[];
  queues: QueueConfig[];
  oauthClients: OAuthClientConfig[];
  /** Period of channel.metadata heartbeats on every guest socket. */
  heartbeatMs: number;
  /** Time a routed chat waits in its queue before it is offered to the scripted agent. */
  routingDelayMs: number;
  /** Time an agent member stays ALERTING before it becomes CONNECTED. */
  alertingMs: number;
  /** Time the scripted agent "types" before each message. */
  agentTypingMs: number;
  /** A guest connected to an agent who sends nothing for this long is disconnected. */
  idleDisconnectMs: number;
  /** Grace period between the end of a chat and the server closing its sockets. */
  endedSocketCloseMs: number;
  jwtTtlSeconds: number;
  oauthTokenTtlSeconds: number;
  rateLimit: RateLimitConfig;
  scriptedAgentName: string;
  /** Whether a guest's own typing indicator is sent back to its sockets (the real service's behaviour is unknown). */
  echoGuestTyping: boolean;
  /** HS256 secret for guest JWTs; random per server when absent. */
  jwtSecret?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Conversations a client (one remote address) may create per window; 0 disables the limit. */
  createRateLimit: RateLimitConfig;
  /** Token requests a client (one remote address) may make per window, good or bad secret alike. */
  tokenRateLimit: RateLimitConfig;
  /** Time an ended chat stays readable (transcript, control API) before it is forgotten. */
  endedChatTtlMs: number;
  /** Chats kept at once; creating one more first forgets the oldest ended ones, and is refused when none has ended. */
  maxChats: number;
  /** Host names, besides loopback names and IP addresses, under which the server may be reached (e.g. a LAN name). */
  allowedHosts: string[];
}

/** The settings that are objects of limits; an override changes only the keys it names. */
const LIMIT_KEYS = ['rateLimit', 'createRateLimit', 'tokenRateLimit'] as const;
type LimitKey = (typeof LIMIT_KEYS)[number];

export type ConfigOverrides = Partial<Omit<ServerConfig, LimitKey>> & { [K in LimitKey]?: Partial<RateLimitConfig> };

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('./config.json', import.meta.url));

const BUILT_IN: ServerConfig = {
  organizationId: '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c',
  organizationName: 'Local Genesys Cloud',
  deployments: [],
  queues: [],
  oauthClients: [],
  heartbeatMs: 10_000,
  routingDelayMs: 2_000,
  alertingMs: 800,
  agentTypingMs: 1_200,
  idleDisconnectMs: 15 * 60_000,
  endedSocketCloseMs: 2_000,
  jwtTtlSeconds: 86_400,
  oauthTokenTtlSeconds: 86_400,
  rateLimit: { requests: 300, windowSeconds: 60 },
  scriptedAgentName: 'Sam',
  echoGuestTyping: false,
  maxBodyBytes: 64 * 1024,
  createRateLimit: { requests: 60, windowSeconds: 60 },
  tokenRateLimit: { requests: 30, windowSeconds: 60 },
  endedChatTtlMs: 10 * 60_000,
  maxChats: 1_000,
  allowedHosts: [],
};

export class ConfigError extends Error {}

/** Reads a config JSON file; a missing or malformed file is a ConfigError naming the path. */
export function readConfigFile(path: string): ConfigOverrides {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read server config ${path}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('the top level must be an object');
    }
    return parsed as ConfigOverrides;
  } catch (err) {
    throw new ConfigError(`Invalid JSON in server config ${path}: ${(err as Error).message}`);
  }
}

/**
 * Built-in defaults <- file (server/config.json unless configPath says otherwise) <- overrides.
 * Lists (deployments, queues, oauthClients) are replaced wholesale, rateLimit is merged.
 */
export function loadConfig(options: { configPath?: string; overrides?: ConfigOverrides } = {}): ServerConfig {
  const path = options.configPath ?? DEFAULT_CONFIG_PATH;
  const fromFile = readConfigFile(path);
  const merged = mergeConfig(mergeConfig(BUILT_IN, fromFile), options.overrides ?? {});
  validateConfig(merged, path);
  return merged;
}

function mergeConfig(base: ServerConfig, over: ConfigOverrides): ServerConfig {
  const out = { ...base } as ServerConfig;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    if ((LIMIT_KEYS as readonly string[]).includes(key) && value && typeof value === 'object') {
      out[key as LimitKey] = { ...base[key as LimitKey], ...(value as Partial<RateLimitConfig>) };
    } else {
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

export function validateConfig(config: ServerConfig, source = 'config'): void {
  const problems: string[] = [];
  const nonNegative = (key: keyof ServerConfig) => {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push(`${key} must be a number >= 0`);
  };
  const positive = (key: keyof ServerConfig) => {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) problems.push(`${key} must be a number > 0`);
  };
  if (!isUuid(config.organizationId)) problems.push('organizationId must be a UUID');
  positive('heartbeatMs');
  nonNegative('routingDelayMs');
  nonNegative('alertingMs');
  nonNegative('agentTypingMs');
  positive('idleDisconnectMs');
  nonNegative('endedSocketCloseMs');
  positive('jwtTtlSeconds');
  positive('oauthTokenTtlSeconds');
  positive('maxBodyBytes');
  for (const key of LIMIT_KEYS) {
    const rl = config[key];
    if (!rl || typeof rl.requests !== 'number' || rl.requests < 0 || typeof rl.windowSeconds !== 'number' || rl.windowSeconds <= 0) {
      problems.push(`${key} must be { requests: number >= 0, windowSeconds: number > 0 }`);
    }
  }
  positive('endedChatTtlMs');
  if (!Number.isInteger(config.maxChats) || config.maxChats < 1) problems.push('maxChats must be an integer >= 1');
  if (!Array.isArray(config.allowedHosts) || config.allowedHosts.some((h) => typeof h !== 'string' || !h)) {
    problems.push('allowedHosts must be an array of host names');
  }
  if (typeof config.scriptedAgentName !== 'string' || !config.scriptedAgentName.trim()) {
    problems.push('scriptedAgentName must be a non-empty string');
  }
  if (typeof config.echoGuestTyping !== 'boolean') problems.push('echoGuestTyping must be a boolean');
  if (config.jwtSecret !== undefined && (typeof config.jwtSecret !== 'string' || config.jwtSecret.length < 16)) {
    problems.push('jwtSecret must be a string of at least 16 characters');
  }

  checkList(config.deployments, 'deployments', problems, (d, at) => {
    if (!isUuid(d.id)) problems.push(`${at}.id must be a UUID`);
    if (typeof d.name !== 'string') problems.push(`${at}.name must be a string`);
    if (typeof d.enabled !== 'boolean') problems.push(`${at}.enabled must be a boolean`);
    if (typeof d.requireAuth !== 'boolean') problems.push(`${at}.requireAuth must be a boolean`);
  });
  checkList(config.queues, 'queues', problems, (q, at) => {
    if (!isUuid(q.id)) problems.push(`${at}.id must be a UUID`);
    if (typeof q.name !== 'string' || !q.name) problems.push(`${at}.name must be a non-empty string`);
    if (typeof q.autoAnswer !== 'boolean') problems.push(`${at}.autoAnswer must be a boolean`);
  });
  checkList(config.oauthClients, 'oauthClients', problems, (c, at) => {
    if (typeof c.id !== 'string' || !c.id) problems.push(`${at}.id must be a non-empty string`);
    if (typeof c.secret !== 'string' || !c.secret) problems.push(`${at}.secret must be a non-empty string`);
    if (!Array.isArray(c.permissions) || c.permissions.some((p) => typeof p !== 'string')) {
      problems.push(`${at}.permissions must be an array of strings`);
    }
    if (c.name === undefined) c.name = c.id;
  });
  if (problems.length > 0) {
    throw new ConfigError(`Invalid server config (${source}):\n  - ${problems.join('\n  - ')}`);
  }
}

function checkList<T extends { id: string }>(
  list: T[],
  name: string,
  problems: string[],
  check: (item: T, at: string) => void,
): void {
  if (!Array.isArray(list) || list.length === 0) {
    problems.push(`${name} must be a non-empty array`);
    return;
  }
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const at = `${name}[${i}]`;
    if (!item || typeof item !== 'object') {
      problems.push(`${at} must be an object`);
      return;
    }
    check(item, at);
    if (seen.has(item.id)) problems.push(`${at}.id ${item.id} is a duplicate`);
    seen.add(item.id);
  });
}
