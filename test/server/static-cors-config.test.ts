import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../server/app.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { api, FAST, GUEST } from './helpers.ts';

/** Sends a raw request line so the path reaches the server exactly as written (no URL normalisation). */
function rawGet(server: RunningServer, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('static files', () => {
  let server: RunningServer;
  let root: string;
  before(async () => {
    // A throwaway root with demo/ and dist/, so the test does not depend on the widget build.
    root = mkdtempSync(join(tmpdir(), 'gc-static-'));
    mkdirSync(join(root, 'demo'));
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(root, 'demo', 'app.css'), 'body{}');
    writeFileSync(join(root, 'demo', 'page.strict-csp.html'), '<!doctype html><title>strict</title>');
    writeFileSync(join(root, 'dist', 'gc-webchat.min.js'), 'export {};');
    writeFileSync(join(root, 'secret.txt'), 'top secret');
    server = await startServer({ port: 0, quiet: true, config: FAST, staticRoot: root });
  });
  after(() => server.close());

  it('serves the demo at /, /demo/*, /dist/* with content types', async () => {
    const home = await fetch(`${server.url}/`);
    assert.equal(home.status, 200);
    assert.equal(home.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await home.text(), /<title>demo<\/title>/);
    const css = await fetch(`${server.url}/demo/app.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    const js = await fetch(`${server.url}/dist/gc-webchat.min.js`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const demoDir = await fetch(`${server.url}/demo/`);
    assert.equal(demoDir.status, 200);
  });

  it('serves *.strict-csp.html pages with a strict Content Security Policy, and only those', async () => {
    const strict = await fetch(`${server.url}/demo/page.strict-csp.html`);
    const policy = strict.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "require-trusted-types-for 'script'"]) {
      assert.ok(policy.includes(directive), `${directive} in ${policy}`);
    }
    assert.doesNotMatch(policy, /unsafe-/);
    assert.equal((await fetch(`${server.url}/demo/index.html`)).headers.get('content-security-policy'), null);
  });

  it('serves the agent console and the guest page from server/', async () => {
    for (const path of ['/agent/', '/guest/']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      const html = await res.text();
      assert.match(html, /<html lang="en">/);
    }
    const redirect = await fetch(`${server.url}/agent`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/agent/');
    const js = await fetch(`${server.url}/agent/console.js`);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  });

  it('refuses to serve outside the mounted folders', async () => {
    for (const path of [
      '/demo/../secret.txt',
      '/demo/%2e%2e/secret.txt',
      '/demo/..%2fsecret.txt',
      '/demo/%2e%2e%2f%2e%2e%2fetc/passwd',
      '/dist/..%2f..%2fpackage.json',
      '/agent/..%2fapp.ts',
      '/guest/%00',
      '/secret.txt',
      '/package.json',
    ]) {
      assert.equal(await rawGet(server, path), 404, path);
    }
    const missing = await fetch(`${server.url}/demo/nope.html`);
    assert.equal(missing.status, 404);
  });

  it('falls back to a page linking the guest page when demo/index.html is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gc-empty-'));
    const bare = await startServer({ port: 0, quiet: true, config: FAST, staticRoot: empty });
    try {
      const html = await (await fetch(`${bare.url}/`)).text();
      assert.match(html, /href="\/guest\/"/);
      assert.match(html, /href="\/agent\/"/);
    } finally {
      await bare.close();
    }
  });
});

describe('CORS', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, quiet: true, config: FAST });
  });
  after(() => server.close());

  it('serves the widget files (/dist/) to any origin, as a CDN does, and nothing else that is static', async () => {
    const widget = await fetch(`${server.url}/dist/gc-webchat.min.js`, { headers: { Origin: 'https://shop.example' } });
    assert.equal(widget.headers.get('access-control-allow-origin'), '*');
    const page = await fetch(`${server.url}/demo/index.html`, { headers: { Origin: 'https://shop.example' } });
    assert.equal(page.headers.get('access-control-allow-origin'), null);
  });

  it('answers preflights on the guest API, OAuth and conversations routes', async () => {
    for (const path of [`${GUEST}/conversations`, `${GUEST}/conversations/x/members/y/messages`, '/oauth/token', '/api/v2/conversations/x']) {
      const res = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://shop.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });
      assert.equal(res.status, 204, path);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /DELETE/);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
    }
  });

  it('exposes Retry-After and inin-correlation-id on answers, errors included', async () => {
    const res = await api(server, 'GET', `${GUEST}/conversations/x/messages`, { headers: { Origin: 'https://shop.example' } });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /inin-correlation-id/);
  });
});

describe('configuration', () => {
  it('loads server/config.json with the demo ids', () => {
    const config = loadConfig();
    assert.equal(config.organizationId, '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c');
    assert.equal(config.deployments[0]!.id, '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e');
    assert.equal(config.heartbeatMs, 10000);
    assert.equal(config.idleDisconnectMs, 900000);
    assert.deepEqual(config.queues.map((q) => [q.name, q.autoAnswer]), [['Support', true], ['Manual', false]]);
  });

  it('applies overrides and merges rateLimit', () => {
    const config = loadConfig({ overrides: { heartbeatMs: 5, rateLimit: { requests: 2 } } });
    assert.equal(config.heartbeatMs, 5);
    assert.deepEqual(config.rateLimit, { requests: 2, windowSeconds: 60 });
  });

  it('rejects bad configuration with a clear error', async () => {
    assert.throws(() => loadConfig({ overrides: { heartbeatMs: -1 } }), (err: unknown) => err instanceof ConfigError && /heartbeatMs must be a number > 0/.test(err.message));
    assert.throws(() => loadConfig({ overrides: { queues: [] } }), /queues must be a non-empty array/);
    assert.throws(() => loadConfig({ overrides: { deployments: [{ id: 'x', name: 'd', enabled: true, requireAuth: false }] } }), /deployments\[0\]\.id must be a UUID/);
    const dir = mkdtempSync(join(tmpdir(), 'gc-config-'));
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    assert.throws(() => loadConfig({ configPath: join(dir, 'bad.json') }), /Invalid JSON in server config/);
    assert.throws(() => loadConfig({ configPath: join(dir, 'missing.json') }), /Cannot read server config/);
    await assert.rejects(startServer({ port: 0, quiet: true, config: { routingDelayMs: 'soon' as unknown as number } }), ConfigError);
  });

  it('loads the Messenger deployments and merges webMessaging', () => {
    const config = loadConfig({ overrides: { webMessaging: { messagesPerSecond: 5 } } });
    assert.deepEqual(config.webMessaging, {
      sessionDurationSeconds: 259200,
      messagesPerSecond: 5,
      historyRequestsPerMinute: 10,
      maxConnectionsPerSession: 3,
      maxFrameBytes: 65536,
      uploadUrlTtlSeconds: 600,
      downloadUrlTtlSeconds: 600,
    });
    const messenger = Object.fromEntries(config.deployments.map((d) => [d.id, d.messenger && [d.messenger.status, d.messenger.queue, d.messenger.conversationDisconnect.type]]));
    assert.deepEqual(messenger, {
      '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e': ['Active', 'Support', 'ReadOnly'],
      '2c7d3e0f-4a5b-4c6d-9e8f-7a6b5c4d3e2f': ['Inactive', 'Support', 'ReadOnly'],
      '3d8e4f1a-5b6c-4d7e-8f9a-8b7c6d5e4f3a': undefined,
      '6a1b7c4d-8e9f-4a0b-9c1d-2e3f4a5b6c7d': ['Active', 'Manual', 'ReadOnly'],
      '7b2c8d5e-9f0a-4b1c-8d2e-3f4a5b6c7d8e': ['Active', 'Manual', 'Send'],
      '8c3d9e6f-0a1b-4c2d-9e3f-4a5b6c7d8e9f': ['Active', 'Manual', 'ReadOnly'],
    });
  });

  it('rejects a bad messenger block or webMessaging value, naming each problem', () => {
    const base = loadConfig().deployments[0]!;
    const bad = { ...base, messenger: { ...base.messenger!, status: 'On', queue: 'Nowhere', conversationDisconnect: { enabled: true, type: 'Close' } } };
    assert.throws(
      () => loadConfig({ overrides: { deployments: [bad as never] } }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /deployments\[0\]\.messenger\.status must be "Active" or "Inactive"/.test(err.message) &&
        /deployments\[0\]\.messenger\.queue must name one of the queues/.test(err.message) &&
        /deployments\[0\]\.messenger\.conversationDisconnect must be/.test(err.message),
    );
    assert.throws(() => loadConfig({ overrides: { webMessaging: { maxConnectionsPerSession: 0 } } }), /webMessaging\.maxConnectionsPerSession must be a number >= 1/);
  });
});
