// The outbox against a server that fails on purpose: nothing the visitor writes is lost or sent twice.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcTranscript } from '../../src/elements/gc-transcript.js';
import { createControl } from '../../server/control-client.js';
import { memoryState } from '../../src/session/storage.js';
import type { ChatSession } from '../../src/session/session.js';
import { agent, cleanupSessions, CONTROL, newSession, record, SERVER, startConnectedChat, until } from './helpers.js';

const GUEST = '/api/v2/webchat/guest';
const control = createControl(CONTROL);
const fast = { reconnect: { initialDelayMs: 50, maxDelayMs: 250 } };

const postPath = (id: string) => `${GUEST}/conversations/${id}/members/*/messages`;

/** The customer's messages as the service stored them, in order. */
async function serverSaid(id: string): Promise<string[]> {
  const chat = await control.chat(id);
  return chat.messages.filter((m) => m.senderRole === 'CUSTOMER' && m.bodyType === 'standard').map((m) => m.body);
}

function shown(session: ChatSession): string[] {
  return session.$messages.get().filter((m) => m.from.type === 'Client' && m.type === 'Message').map((m) => m.text);
}

afterEach(async () => {
  await agent.clearFaults();
  await cleanupSessions();
});

describe('outbox', () => {
  it('keeps what is written while offline and sends it once, in order, when the connection returns', async () => {
    const session = newSession(fast);
    const log = record(session);
    const id = await startConnectedChat(session);
    // The socket drops and stays down for a few reconnect attempts.
    await agent.fault({ path: '/v1/token/*', status: 503, count: 4 });
    await agent.dropSockets(id);
    await until(() => session.$connection.get() === 'offline', 'offline');
    for (const text of ['one', 'two', 'three']) void session.sendMessage(text).catch(() => undefined);
    expect(session.$outbox.get().map((m) => [m.text, m.state])).to.deep.equal([
      ['one', 'sending'],
      ['two', 'sending'],
      ['three', 'sending'],
    ]);
    await until(() => log.some((e) => e.name === 'reconnected'), 'reconnected');
    await until(() => session.$outbox.get().length === 0, 'outbox drained');
    expect(shown(session)).to.deep.equal(['one', 'two', 'three']);
    expect(await serverSaid(id)).to.deep.equal(['one', 'two', 'three']);
  });

  it('retries through 500s and lost answers, never delivering a message twice', async () => {
    const session = newSession(fast);
    const log = record(session);
    const id = await startConnectedChat(session);
    await agent.fault({ method: 'POST', path: postPath(id), status: 500, count: 2 });
    const first = await session.sendMessage('after two 500s');
    expect(first?.text).to.equal('after two 500s');
    // Handled by the service, then the answer is lost: twice, with the same text each time.
    await agent.fault({ method: 'POST', path: postPath(id), status: 0, phase: 'response', count: 1 });
    void session.sendMessage('same').catch(() => undefined);
    await agent.fault({ method: 'POST', path: postPath(id), status: 503, phase: 'response', count: 1 });
    void session.sendMessage('same').catch(() => undefined);
    void session.sendMessage('last').catch(() => undefined);
    await until(() => session.$outbox.get().length === 0 && shown(session).includes('last'), 'all delivered');
    expect(shown(session)).to.deep.equal(['after two 500s', 'same', 'same', 'last']);
    expect(await serverSaid(id)).to.deep.equal(['after two 500s', 'same', 'same', 'last']);
    expect(log.some((e) => e.name === 'messageFailed'), 'no failure surfaced for recovered sends').to.equal(false);
  });

  it('waits out a 429 for as long as Retry-After says, then sends', async () => {
    const session = newSession(fast);
    const id = await startConnectedChat(session);
    await agent.fault({ method: 'POST', path: postPath(id), status: 429, retryAfter: 1, count: 1 });
    const sent = session.sendMessage('patience');
    await until(() => session.$outbox.get()[0]?.error?.code === 'too.many.requests.retry.after', 'the 429 seen');
    expect(session.$outbox.get()[0].state, 'still sending while it waits').to.equal('sending');
    expect(await serverSaid(id)).to.deep.equal([]);
    await sent;
    await until(() => session.$outbox.get().length === 0, 'delivered');
    expect(await serverSaid(id)).to.deep.equal(['patience']);
  });

  it('marks a message failed after repeated errors; the visitor can retry it or discard it', async () => {
    const session = newSession(fast);
    const log = record(session);
    const id = await startConnectedChat(session);
    await agent.fault({ method: 'POST', path: postPath(id), status: 503, count: 3 });
    let rejected: unknown;
    await session.sendMessage('try again later').catch((error) => (rejected = error));
    expect((rejected as Error)?.message).to.be.a('string');
    expect(session.$outbox.get().map((m) => m.state)).to.deep.equal(['failed']);
    expect(log.filter((e) => e.name === 'messageFailed')).to.have.length(1);
    session.retryMessage(session.$outbox.get()[0].id);
    await until(() => session.$outbox.get().length === 0, 'retried and delivered');

    // A refusal (4xx) is not retried by itself; discarding drops it for good.
    await agent.fault({ method: 'POST', path: postPath(id), status: 400, code: 'chat.error.bad.request' });
    await session.sendMessage('refused').catch(() => undefined);
    const [refused] = session.$outbox.get();
    expect([refused.state, refused.rejected]).to.deep.equal(['failed', true]);
    session.discardMessage(refused.id);
    expect(session.$outbox.get()).to.deep.equal([]);
    expect(await serverSaid(id)).to.deep.equal(['try again later']);
  });

  it('survives a reload: a queued message is sent by the restored page', async () => {
    const storage = memoryState();
    const before = newSession({ ...fast, storage });
    const id = await startConnectedChat(before);
    await agent.fault({ path: '/v1/token/*', status: 503, count: 1000 });
    await agent.dropSockets(id);
    await until(() => before.$connection.get() === 'offline', 'offline');
    void before.sendMessage('written offline').catch(() => undefined);
    before.dispose(); // the page goes away
    expect(storage.read()).to.have.nested.property('outbox[0].text', 'written offline');
    await agent.clearFaults();

    const after = newSession({ ...fast, storage });
    await after.restore();
    await until(() => after.$outbox.get().length === 0, 'sent after the reload');
    expect(shown(after)).to.deep.equal(['written offline']);
    expect(await serverSaid(id)).to.deep.equal(['written offline']);
  });

  it('after a reload, a send that landed without an answer is not sent again; one that did not land is', async () => {
    const storage = memoryState();
    const before = newSession({ ...fast, storage });
    const id = await startConnectedChat(before);
    // The service takes its time over the first message; the page reloads while it is in flight.
    await agent.delay({ method: 'POST', path: postPath(id), ms: 300, phase: 'request', count: 1 });
    void before.sendMessage('landed').catch(() => undefined);
    await until(() => before.$outbox.get()[0]?.attempts === 1, 'in flight');
    before.dispose();
    await until(async () => (await serverSaid(id)).includes('landed'), 'stored by the service');

    const middle = newSession({ ...fast, storage });
    await middle.restore();
    expect(middle.$outbox.get(), 'recognised as delivered').to.deep.equal([]);
    // This time the connection is cut before the service sees the message.
    await agent.fault({ method: 'POST', path: postPath(id), status: 0, count: 1 });
    await agent.delay({ method: 'POST', path: postPath(id), ms: 300, phase: 'request', count: 1 });
    void middle.sendMessage('lost').catch(() => undefined);
    await until(() => middle.$outbox.get()[0]?.attempts === 1, 'in flight');
    middle.dispose();

    const after = newSession({ ...fast, storage });
    await after.restore();
    await until(() => after.$outbox.get().length === 0, 'resent');
    expect(await serverSaid(id)).to.deep.equal(['landed', 'lost']);
    expect(shown(after)).to.deep.equal(['landed', 'lost']);
  });

  it('marks what could not be sent when the chat ends, without retry', async () => {
    const session = newSession(fast);
    const id = await startConnectedChat(session);
    await agent.fault({ path: '/v1/token/*', status: 503, count: 1000 });
    await agent.dropSockets(id);
    await until(() => session.$connection.get() === 'offline', 'offline');
    void session.sendMessage('too late').catch(() => undefined);
    await session.endChat();
    const [entry] = session.$outbox.get();
    expect([entry.state, entry.error?.code]).to.deep.equal(['failed', 'chat.ended']);
  });

  it('shows each state in the transcript; a failed message is announced and retried from the keyboard', async () => {
    const session = newSession(fast);
    const id = await startConnectedChat(session);
    const transcript = await fixture<GcTranscript>(html`<gc-transcript .session=${session}></gc-transcript>`);
    const root = transcript.shadowRoot!;
    const pending = () => root.querySelector<HTMLElement>('[part~="message-pending"]');

    await agent.delay({ method: 'POST', path: postPath(id), ms: 400, phase: 'request', count: 1 });
    void session.sendMessage('slow one').catch(() => undefined);
    await until(() => pending()?.textContent?.includes('Sending…'), 'shown as sending');
    await until(() => !pending() && root.textContent!.includes('slow one'), 'in the transcript once delivered');

    await agent.fault({ method: 'POST', path: postPath(id), status: 503, count: 3 });
    void session.sendMessage('<img src=x onerror=alert(1)> keeps failing').catch(() => undefined);
    await until(() => pending()?.dataset.state === 'failed', 'shown as failed', 10_000);
    expect(pending()!.querySelector('[part~="bubble"]')!.textContent).to.equal('<img src=x onerror=alert(1)> keeps failing');
    expect(pending()!.querySelector('img'), 'text, never markup').to.equal(null);
    expect(pending()!.querySelector('[part~="delivery"]')!.textContent).to.include('Not sent yet');
    await until(() => root.querySelector('.announcer')!.textContent!.includes('was not sent'), 'announced');
    await expect(transcript).to.be.accessible();

    const retry = pending()!.querySelector<HTMLButtonElement>('[part~="retry"]')!;
    expect(retry.getAttribute('aria-label')).to.equal('Retry sending: <img src=x onerror=alert(1)> keeps failing');
    retry.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => !pending(), 'retried and delivered');
    expect(await serverSaid(id)).to.deep.equal(['slow one', '<img src=x onerror=alert(1)> keeps failing']);

    await agent.fault({ method: 'POST', path: postPath(id), status: 400 });
    void session.sendMessage('refused').catch(() => undefined);
    await until(() => pending()?.textContent?.includes('refused this message'), 'shown as refused');
    pending()!.querySelector<HTMLButtonElement>('[part~="discard"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => !pending(), 'discarded');
  });
});
