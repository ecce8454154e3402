// `npm run bench`: every benchmark, printed as figures. Medians over repeated runs where it is cheap.
import { runServerLoad } from './server-load.ts';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const results = [];
for (let i = 0; i < runs; i++) results.push(await runServerLoad({ chats: 200, messagesPerChat: 50 }));
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`Local Genesys Cloud: 200 concurrent chats × 50 messages, send → echo, median of ${runs} runs`);
console.log(`  throughput        ${median(results.map((r) => r.messagesPerSecond)).toFixed(0)} messages/s`);
console.log(`  send-to-echo p50  ${median(results.map((r) => r.p50Ms)).toFixed(1)} ms`);
console.log(`  send-to-echo p99  ${median(results.map((r) => r.p99Ms)).toFixed(1)} ms`);
console.log(`  total             ${(median(results.map((r) => r.totalMs)) / 1000).toFixed(1)} s for ${results[0].messages} messages`);
