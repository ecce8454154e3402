// Soak, on each transport. Guest Chat v2: 300 messages each way while the socket is dropped at random every few
// seconds, with one burst of 500s, one of lost answers and one of 429s on the visitor's sends. Web Messaging:
// messages each way at the service's own rate limit (2 a second, so the visitor's outbox meets 4029s all the
// time), with random socket drops, an injected burst of 4029s and frames swapped in pairs. Both sides must end
// with the same transcript: every message exactly once, in the same order.
import { expect, fixture, html } from '@open-wc/testing';
import { createControl } from '../../server/control-client.js';
import '../../src/define.js';
import type { GcTranscript } from '../../src/elements/gc-transcript.js';
import { memoryState } from '../../src/session/storage.js';
import type { PersistedState } from '../../src/session/types.js';
import { agent, cleanupSessions, CONTROL, MESSENGER, newSession, record, SERVER, startConnectedChat, until } from './helpers.js';

const control = createControl(CONTROL);
const EACH_WAY = 300;

/** A small seeded generator, so a failing run can be replayed with its seed. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await agent.clearFaults();
  await cleanupSessions();
});

describe('soak', function () {
  this.timeout(180_000);

  it(`${EACH_WAY} messages each way through random socket drops, 500s, lost answers and 429s`, async () => {
    const seed = Number(new URLSearchParams(location.search).get('seed')) || Math.floor(Math.random() * 2 ** 31);
    const random = mulberry32(seed);
    const session = newSession({ reconnect: { initialDelayMs: 50, maxDelayMs: 400 } });
    const log = record(session);
    const id = await startConnectedChat(session);
    const transcript = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
    const sendPath = `/api/v2/webchat/guest/conversations/${id}/members/*/messages`;

    let drops = 0;
    let dropping = true;
    // Drops go on until the messages are all written, and at least three happen however fast the writing went.
    const dropper = (async () => {
      while (dropping || drops < 3) {
        await sleep(1500 + random() * 2000);
        if (!dropping && drops >= 3) break;
        await agent.dropSockets(id);
        drops++;
      }
    })();

    const faults = { '500': 0, lostAnswer: 0, '429': 0 };
    for (let i = 1; i <= EACH_WAY; i++) {
      if (i === 80) {
        await agent.fault({ method: 'POST', path: sendPath, status: 500, count: 6 });
        faults['500'] = 6;
      }
      if (i === 150) {
        await agent.fault({ method: 'POST', path: sendPath, status: 0, phase: 'response', count: 2 });
        faults.lostAnswer = 2;
      }
      if (i === 220) {
        await agent.fault({ method: 'POST', path: sendPath, status: 429, retryAfter: 1, count: 4 });
        faults['429'] = 4;
      }
      void session.sendMessage(`visitor ${i}`).catch(() => undefined);
      await agent.say(id, `agent ${i}`);
      await sleep(random() * 20);
    }
    dropping = false;
    await dropper;

    const standard = () => session.$messages.get().filter((m) => m.type === 'Message');
    await until(() => session.$outbox.get().length === 0 && standard().length >= 2 * EACH_WAY, 'everything delivered', 90_000).catch(
      (error) => {
        const state = { connection: session.$connection.get(), shown: standard().length, outbox: session.$outbox.get() };
        throw new Error(`${error.message}; seed ${seed}; ${JSON.stringify(state).slice(0, 600)}`);
      },
    );
    // Let any straggling duplicate show itself before comparing.
    await sleep(500);

    const server = (await control.chat(id)).messages.filter((m) => m.bodyType === 'standard');
    const widget = standard();
    const summary = `seed ${seed}, ${drops} socket drops, faults ${JSON.stringify(faults)}, ${log.filter((e) => e.name === 'reconnected').length} reconnects, ${log.filter((e) => e.name === 'messageFailed').length} messages shown as failed for a while`;
    console.log(`soak: ${summary}`);
    expect(server.map((m) => m.body), `server transcript (${summary})`).to.have.length(2 * EACH_WAY);
    expect(new Set(server.map((m) => m.body)).size, 'the service has every message exactly once').to.equal(2 * EACH_WAY);
    expect(widget.map((m) => m.id), `same messages, same order (${summary})`).to.deep.equal(server.map((m) => m.id));
    expect(widget.map((m) => m.text)).to.deep.equal(server.map((m) => m.body));
    // Each side's own messages kept the order they were written in.
    const visitorOrder = server.filter((m) => m.senderRole === 'CUSTOMER').map((m) => m.body);
    expect(visitorOrder).to.deep.equal(Array.from({ length: EACH_WAY }, (_, i) => `visitor ${i + 1}`));
    expect(drops, 'the socket was really dropped').to.be.greaterThan(2);

    // What the visitor sees ends the same way.
    await transcript.updateComplete;
    const bubbles = [...transcript.shadowRoot!.querySelectorAll('[part~="bubble"]')].map((b) => b.textContent);
    expect(bubbles.slice(-20)).to.deep.equal(server.slice(-20).map((m) => m.body));
  });
});

describe('soak on Web Messaging', function () {
  this.timeout(180_000);
  const EACH = 60;

  it(`${EACH} messages each way at the service's rate limit, through random socket drops, 4029 bursts and swapped frames`, async () => {
    const seed = Number(new URLSearchParams(location.search).get('seed')) || Math.floor(Math.random() * 2 ** 31);
    const random = mulberry32(seed);
    const storage = memoryState();
    const session = newSession({
      transport: 'web-messaging',
      environment: SERVER,
      deploymentKey: MESSENGER.readOnly,
      storage,
      reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    });
    const log = record(session);
    await session.startChat({ firstname: 'Soak' });
    const token = (storage.read() as PersistedState).resume.token as string;
    const { id } = await agent.waitForMessagingChat(token, { deploymentId: MESSENGER.readOnly });
    await agent.accept(id);
    const transcript = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);

    let drops = 0;
    let dropping = true;
    const dropper = (async () => {
      while (dropping || drops < 3) {
        await sleep(1500 + random() * 2000);
        if (!dropping && drops >= 3) break;
        await agent.dropMessagingSockets(token, MESSENGER.readOnly);
        drops++;
      }
    })();

    for (let i = 1; i <= EACH; i++) {
      if (i === 20) await agent.messagingFaults(token, { rateLimited: 4 }, MESSENGER.readOnly);
      if (i === 40) await agent.messagingFaults(token, { reorder: 3 }, MESSENGER.readOnly);
      void session.sendMessage(`visitor ${i}`).catch(() => undefined);
      await agent.say(id, `agent ${i}`);
      await sleep(random() * 40);
    }
    dropping = false;
    await dropper;

    const standard = () => session.$messages.get().filter((m) => m.type === 'Message');
    await until(() => session.$outbox.get().length === 0 && standard().length >= 2 * EACH, 'everything delivered', 120_000).catch((error) => {
      const state = { connection: session.$connection.get(), shown: standard().length, outbox: session.$outbox.get().length };
      throw new Error(`${error.message}; seed ${seed}; ${JSON.stringify(state)}`);
    });
    await sleep(500); // let a straggling duplicate show itself

    const server = (await agent.chat(id)).messages.filter((m) => m.bodyType === 'standard');
    const summary = `seed ${seed}, ${drops} socket drops, ${log.filter((e) => e.name === 'reconnected').length} reconnects`;
    console.log(`soak on Web Messaging: ${summary}`);
    expect(server, `server transcript (${summary})`).to.have.length(2 * EACH);
    expect(new Set(server.map((m) => m.body)).size, 'the service has every message exactly once').to.equal(2 * EACH);
    // The service does not promise order on the wire; the widget shows its time order, the same as the service's.
    expect(standard().map((m) => m.text), `same messages, same order (${summary})`).to.deep.equal(server.map((m) => m.body));
    const visitorOrder = server.filter((m) => m.senderRole === 'CUSTOMER').map((m) => m.body);
    expect(visitorOrder).to.deep.equal(Array.from({ length: EACH }, (_, i) => `visitor ${i + 1}`));
    await transcript.updateComplete;
    const bubbles = [...transcript.shadowRoot!.querySelectorAll('[part~="bubble"]')].map((b) => b.textContent);
    expect(bubbles.slice(-20)).to.deep.equal(server.slice(-20).map((m) => m.body));
  });
});
