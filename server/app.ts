// The HTTP server: one routing table for the APIs, static files for the pages, WebSocket upgrades
// for the guest event stream and the control stream. Everything lives in the instance, so several
// servers can run in one process.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ChatService } from './chat-service.ts';
import { ConfigError, loadConfig, type ConfigOverrides, type ServerConfig } from './config.ts';
import { controlRoutes } from './control-api.ts';
import { CONTROL_STREAM_PATH, ControlStream } from './control-stream.ts';
import { conversationsRoutes } from './conversations-api.ts';
import { applyCors, isPublicApiPath, isWidgetFilePath, preflightHeaders } from './cors.ts';
import { ApiError, errors, toErrorBody } from './errors.ts';
import { EventStream, STREAM_PATH_PREFIX } from './event-stream.ts';
import { faultError, Faults } from './faults.ts';
import { guestRoutes } from './guest-api.ts';
import { compileRoute, matchRoute, type Reply, type RequestContext } from './http.ts';
import { newId } from './ids.ts';
import { JwtSigner } from './jwt.ts';
import { OAuthService } from './oauth.ts';
import { RateLimiter } from './rate-limit.ts';
import { checkControl, checkPublicUpgrade, isLoopbackHost, newControlToken, type GuardFailure } from './request-guard.ts';
import { Router } from './routing.ts';
import { ScriptedAgent } from './scripted-agent.ts';
import { AttachmentStore } from './attachments.ts';
import { defaultMounts, REPO_ROOT, serveStatic } from './static-files.ts';
import { Store } from './store.ts';
import { Timers } from './timers.ts';
import { createWebMessaging } from './web-messaging/index.ts';

export type { ServerConfig, ConfigOverrides } from './config.ts';

export interface StartOptions {
  /** 0 (or omitted in tests) picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Overrides on top of the config file. */
  config?: ConfigOverrides;
  /** Config file; default server/config.json. */
  configPath?: string;
  /** No console output. */
  quiet?: boolean;
  /** Folder that holds demo/ and dist/; default the repository root. */
  staticRoot?: string;
  /**
   * The token the control API, its stream and the agent console require. Default: a new random one per start.
   * Listening on anything but loopback requires one to be given (GC_CONTROL_TOKEN for `npm start`).
   */
  controlToken?: string;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  port: number;
  host: string;
  /** The effective configuration (read-only in spirit). */
  config: ServerConfig;
  /** What /control/*, /control/stream and the agent console require (header x-gc-control-token). */
  controlToken: string;
  /** The agent console's address with the token in its fragment (which browsers never send to a server). */
  consoleUrl: string;
  server: Server;
  /** How much the server holds (for load tests that check it stays bounded). */
  stats(): { chats: number; liveTokens: number; rateLimitKeys: number };
  close(): Promise<void>;
}

const API_HEADERS = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  Pragma: 'no-cache',
  Expires: '0',
};

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig({ configPath: options.configPath, overrides: options.config });
  const host = options.host ?? '127.0.0.1';
  if (options.controlToken !== undefined && options.controlToken.length < 16) {
    throw new ConfigError('The control token must be at least 16 characters.');
  }
  if (!isLoopbackHost(host) && options.controlToken === undefined) {
    // A random token printed on a shared screen or log would then guard every chat reachable from the network.
    throw new ConfigError(
      `HOST=${host} makes the local Genesys Cloud reachable from other machines: set GC_CONTROL_TOKEN (16 characters or more) to choose the control token first.`,
    );
  }
  const controlToken = options.controlToken ?? newControlToken();
  const guard = { allowedHosts: config.allowedHosts };
  const quiet = options.quiet ?? false;
  const staticRoot = options.staticRoot ?? REPO_ROOT;
  const mounts = defaultMounts(staticRoot);

  const timers = new Timers();
  const store = new Store();
  const signer = new JwtSigner(config.jwtSecret);
  const service = new ChatService(config, store, timers);
  const events = new EventStream(service);
  const controlStream = new ControlStream(service, events);
  // Files in conversations: guests' uploads (Web Messaging) and agents' files (console, scripted agent).
  const files = new AttachmentStore();
  const scripted = new ScriptedAgent(service, files);
  const router = new Router(service, scripted, () => controlStream.personAvailable());
  controlStream.onAvailabilityChanged = () => router.availabilityChanged();
  const faults = new Faults();
  const oauth = new OAuthService(config);
  const rateLimiter = new RateLimiter(config.rateLimit);
  const createLimiter = new RateLimiter(config.createRateLimit, 'conversations.created.per.client');
  // Web Messaging (Messenger's guest protocol) on the same port, over the same chat domain.
  const webMessaging = createWebMessaging({ config, service, signer, files });

  const routes = [
    ...guestRoutes({ config, store, service, signer, rateLimiter, createLimiter }),
    ...oauth.routes(),
    ...conversationsRoutes({ store, oauth, maxBodyBytes: config.maxBodyBytes }),
    ...controlRoutes({ config, store, service, events, faults, files, personAvailable: () => controlStream.personAvailable() }),
    ...webMessaging.routes,
    ...webMessaging.controlRoutes,
  ].map(compileRoute);

  const log = (...args: unknown[]) => {
    if (!quiet) console.log(...args);
  };

  function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply, isApi: boolean): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string> = {};
    if (isApi) Object.assign(headers, API_HEADERS);
    Object.assign(headers, reply.headers);
    let payload: Buffer | string | undefined = reply.raw;
    if (payload === undefined && reply.body !== undefined) payload = JSON.stringify(reply.body);
    if (payload === undefined) delete headers['Content-Type'];
    res.writeHead(reply.status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
  }

  // A stand-in page (a proxy's or captive portal's) is read by the widget's fetch; opened as a document it is
  // sandboxed, so its markup never runs as this server's origin.
  const pageReply = (page: string): Reply => ({
    status: 200,
    raw: page,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "sandbox; default-src 'none'" },
  });

  const guardReply = (failure: GuardFailure, correlationId: string): Reply =>
    errorReply(new ApiError(failure.status, failure.code, failure.message), correlationId);

  function errorReply(err: unknown, correlationId: string): Reply {
    const apiError =
      err instanceof ApiError ? err : new ApiError(500, 'internal.server.error', 'The server encountered an unexpected error.');
    // A client that went away while sending its body (a closed tab) is no server error: nothing to report.
    const aborted = (err as { code?: string } | null)?.code === 'ECONNRESET';
    if (!(err instanceof ApiError) && !aborted) console.error('unexpected error:', err);
    return { status: apiError.status, body: toErrorBody(apiError, correlationId), headers: apiError.headers };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const correlationId = newId();
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      url = new URL('http://localhost/');
    }
    const pathname = url.pathname;
    res.setHeader('inin-correlation-id', correlationId);
    const isPublic = isPublicApiPath(pathname);
    if (isPublic || isWidgetFilePath(pathname)) applyCors(req, res);
    if (method === 'OPTIONS') {
      // Only the public APIs answer preflights; elsewhere the browser gets no CORS and sends nothing.
      res.writeHead(isPublic ? 204 : 404, isPublic ? preflightHeaders(req) : {});
      res.end();
      return;
    }
    const isControl = pathname.startsWith('/control/');
    const isApi = isPublic || isControl;
    if (isControl) {
      const failure = checkControl(req, controlToken, guard);
      if (failure) {
        writeReply(req, res, guardReply(failure, correlationId), true);
        return;
      }
    }
    let reply: Reply;
    let responseDelay = 0;
    let lateFault: ReturnType<typeof faults.takeFault>;
    try {
      // Fault injection applies to everything but the control API itself.
      if (!isControl) {
        const fault = faults.takeFault(method, pathname);
        if (fault?.phase === 'response') {
          lateFault = fault; // the request takes effect; only its answer is lost
        } else if (fault) {
          if (fault.status === 0) {
            req.socket.destroy();
            return;
          }
          if (fault.page !== undefined && isPublic) {
            // Something between the visitor and the service answered in its place (a proxy's or a Wi-Fi sign-in
            // page); with the API's CORS headers, so the page reaches the widget rather than a network error.
            writeReply(req, res, pageReply(fault.page), true);
            return;
          }
          throw faultError(fault);
        }
        const delay = faults.takeDelay(method, pathname);
        if (delay?.phase === 'request') await timers.sleep(delay.ms);
        else if (delay) responseDelay = delay.ms;
      }
      const match = matchRoute(routes, method, pathname);
      const ctx: RequestContext = { req, res, method, url, params: {}, correlationId };
      if (match.route) {
        ctx.params = match.params;
        reply = await match.route.handler(ctx);
      } else if (!match.pathMatched && !isApi && (method === 'GET' || method === 'HEAD')) {
        const file = await serveStatic(pathname, mounts, staticRoot);
        if (!file) throw errors.notFound();
        reply = file;
      } else {
        throw errors.notFound(
          match.pathMatched ? `${method} is not supported on ${pathname}.` : 'The requested resource was not found.',
        );
      }
    } catch (err) {
      reply = errorReply(err, correlationId);
    }
    if (responseDelay > 0) await timers.sleep(responseDelay);
    if (lateFault) {
      if (lateFault.status === 0) {
        // Cut the answer after its first bytes: a connection closed before any byte makes browsers resend
        // the request by themselves (even a POST), which would hand the test a duplicate no client can stop.
        req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n', () => req.socket.destroy());
        return;
      }
      reply = lateFault.page !== undefined && isPublic ? pageReply(lateFault.page) : errorReply(faultError(lateFault), correlationId);
    }
    if (reply.status >= 500) log(`${method} ${pathname} -> ${reply.status}`);
    writeReply(req, res, reply, isApi || reply.raw === undefined);
  }

  function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
    const body = JSON.stringify({ status, code, message, messageParams: {}, contextId: newId(), details: [], errors: [] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Connection: close\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname;
    if (pathname === CONTROL_STREAM_PATH) {
      const failure = checkControl(req, controlToken, { ...guard, url });
      if (failure) rejectUpgrade(socket, failure.status, failure.code, failure.message);
      else controlStream.attach(req, socket, head, url);
      return;
    }
    // Every other upgrade is a public stream (any page may open it with its own token), but a rebound DNS
    // name must not reach it either.
    const hostFailure = checkPublicUpgrade(req, guard);
    if (hostFailure) {
      rejectUpgrade(socket, hostFailure.status, hostFailure.code, hostFailure.message);
      return;
    }
    const isWebMessaging = webMessaging.isSocketPath(pathname);
    if (!isWebMessaging && !pathname.startsWith(STREAM_PATH_PREFIX)) {
      rejectUpgrade(socket, 404, 'not.found', 'No WebSocket endpoint here.');
      return;
    }
    const fault = faults.takeFault('GET', pathname);
    if (fault) {
      if (fault.status === 0) socket.destroy();
      else rejectUpgrade(socket, fault.status, faultError(fault).code, 'Injected fault.');
      return;
    }
    if (isWebMessaging) {
      webMessaging.upgrade(req, socket, head, url, (status, code, message) => rejectUpgrade(socket, status, code, message));
      return;
    }
    let token = pathname.slice(STREAM_PATH_PREFIX.length);
    try {
      token = decodeURIComponent(token);
    } catch {
      // keep it raw; verification fails below
    }
    const result = signer.verify(token);
    const conv = result.ok ? store.get(result.claims.data.conv) : undefined;
    if (!result.ok || !conv) {
      const expired = !result.ok && result.reason === 'expired';
      rejectUpgrade(
        socket,
        401,
        expired ? 'credentials.expired' : 'bad.credentials',
        expired ? 'The stream token is expired.' : 'The stream token is not valid.',
      );
      return;
    }
    events.attach(req, socket, head, conv);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error('request failed:', err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', handleUpgrade);
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    host,
    config,
    controlToken,
    consoleUrl: `${url}/agent/#token=${encodeURIComponent(controlToken)}`,
    server,
    stats: () => ({
      chats: store.size,
      liveTokens: oauth.liveTokens,
      rateLimitKeys: rateLimiter.size + createLimiter.size,
    }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        timers.clearAll();
        router.close();
        scripted.close();
        events.close();
        webMessaging.close();
        controlStream.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
