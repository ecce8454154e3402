// Request context and reply types shared by the API modules, plus body parsing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from './errors.ts';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** Path parameters captured by the route pattern. */
  params: Record<string, string>;
  correlationId: string;
}

/** Handlers return a reply instead of writing it, so fault/delay injection can hold it back. */
export interface Reply {
  status: number;
  body?: unknown;
  /** Raw bytes (static files); takes precedence over body. */
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, body, headers });
export const noContent = (status = 204): Reply => ({ status });

export async function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw errors.entityTooLarge(maxBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a JSON body. An empty body gives undefined (typing and DELETE carry none even though
 * Genesys's SDK labels them application/json); a non-empty body must be JSON or it is a 415.
 */
export async function readJsonBody(ctx: RequestContext, maxBytes: number): Promise<unknown> {
  const raw = await readRawBody(ctx.req, maxBytes);
  if (raw.length === 0) return undefined;
  const type = mediaType(ctx.req);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw errors.unsupportedMediaType(type || '(none)');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw errors.badRequest('The request body is not valid JSON.');
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Extracts the token from `Authorization: Bearer <token>`; undefined when the header is absent. */
export function bearerToken(req: IncomingMessage): string | undefined | null {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  /** Path with `:name` segments, e.g. /api/v2/webchat/guest/conversations/:conversationId */
  path: string;
  handler: Handler;
}

export interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export function compileRoute(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

/** Finds the route for a path; `pathMatched` distinguishes "no such path" from "wrong method". */
export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  pathname: string,
): { route: CompiledRoute; params: Record<string, string> } | { route: undefined; pathMatched: boolean } {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.regex.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(m[i + 1]!);
      } catch {
        params[name] = m[i + 1]!;
      }
    });
    return { route, params };
  }
  return { route: undefined, pathMatched };
}
