// Static files: the demo, the built widget, the agent console and the plain guest page.
// Each URL prefix maps to one folder and nothing outside it is ever served.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reply } from './http.ts';

export const SERVER_DIR = fileURLToPath(new URL('.', import.meta.url));
export const REPO_ROOT = resolve(SERVER_DIR, '..');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

interface Mount {
  prefix: string;
  dir: string;
}

export function defaultMounts(root = REPO_ROOT): Mount[] {
  return [
    { prefix: '/demo/', dir: join(root, 'demo') },
    { prefix: '/dist/', dir: join(root, 'dist') },
    { prefix: '/agent/', dir: join(SERVER_DIR, 'agent-console') },
    { prefix: '/guest/', dir: join(SERVER_DIR, 'guest-page') },
  ];
}

const FALLBACK_HOME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local Genesys Cloud</title></head>
<body><main><h1>Local Genesys Cloud</h1>
<p>The widget demo (<code>demo/index.html</code>) is not there yet.</p>
<ul><li><a href="/guest/">Plain customer chat page</a></li><li><a href="/agent/">Agent console</a></li></ul>
</main></body></html>
`;

async function fileReply(path: string): Promise<Reply | undefined> {
  try {
    let target = path;
    const info = await stat(target);
    if (info.isDirectory()) target = join(target, 'index.html');
    const data = await readFile(target);
    const type = CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
    return { status: 200, raw: data, headers: { 'Content-Type': type, 'Cache-Control': 'no-cache' } };
  } catch {
    return undefined;
  }
}

/**
 * Serves GET/HEAD for the static mounts; undefined when the path is not a static one or the file is
 * missing (the app then answers 404). Decoding happens before the containment check, so encoded
 * "../" and backslashes cannot escape a mount.
 */
export async function serveStatic(pathname: string, mounts: Mount[], root = REPO_ROOT): Promise<Reply | undefined> {
  if (pathname === '/' || pathname === '/index.html') {
    return (await fileReply(join(root, 'demo', 'index.html'))) ?? {
      status: 200,
      raw: FALLBACK_HOME,
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
    };
  }
  for (const mount of mounts) {
    const bare = mount.prefix.slice(0, -1);
    if (pathname === bare) return { status: 301, headers: { Location: mount.prefix } };
    if (!pathname.startsWith(mount.prefix)) continue;
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(mount.prefix.length));
    } catch {
      return undefined;
    }
    if (relative.includes('\0')) return undefined;
    const base = resolve(mount.dir);
    const target = resolve(base, `.${sep}${relative}`);
    if (target !== base && !target.startsWith(base + sep)) return undefined;
    const reply = await fileReply(target);
    if (reply && target.endsWith('.strict-csp.html')) reply.headers = { ...reply.headers, 'Content-Security-Policy': STRICT_CSP };
    return reply;
  }
  return undefined;
}

/**
 * The policy `*.strict-csp.html` pages are served with: scripts and styles from this server only, no
 * inline code or eval, connections to this server only, and Trusted Types for every DOM sink (Lit's
 * own `lit-html` policy is the one allowed).
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');
