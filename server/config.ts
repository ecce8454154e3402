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
  /** Present when the deployment is also a Messenger (Web Messaging) deployment. */
  messenger?: MessengerConfig;
}

/** The Messenger side of a deployment: what its config.json announces and how its conversations behave. */
export interface MessengerConfig {
  /** Inactive deployments refuse sessions, as an unpublished Messenger deployment does. */
  status: 'Active' | 'Inactive';
  /** Queue name (or id) every messaging conversation of this deployment is routed to. */
  queue: string;
  /** Messenger sends a Presence Join when a new session starts, which starts the conversation. */
  autoStart: boolean;
  showAgentTypingIndicator: boolean;
  showUserTypingIndicator: boolean;
  /** What the guest sees when the agent side ends: a Presence Disconnect, then read-only or a new conversation. */
  conversationDisconnect: { enabled: boolean; type: 'ReadOnly' | 'Send' };
  conversationClear: boolean;
  markdown: boolean;
  /** Origins (host names, `*.` wildcards allowed) whose pages may open the guest socket; absent = any. */
  allowedDomains?: string[];
  /** Messenger's file upload settings (the deployment's Supported Content Profile); absent = attachments off. */
  fileUpload?: FileUploadConfig;
}

/** What a guest may upload: a mode lists MIME types and their size limit; blocked extensions are refused whatever the type. */
export interface FileUploadConfig {
  enableAttachments: boolean;
  modes: Array<{ fileTypes: string[]; maxFileSizeKB: number }>;
  blockedExtensions?: string[];
}

export interface WebMessagingConfig {
  /** Session lifetime after the last guest activity (Genesys's default is 72 hours). */
  sessionDurationSeconds: number;
  /** onMessage (text) frames allowed per session per second; 0 disables the limit. */
  messagesPerSecond: number;
  /** History REST requests allowed per session per minute; 0 disables the limit. */
  historyRequestsPerMinute: number;
  /** Sockets that may share one session token; the next one closes the oldest. */
  maxConnectionsPerSession: number;
  /** Largest frame the guest socket accepts (bytes); larger ones close the socket with 1009. */
  maxFrameBytes: number;
  /** How long a presigned upload URL may be used (an expired one answers 403 and UploadFailureEvent 4008). */
  uploadUrlTtlSeconds: number;
  /** How long a download URL works; getAttachment gives a fresh one (Genesys's go stale after about 10 minutes). */
  downloadUrlTtlSeconds: number;
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
  webMessaging: WebMessagingConfig;
}

/** The settings that are objects of limits; an override changes only the keys it names. */
const LIMIT_KEYS = ['rateLimit', 'createRateLimit', 'tokenRateLimit'] as const;
type LimitKey = (typeof LIMIT_KEYS)[number];

export type ConfigOverrides = Partial<Omit<ServerConfig, LimitKey | 'webMessaging'>> & { [K in LimitKey]?: Partial<RateLimitConfig> } & {
  webMessaging?: Partial<WebMessagingConfig>;
};

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
  webMessaging: {
    sessionDurationSeconds: 72 * 3600,
    // Genesys's announced limit since December 2023: 2 messages per session per second.
    messagesPerSecond: 2,
    historyRequestsPerMinute: 10,
    maxConnectionsPerSession: 3,
    maxFrameBytes: 64 * 1024,
    uploadUrlTtlSeconds: 600,
    downloadUrlTtlSeconds: 600,
  },
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
    } else if (key === 'webMessaging' && value && typeof value === 'object') {
      out.webMessaging = { ...base.webMessaging, ...(value as Partial<WebMessagingConfig>) };
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
    if (d.messenger !== undefined) checkMessenger(d.messenger, `${at}.messenger`, config, problems);
  });
  checkWebMessaging(config.webMessaging, problems);
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

function checkMessenger(m: MessengerConfig, at: string, config: ServerConfig, problems: string[]): void {
  if (!m || typeof m !== 'object') {
    problems.push(`${at} must be an object`);
    return;
  }
  if (m.status !== 'Active' && m.status !== 'Inactive') problems.push(`${at}.status must be "Active" or "Inactive"`);
  if (typeof m.queue !== 'string' || !Array.isArray(config.queues) || !config.queues.some((q) => q.name === m.queue || q.id === m.queue)) {
    problems.push(`${at}.queue must name one of the queues`);
  }
  for (const key of ['autoStart', 'showAgentTypingIndicator', 'showUserTypingIndicator', 'conversationClear', 'markdown'] as const) {
    if (typeof m[key] !== 'boolean') problems.push(`${at}.${key} must be a boolean`);
  }
  const cd = m.conversationDisconnect;
  if (!cd || typeof cd.enabled !== 'boolean' || (cd.type !== 'ReadOnly' && cd.type !== 'Send')) {
    problems.push(`${at}.conversationDisconnect must be { enabled: boolean, type: "ReadOnly" | "Send" }`);
  }
  if (m.allowedDomains !== undefined && (!Array.isArray(m.allowedDomains) || m.allowedDomains.some((d) => typeof d !== 'string' || !d))) {
    problems.push(`${at}.allowedDomains must be an array of host names`);
  }
  const fu = m.fileUpload;
  if (fu !== undefined) {
    const modesOk =
      Array.isArray(fu?.modes) &&
      fu.modes.every((mode) => Array.isArray(mode?.fileTypes) && mode.fileTypes.every((t) => typeof t === 'string' && t.includes('/')) && Number.isInteger(mode.maxFileSizeKB) && mode.maxFileSizeKB > 0);
    if (!fu || typeof fu.enableAttachments !== 'boolean' || !modesOk) {
      problems.push(`${at}.fileUpload must be { enableAttachments: boolean, modes: [{ fileTypes: ["type/subtype"], maxFileSizeKB: integer > 0 }] }`);
    } else if (fu.blockedExtensions !== undefined && (!Array.isArray(fu.blockedExtensions) || fu.blockedExtensions.some((e) => typeof e !== 'string' || !e))) {
      problems.push(`${at}.fileUpload.blockedExtensions must be an array of extensions`);
    }
  }
}

function checkWebMessaging(wm: WebMessagingConfig, problems: string[]): void {
  if (!wm || typeof wm !== 'object') {
    problems.push('webMessaging must be an object');
    return;
  }
  const check = (key: keyof WebMessagingConfig, min: number) => {
    const v = wm[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) problems.push(`webMessaging.${key} must be a number >= ${min}`);
  };
  check('sessionDurationSeconds', 1);
  check('messagesPerSecond', 0);
  check('historyRequestsPerMinute', 0);
  check('maxConnectionsPerSession', 1);
  check('maxFrameBytes', 1024);
  check('uploadUrlTtlSeconds', 1);
  check('downloadUrlTtlSeconds', 1);
}
