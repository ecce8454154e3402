// A Web Messaging guest for the server tests: opens /v1?deploymentId=…, records every frame both ways,
// sends requests with a tracingId and waits for the frame that answers them.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { RunningServer } from '../../server/app.ts';
import type { ConfigOverrides } from '../../server/config.ts';
import { start } from './helpers.ts';

export interface WmFrame {
  type: 'response' | 'message';
  class: string;
  code: number;
  body: any;
  tracingId?: string;
}

export function socketUrl(server: RunningServer, deploymentId: string, application?: string): string {
  const query = new URLSearchParams({ deploymentId });
  if (application) query.set('application', application);
  return `${server.url.replace(/^http/, 'ws')}/v1?${query}`;
}

export class Guest {
  readonly received: WmFrame[] = [];
  /** Every request this guest sent, as sent (for the request-shape checks). */
  readonly sent: unknown[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  constructor(
    url: string,
    readonly token: string = randomUUID(),
    options: { origin?: string } = {},
  ) {
    this.ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as WmFrame);
      for (const w of [...this.waiters]) w();
    });
  }

  static async open(server: RunningServer, deploymentId: string, token?: string, options: { origin?: string } = {}): Promise<Guest> {
    const guest = new Guest(socketUrl(server, deploymentId), token, options);
    await guest.opened;
    return guest;
  }

  send(frame: unknown): void {
    this.sent.push(frame);
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends with a fresh tracingId (unless given) and resolves with the first frame carrying it. */
  async request(frame: Record<string, unknown>, timeoutMs = 3000): Promise<WmFrame> {
    const tracingId = (frame.tracingId as string | undefined) ?? randomUUID();
    const full = { ...frame, tracingId };
    const pending = this.waitFor((f) => f.tracingId === tracingId, timeoutMs, `answer to ${String(frame.action)}`);
    this.send(full);
    return pending;
  }

  configure(deploymentId: string, extra: Record<string, unknown> = {}): Promise<WmFrame> {
    return this.request({ action: 'configureSession', deploymentId, token: this.token, ...extra });
  }

  text(text: string, customAttributes?: Record<string, string>): Promise<WmFrame> {
    const message: Record<string, unknown> = { type: 'Text', text };
    if (customAttributes) message.channel = { metadata: { customAttributes } };
    return this.request({ action: 'onMessage', token: this.token, message });
  }

  join(customAttributes?: Record<string, string>): Promise<WmFrame> {
    const message: Record<string, unknown> = { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] };
    if (customAttributes) message.channel = { metadata: { customAttributes } };
    return this.request({ action: 'onMessage', token: this.token, message });
  }

  /** Typing gets no answer; this only sends it. */
  typing(): void {
    this.send({ action: 'onMessage', token: this.token, tracingId: randomUUID(), message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
  }

  echo(): Promise<WmFrame> {
    return this.request({ action: 'echo', token: this.token, message: { type: 'Text', text: 'ping' } });
  }

  getJwt(): Promise<WmFrame> {
    return this.request({ action: 'getJwt', token: this.token });
  }

  closeSession(closeAllConnections = true): Promise<WmFrame> {
    return this.request({ action: 'closeSession', token: this.token, closeAllConnections });
  }

  /** Resolves with the first received frame (past or future) matching predicate. */
  waitFor(predicate: (f: WmFrame) => boolean, timeoutMs = 3000, label = 'frame'): Promise<WmFrame> {
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const found = this.received.find(predicate);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${label}; got ${JSON.stringify(this.received.map(frameLabel))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.waiters.push(waiter);
      waiter();
    });
  }

  close(): void {
    this.ws.close();
  }
}

export function frameLabel(f: WmFrame): string {
  if (f.class === 'string') return `error ${f.code}: ${f.body}`;
  if (f.class !== 'StructuredMessage') return f.class;
  const b = f.body;
  if (b.type === 'Event') return `${b.direction} ${b.events?.map((e: any) => e.eventType + ':' + (e.typing?.type ?? e.presence?.type)).join(',')}`;
  return `${f.type === 'response' ? 'echo' : b.direction} ${b.type}: ${b.text}`;
}

export const isOutboundText = (text?: string | RegExp) => (f: WmFrame) =>
  f.class === 'StructuredMessage' && f.body.direction === 'Outbound' && f.body.type === 'Text' &&
  (text === undefined || (typeof text === 'string' ? f.body.text === text : text.test(f.body.text)));

export const isOutboundEvent = (eventType: 'Typing' | 'Presence') => (f: WmFrame) =>
  f.class === 'StructuredMessage' && f.body.direction === 'Outbound' && f.body.type === 'Event' && f.body.events?.[0]?.eventType === eventType;

/** A fast-timed server whose message rate limit stays out of the way unless a test sets it. */
export function startWm(config: ConfigOverrides = {}): Promise<RunningServer> {
  return start({ ...config, webMessaging: { messagesPerSecond: 100, ...config.webMessaging } });
}
