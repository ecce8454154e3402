// CORS for the public APIs only (the guest chat API, the platform and messaging APIs, Messenger's deployment
// configuration, OAuth): pages on any
// origin call those, as they do against the real service, each call carrying a conversation's or a client's
// own token. The control API, the agent console and static files answer no CORS at all, so a page on another
// origin can neither read them nor send them a request with the control token.
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
/**
 * The request headers the public APIs read; a preflight asking for others gets these and no more. A presigned
 * upload carries the header its URL was signed over (x-amz-tagging), as uploads to Genesys's storage do.
 */
const ALLOWED_HEADERS = 'Authorization, Content-Type, x-amz-tagging';
const EXPOSED_HEADERS = 'Retry-After, inin-correlation-id';

/**
 * Paths of the public APIs: the prefixes the real service answers cross-origin (Messenger reads its
 * deployment's config.json from any page, and puts and fetches attachments at presigned storage URLs).
 */
export const PUBLIC_API_PREFIXES: readonly string[] = ['/api/', '/oauth/', '/webdeployments/', '/uploads/', '/attachments/'];

export function isPublicApiPath(pathname: string): boolean {
  return PUBLIC_API_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * The widget's built files (`/dist/`): public code, served as a CDN serves it, readable from any origin, since
 * a Widgets v2 page loads `widgets.min.js` from a CDN and that script imports the widget's modules from beside
 * it (module scripts from another origin need CORS). Simple GETs only: they answer no preflight.
 */
export function isWidgetFilePath(pathname: string): boolean {
  return pathname.startsWith('/dist/');
}

export function applyCors(_req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS';
}

/** Answers a preflight on a public API: any origin, the API's methods, Authorization and Content-Type. */
export function preflightHeaders(_req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  };
}
