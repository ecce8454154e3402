// Who may talk to the server. The guest and messaging APIs are public, as the real service's are: any
// page on any origin calls them with a conversation's own token. The control API, its stream and the agent
// console act for every chat at once, so they need the control token, a same-origin caller (a page on
// another origin must not drive them through the visitor's browser) and a Host header that names this
// machine (a rebound DNS name pointing at 127.0.0.1 must not pass for it).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** The header the control client and the agent console send the token in. */
export const CONTROL_TOKEN_HEADER = 'x-gc-control-token';
/** The query parameter a browser WebSocket (which cannot send headers) carries it in, on the control stream only. */
export const CONTROL_TOKEN_PARAM = 'token';

export function newControlToken(): string {
  return randomBytes(24).toString('base64url');
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

/** The host name of a Host header or an origin's host, without the port. */
function hostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return colon >= 0 ? hostHeader.slice(0, colon) : hostHeader;
}

export interface GuardOptions {
  /** Host names (no port) accepted besides loopback names and IP literals, e.g. a LAN name. */
  allowedHosts?: readonly string[];
}

/**
 * True when the Host header names this machine: loopback names, an IP literal (a browser only sends a name
 * it resolved, so a rebinding attack always shows its own domain here) or a configured name.
 */
export function hostAllowed(req: IncomingMessage, options: GuardOptions = {}): boolean {
  const header = req.headers.host;
  if (!header) return false;
  const name = hostName(header).toLowerCase();
  const bare = name.replace(/^\[|\]$/g, '');
  if (isLoopbackHost(name) || isIP(bare) !== 0) return true;
  return (options.allowedHosts ?? []).some((allowed) => allowed.toLowerCase() === name);
}

/** True when the request carries no Origin (not a browser page) or an Origin equal to this server's. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === req.headers.host;
  } catch {
    return false;
  }
}

function tokenEquals(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type GuardFailure = { status: 401 | 403; code: string; message: string };

/**
 * Checks a request (HTTP or WebSocket upgrade) that needs the control token. `url` is given for upgrades,
 * whose token may travel in the query since browsers cannot add headers to a WebSocket.
 */
export function checkControl(req: IncomingMessage, token: string, options: GuardOptions & { url?: URL } = {}): GuardFailure | undefined {
  const trusted = checkBrowserContext(req, options);
  if (trusted) return trusted;
  const header = req.headers[CONTROL_TOKEN_HEADER];
  const given = typeof header === 'string' ? header : options.url?.searchParams.get(CONTROL_TOKEN_PARAM) ?? undefined;
  if (!tokenEquals(given, token)) {
    return { status: 401, code: 'bad.credentials', message: 'The control API needs the token printed when the server started.' };
  }
  return undefined;
}

/** Host and Origin alone: for any upgrade or route that must come from this machine's own pages. */
export function checkBrowserContext(req: IncomingMessage, options: GuardOptions = {}): GuardFailure | undefined {
  if (!hostAllowed(req, options)) {
    return { status: 403, code: 'host.not.allowed', message: 'This server answers only to its own host name.' };
  }
  if (!sameOrigin(req)) {
    return { status: 403, code: 'origin.not.allowed', message: 'Pages on other origins may not use this endpoint.' };
  }
  return undefined;
}

/**
 * For an upgrade on a public endpoint (the guest event stream): any Origin, as the real service, but the Host
 * must still name this machine.
 */
export function checkPublicUpgrade(req: IncomingMessage, options: GuardOptions = {}): GuardFailure | undefined {
  if (!hostAllowed(req, options)) {
    return { status: 403, code: 'host.not.allowed', message: 'This server answers only to its own host name.' };
  }
  return undefined;
}
