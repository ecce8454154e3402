// A scripted Guest API for the Web Messaging transport's tests: a fake WebSocket the test drives frame by
// frame (including frames no real server sends on demand) and a fetch stand-in for the deployment
// configuration and history on a made-up origin.
import type { ChatTransport, CommonOptions, TransportEvents } from '../../src/transport/contract.js';
import { webMessaging } from '../../src/transport/web-messaging/definition.js';

export const FAKE_ORIGIN = 'http://wm.test';
export const FAKE_DEPLOYMENT = '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e';

type Frame = Record<string, any>;

/** How the fake server answers a request; return nothing to stay silent. */
export type Responder = (socket: FakeSocket, frame: Frame) => void;

export class FakeSocket extends EventTarget {
  static instances: FakeSocket[] = [];
  /** Upgrades to refuse (the page's origin not allowed, the network gone). */
  static refuse = 0;
  static responder: Responder = defaultResponder;
  /** Inbound echo ids, so each echo of a send has its own id. */
  static nextId = 1;
  /** Guest tokens the fake service has configured a session for. */
  static tokens = new Set<string>();

  readonly url: string;
  readyState = 0;
  sent: Frame[] = [];

  constructor(url: string | URL) {
    super();
    this.url = String(url);
    FakeSocket.instances.push(this);
    const refused = FakeSocket.refuse > 0;
    if (refused) FakeSocket.refuse--;
    setTimeout(() => {
      if (this.readyState !== 0) return;
      if (refused) {
        this.readyState = 3;
        this.dispatchEvent(new Event('error'));
        this.dispatchEvent(new CloseEvent('close', { code: 1006 }));
        return;
      }
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    }, 1);
  }

  send(data: string): void {
    const frame = JSON.parse(data) as Frame;
    this.sent.push(frame);
    setTimeout(() => this.readyState === 1 && FakeSocket.responder(this, frame), 1);
  }

  close(code = 1000): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    setTimeout(() => this.dispatchEvent(new CloseEvent('close', { code })), 1);
  }

  /** A frame from the server: an object is sent as JSON, a string as it is. */
  receive(frame: Frame | string): void {
    this.dispatchEvent(new MessageEvent('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) }));
  }

  /** The network drops the connection. */
  drop(): void {
    this.readyState = 3;
    this.dispatchEvent(new CloseEvent('close', { code: 1006 }));
  }

  static get last(): FakeSocket {
    return FakeSocket.instances[FakeSocket.instances.length - 1];
  }

  static sentEverywhere(): Frame[] {
    return FakeSocket.instances.flatMap((socket) => socket.sent);
  }

  static reset(): void {
    FakeSocket.instances = [];
    FakeSocket.refuse = 0;
    FakeSocket.responder = defaultResponder;
    FakeSocket.tokens = new Set();
  }
}

export const sessionResponse = (tracingId: string | undefined, body: Frame = {}) => ({
  type: 'response',
  class: 'SessionResponse',
  code: 200,
  tracingId,
  body: { connected: true, newSession: true, readOnly: false, maxCustomDataBytes: 2048, ...body },
});

export const inboundEcho = (request: Frame, overrides: Frame = {}) => ({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  tracingId: request.tracingId,
  body: {
    id: `in-${FakeSocket.nextId++}`,
    type: request.message.type,
    direction: 'Inbound',
    text: request.message.text,
    events: request.message.events,
    channel: { time: new Date().toISOString() },
    originatingEntity: '',
    ...overrides,
  },
});

export function agentMessage(id: string, text: unknown, options: { time?: string; nickname?: unknown; entity?: string; image?: string } = {}) {
  return {
    type: 'message',
    class: 'StructuredMessage',
    code: 200,
    body: {
      id,
      type: 'Text',
      direction: 'Outbound',
      text,
      channel: {
        time: options.time ?? new Date().toISOString(),
        type: 'Private',
        messageId: id,
        from: { nickname: options.nickname ?? 'Sam', ...(options.image && { image: options.image }) },
      },
      originatingEntity: options.entity ?? 'Human',
      metadata: { correlationId: `c-${id}` },
    },
  };
}

export function agentEvent(id: string, events: Frame[], metadata: Frame = {}) {
  return {
    type: 'message',
    class: 'StructuredMessage',
    code: 200,
    body: { id, type: 'Event', direction: 'Outbound', channel: { time: new Date().toISOString() }, events, metadata },
  };
}

export const errorFrame = (code: number, body: string, tracingId?: string) => ({ type: 'response', class: 'string', code, body, tracingId });

/** Answers configureSession, getJwt, echo, closeSession and guest messages the way the Guest API does. */
export function defaultResponder(socket: FakeSocket, frame: Frame): void {
  switch (frame.action) {
    case 'configureSession':
    {
      const known = FakeSocket.tokens.has(frame.token) || frame.token.startsWith('known-');
      FakeSocket.tokens.add(frame.token);
      socket.receive(sessionResponse(frame.tracingId, { newSession: !known || frame.startNew }));
    }
      break;
    case 'getJwt':
      socket.receive({ type: 'response', class: 'JwtResponse', code: 200, tracingId: frame.tracingId, body: { jwt: 'jwt-1', exp: Math.floor(Date.now() / 1000) + 3600 } });
      break;
    case 'echo':
      socket.receive({ type: 'response', class: 'StructuredMessage', code: 200, tracingId: frame.tracingId, body: { text: 'ping', type: 'Text', direction: 'Inbound', id: 'echo' } });
      break;
    case 'closeSession':
      socket.receive(sessionResponse(frame.tracingId, { connected: false, newSession: false }));
      break;
    case 'onMessage':
      if (frame.message.type === 'Text' || frame.message.events?.[0]?.presence?.type === 'Join') socket.receive(inboundEcho(frame));
      break;
  }
}

export interface FakeDeployment {
  status?: string;
  autoStart?: boolean;
  showAgentTypingIndicator?: boolean;
  showUserTypingIndicator?: boolean;
  disconnect?: { enabled: boolean; type: 'ReadOnly' | 'Send' };
}

export interface FakeHttp {
  /** Every URL fetched, in order. */
  requests: { url: string; authorization: string | null }[];
  deployment: FakeDeployment;
  /** The conversation's history, newest first, as the REST API returns it. */
  history: Frame[];
  restore(): void;
}

/** Serves config.json and history for FAKE_ORIGIN (and any Genesys region) from the test's data. */
export function fakeHttp(deployment: FakeDeployment = {}): FakeHttp {
  const original = window.fetch;
  const state: FakeHttp = {
    requests: [],
    deployment,
    history: [],
    restore: () => void (window.fetch = original),
  };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const headers = new Headers(init?.headers);
    state.requests.push({ url: url.href, authorization: headers.get('Authorization') });
    if (url.pathname.endsWith('/config.json')) {
      const d = state.deployment;
      return Response.json({
        id: FAKE_DEPLOYMENT,
        status: d.status ?? 'Active',
        messenger: {
          apps: {
            conversations: {
              showAgentTypingIndicator: d.showAgentTypingIndicator ?? true,
              showUserTypingIndicator: d.showUserTypingIndicator ?? true,
              autoStart: { enabled: d.autoStart ?? false },
              conversationDisconnect: d.disconnect ?? { enabled: true, type: 'ReadOnly' },
            },
          },
        },
      });
    }
    if (url.pathname === '/api/v2/webmessaging/messages') {
      const pageNumber = Number(url.searchParams.get('pageNumber'));
      const pageSize = Number(url.searchParams.get('pageSize'));
      const entities = state.history.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      return Response.json({ entities, pageNumber, pageSize, total: state.history.length, pageCount: Math.ceil(state.history.length / pageSize) });
    }
    return original(input, init);
  };
  return state;
}

/** A transport on the fake socket, its events recorded in order. */
export async function fakeTransport(options: CommonOptions = {}, environment = FAKE_ORIGIN) {
  const { config, errors } = webMessaging.readConfig({ deploymentKey: FAKE_DEPLOYMENT, environment });
  if (!config) throw new Error(errors.map((e) => e.message).join(' '));
  const create = await webMessaging.load();
  const transport = create(config, { WebSocketImpl: FakeSocket as unknown as typeof WebSocket, requestTimeoutMs: 1500, reconnect: { initialDelayMs: 20, maxDelayMs: 50 }, ...options });
  return { transport, log: recordTransport(transport) };
}

export type Logged = { [K in keyof TransportEvents]: { type: K; event: TransportEvents[K] } }[keyof TransportEvents];

export function recordTransport(transport: ChatTransport): Logged[] {
  const log: Logged[] = [];
  for (const type of ['message', 'participant', 'typing', 'connection', 'ended', 'error'] as const) {
    transport.on(type, (event) => log.push({ type, event } as Logged));
  }
  return log;
}

export function eventsOf<K extends keyof TransportEvents>(log: Logged[], type: K): TransportEvents[K][] {
  return log.filter((entry) => entry.type === type).map((entry) => entry.event as TransportEvents[K]);
}
