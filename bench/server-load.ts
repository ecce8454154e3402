// Load benchmark for the local Genesys Cloud: N concurrent chats, each sending M messages one after
// another and waiting for the echo of each on its event stream. Loopback only; stops by itself.
// Run: node --import tsx bench/server-load.ts [chats] [messagesPerChat]
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { startServer } from '../server/app.ts';

export interface ServerLoadOptions {
  chats?: number;
  messagesPerChat?: number;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

export interface ServerLoadResult {
  chats: number;
  messagesPerChat: number;
  messages: number;
  totalMs: number;
  /** Messages (send + echo) completed per second over the sending phase. */
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const ORG = '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c';
const DEPLOYMENT = '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

async function runChat(base: string, index: number, messages: number, latencies: number[]): Promise<void> {
  const created = await fetch(`${base}/api/v2/webchat/guest/conversations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      organizationId: ORG,
      deploymentId: DEPLOYMENT,
      routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' },
      memberInfo: { displayName: `Load ${index}` },
    }),
  });
  if (created.status !== 200) throw new Error(`create answered ${created.status}`);
  const chat = (await created.json()) as { id: string; jwt: string; eventStreamUri: string; member: { id: string } };

  // Echo waiters keyed by body text: the echo can arrive before the POST answer.
  const waiting = new Map<string, () => void>();
  const arrived = new Set<string>();
  const ws = new WebSocket(chat.eventStreamUri);
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { metadata?: { type: string }; eventBody: { body?: string; sender?: { id: string } } };
    if (frame.metadata?.type !== 'message' || frame.eventBody.sender?.id !== chat.member.id) return;
    const body = frame.eventBody.body ?? '';
    const resolve = waiting.get(body);
    if (resolve) {
      waiting.delete(body);
      resolve();
    } else {
      arrived.add(body);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  const url = `${base}/api/v2/webchat/guest/conversations/${chat.id}/members/${chat.member.id}/messages`;
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${chat.jwt}` };
  for (let i = 0; i < messages; i++) {
    const body = `chat ${index} message ${i}`;
    const startedAt = performance.now();
    const echoed = new Promise<void>((resolve) => {
      if (arrived.delete(body)) resolve();
      else waiting.set(body, resolve);
    });
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ body }) });
    if (res.status !== 200) throw new Error(`send answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    await echoed;
    latencies.push(performance.now() - startedAt);
  }
  ws.close();
}

export async function runServerLoad(options: ServerLoadOptions = {}): Promise<ServerLoadResult> {
  const chats = options.chats ?? 200;
  const messagesPerChat = options.messagesPerChat ?? 50;
  const server = await startServer({
    port: 0,
    quiet: true,
    config: {
      rateLimit: { requests: 0, windowSeconds: 60 }, // no limit
      createRateLimit: { requests: 0, windowSeconds: 60 }, // every chat comes from this one client
      heartbeatMs: 10_000,
      routingDelayMs: 3_600_000,
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const latencies: number[] = [];
    const startedAt = performance.now();
    const work = Promise.all(Array.from({ length: chats }, (_, i) => runChat(server.url, i, messagesPerChat, latencies)));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('benchmark timed out')), options.timeoutMs ?? 120_000);
    });
    await Promise.race([work, timeout]);
    const totalMs = performance.now() - startedAt;
    latencies.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      chats,
      messagesPerChat,
      messages: latencies.length,
      totalMs: Math.round(totalMs),
      messagesPerSecond: Math.round(latencies.length / (totalMs / 1000)),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies[latencies.length - 1] ?? 0),
    };
  } finally {
    clearTimeout(timer);
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [chats, perChat] = process.argv.slice(2).map(Number);
  const result = await runServerLoad({ chats: chats || undefined, messagesPerChat: perChat || undefined });
  console.log(`server load: ${result.chats} concurrent chats x ${result.messagesPerChat} messages = ${result.messages} messages`);
  console.log(`  throughput   ${result.messagesPerSecond} messages/s (send + echo)`);
  console.log(`  send->echo   p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`);
  console.log(`  total time   ${(result.totalMs / 1000).toFixed(2)} s`);
}
