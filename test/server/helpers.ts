// Shared helpers for the server tests: a fast-timed server, raw HTTP calls and a WebSocket client
// that records frames and can wait for one.
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../server/app.ts';
import type { ConfigOverrides } from '../../server/config.ts';

export const ORG_ID = '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c';
export const DEPLOYMENT_ID = '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e';
export const DISABLED_DEPLOYMENT_ID = '2c7d3e0f-4a5b-4c6d-9e8f-7a6b5c4d3e2f';
export const AUTH_DEPLOYMENT_ID = '3d8e4f1a-5b6c-4d7e-8f9a-8b7c6d5e4f3a';
export const GUEST = '/api/v2/webchat/guest';
export const TEST_SECRET = 'test-secret-0123456789abcdef';

export const FAST: ConfigOverrides = {
  heartbeatMs: 150,
  routingDelayMs: 50,
  alertingMs: 20,
  agentTypingMs: 20,
  endedSocketCloseMs: 100,
  jwtSecret: TEST_SECRET,
  rateLimit: { requests: 10_000, windowSeconds: 60 },
  // Every test is one client; the per-client limits have tests of their own.
  createRateLimit: { requests: 10_000, windowSeconds: 60 },
  tokenRateLimit: { requests: 10_000, windowSeconds: 60 },
};

export function start(config: ConfigOverrides = {}): Promise<RunningServer> {
  return startServer({ port: 0, quiet: true, config: { ...FAST, ...config } });
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function api<T = any>(
  server: RunningServer,
  method: string,
  path: string,
  options: { jwt?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  // The tests act as the developer who started the server: control calls carry its token unless a test says otherwise.
  if (path.startsWith('/control/') && !Object.keys(headers).some((h) => h.toLowerCase() === 'x-gc-control-token')) {
    headers['x-gc-control-token'] = server.controlToken;
  }
  if (options.jwt) headers.Authorization = `Bearer ${options.jwt}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

export function createBody(overrides: Record<string, unknown> = {}, memberInfo: Record<string, unknown> = {}) {
  return {
    organizationId: ORG_ID,
    deploymentId: DEPLOYMENT_ID,
    routingTarget: { targetType: 'QUEUE', targetAddress: 'Support' },
    memberInfo: { displayName: 'Ann Smith', customFields: { firstName: 'Ann', lastName: 'Smith', email: 'ann@example.com' }, ...memberInfo },
    ...overrides,
  };
}

export interface Chat {
  id: string;
  jwt: string;
  eventStreamUri: string;
  memberId: string;
}

export async function createChat(server: RunningServer, overrides: Record<string, unknown> = {}, memberInfo: Record<string, unknown> = {}): Promise<Chat> {
  const res = await api(server, 'POST', `${GUEST}/conversations`, { body: createBody(overrides, memberInfo) });
  if (res.status !== 200) throw new Error(`create failed: ${res.status} ${res.text}`);
  return { id: res.body.id, jwt: res.body.jwt, eventStreamUri: res.body.eventStreamUri, memberId: res.body.member.id };
}

export interface Frame {
  topicName: string;
  version?: string;
  eventBody: any;
  metadata?: { CorrelationId: string; type: string };
}

/** A guest socket that records every frame. */
export class StreamClient {
  readonly frames: Frame[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const w of this.waiters) w();
    });
  }

  static async open(url: string): Promise<StreamClient> {
    const client = new StreamClient(url);
    await client.opened;
    return client;
  }

  /** Resolves with the first recorded frame (past or future) matching predicate. */
  waitFor(predicate: (f: Frame) => boolean, timeoutMs = 3000, label = 'frame'): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${label}; got ${JSON.stringify(this.frames.map(frameLabel))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      const waiter = () => void check();
      this.waiters.push(waiter);
      check();
    });
  }

  /** Frames excluding heartbeats. */
  events(): Frame[] {
    return this.frames.filter((f) => f.topicName !== 'channel.metadata');
  }

  close(): void {
    this.ws.close();
  }
}

export function frameLabel(f: Frame): string {
  if (f.topicName === 'channel.metadata') return 'heartbeat';
  const b = f.eventBody;
  if (f.metadata?.type === 'member-change') return `member-change ${b.member.id.slice(0, 8)} ${b.member.state}`;
  if (f.metadata?.type === 'message') return `message ${b.bodyType} from ${b.sender.id.slice(0, 8)}: ${b.body}`;
  return `${f.metadata?.type} from ${b.sender?.id?.slice(0, 8)}`;
}

export const isMemberChange = (memberId: string | undefined, state: string) => (f: Frame) =>
  f.metadata?.type === 'member-change' && (!memberId || f.eventBody.member.id === memberId) && f.eventBody.member.state === state;

export const isMessage = (pred: (body: any) => boolean) => (f: Frame) => f.metadata?.type === 'message' && pred(f.eventBody);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function sendMessage(server: RunningServer, chat: Chat, body: unknown) {
  return api(server, 'POST', `${GUEST}/conversations/${chat.id}/members/${chat.memberId}/messages`, { jwt: chat.jwt, body });
}
