// Restore edge cases: every way a stored chat can come back (or not) has a defined outcome, no exception
// and no stuck screen. Plus where the session token lives, and that it goes when the chat ends.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { memoryState } from '../../src/session/storage.js';
import type { PersistedState, StateStorage } from '../../src/session/types.js';
import { agent, cleanupSessions, DEPLOYMENT, newSession, ORG, record, SERVER, startConnectedChat, until } from './helpers.js';

afterEach(async () => {
  await agent.clearFaults();
  await cleanupSessions();
});

/** Re-sign a guest JWT with its expiry in the past (the test server's secret is known). */
async function expire(jwt: string): Promise<string> {
  const [header, payload] = jwt.split('.');
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
  claims.exp = Math.floor(Date.now() / 1000) - 60;
  const b64url = (bytes: Uint8Array | string) =>
    btoa(typeof bytes === 'string' ? bytes : String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const body = `${header}.${b64url(JSON.stringify(claims))}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(window.GC_JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return `${body}.${b64url(signature)}`;
}

describe('restore edge cases', () => {
  it('reload while queued: comes back waiting, then connects when an agent answers', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    const { sessionId } = await before.startChat({ firstname: 'Queued' });
    await until(() => before.$state.get() === 'waiting', 'queued');
    before.dispose();

    const after = newSession({ storage });
    await after.restore();
    expect(after.$state.get()).to.equal('waiting');
    await until(async () => (await agent.chat(sessionId)).sockets > 0, 'stream attached again');
    await agent.accept(sessionId, 'Late Agent');
    await until(() => after.$state.get() === 'chatting', 'connected after the reload');
    await agent.say(sessionId, 'thanks for waiting');
    await until(() => after.$messages.get().some((m) => m.text === 'thanks for waiting'), 'agent message');
  });

  it('reload after the agent ended the chat: restoreFailed, storage cleared, a fresh start possible', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    const id = await startConnectedChat(before);
    before.dispose();
    await agent.end(id);

    const after = newSession({ storage });
    const log = record(after);
    expect((await after.verifySession()).sessionActive).to.equal(true);
    await after.restore().then(
      () => expect.fail('restored an ended chat'),
      (error) => expect(error.code).to.equal('chat.ended'),
    );
    expect(log.map((e) => e.name)).to.include('restoreFailed');
    expect(storage.read()).to.equal(null);
    expect(after.$state.get()).to.equal('idle');
    await startConnectedChat(after);
  });

  it('an expired session token: restoreFailed with the service reason, storage cleared', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    await startConnectedChat(before);
    before.dispose();
    const saved = storage.read() as PersistedState;
    storage.write({ ...saved, resume: { ...saved.resume, jwt: await expire(saved.resume.jwt as string) } });

    const after = newSession({ storage });
    const log = record(after);
    const error = await after.restore().catch((e) => e);
    expect(error.code).to.equal('credentials.expired');
    expect(log.filter((e) => e.name === 'restoreFailed')).to.have.length(1);
    expect(storage.read()).to.equal(null);
    expect(after.$state.get()).to.equal('idle');
  });

  it('a stored chat older than the restore timeout is dropped with restoreTimeout', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    await startConnectedChat(before);
    before.dispose();
    const saved = storage.read() as PersistedState;
    storage.write({ ...saved, savedAt: Date.now() - 61_000 });

    const after = newSession({ storage });
    const log = record(after);
    expect((await after.verifySession()).sessionActive).to.equal(false);
    expect(log.map((e) => e.name)).to.deep.equal(['restoreTimeout']);
    expect(storage.read()).to.equal(null);

    // A longer timeout keeps the same age restorable.
    storage.write({ ...saved, savedAt: Date.now() - 61_000 });
    const patient = newSession({ storage, restoreTimeoutMs: 120_000 });
    await patient.restore();
    expect(patient.$state.get()).to.equal('chatting');
  });

  it('restore-timeout attribute: a stale chat gives gc-restore-timeout and a working launcher', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    await startConnectedChat(before);
    before.dispose();
    const saved = storage.read() as PersistedState;
    storage.write({ ...saved, savedAt: Date.now() - 6_000 });

    const widget = document.createElement('gc-webchat') as GcWebchat;
    Object.assign(widget, { stateStorage: storage });
    for (const [name, value] of Object.entries({
      transport: 'purecloud-v2-sockets', 'data-url': SERVER, 'deployment-key': DEPLOYMENT, 'org-guid': ORG, 'target-address': 'Manual', 'restore-timeout': '5',
    })) widget.setAttribute(name, value);
    const timedOut = oneEvent(widget, 'gc-restore-timeout');
    document.body.append(widget);
    try {
      await timedOut;
      await widget.updateComplete;
      expect(widget.open).to.equal(false);
      const launcher = widget.shadowRoot!.querySelector<HTMLButtonElement>('[part~="launcher"]');
      expect(launcher, 'the launcher is there to start again').to.exist;
      launcher!.click();
      await widget.updateComplete;
      expect(widget.open).to.equal(true);
    } finally {
      widget.remove();
    }
  });

  it('storage that throws (blocked or broken): the chat works, just without restore', async () => {
    const broken: StateStorage = {
      read() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      write() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const session = newSession({ storage: broken });
    const id = await startConnectedChat(session);
    await session.sendMessage('still works');
    expect((await agent.chat(id)).messages.some((m) => m.body === 'still works')).to.equal(true);
    expect((await session.verifySession()).sessionActive).to.equal(true);
    session.dispose();
    const after = newSession({ storage: broken });
    expect((await after.verifySession()).sessionActive).to.equal(false);
    await after.restore().then(
      () => expect.fail('restored from broken storage'),
      (error) => expect(error.code).to.equal('not.found'),
    );
  });

  it('sessionStorage blocked by the browser: the widget still chats', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'sessionStorage');
    Object.defineProperty(window, 'sessionStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in event ? event.reason : event.error);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      const widget = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
        data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
      await widget.show({ form: { firstname: 'Blocked', lastname: 'Storage', autoSubmit: true } });
      await until(() => widget.session?.$state.get() === 'waiting', 'chat started');
      const { sessionId } = (await widget.getSessionData())!;
      await agent.accept(sessionId);
      await until(() => widget.session?.$state.get() === 'chatting', 'chatting');
      await widget.sendMessage('no storage needed');
      await widget.endChat();
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
      if (descriptor) Object.defineProperty(window, 'sessionStorage', descriptor);
      else delete (window as { sessionStorage?: Storage }).sessionStorage;
    }
  });

  it('keeps the session token in sessionStorage only, and removes it when the chat ends', async () => {
    sessionStorage.clear();
    localStorage.clear();
    const widget = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets"
      data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await widget.show({ form: { firstname: 'Token', lastname: 'Keeper', autoSubmit: true } });
    await until(() => widget.session?.$state.get() === 'waiting', 'chat started');
    const key = `gc-webchat:${DEPLOYMENT}:Manual`;
    const stored = JSON.parse(sessionStorage.getItem(key) ?? 'null') as PersistedState;
    const jwt = stored.resume.jwt as string;
    expect(jwt.split('.')).to.have.length(3);
    expect(localStorage.length, 'nothing in localStorage').to.equal(0);
    expect(document.cookie.includes(jwt)).to.equal(false);
    expect(location.href.includes(jwt)).to.equal(false);
    await widget.endChat();
    expect(sessionStorage.getItem(key), 'token gone when the chat ends').to.equal(null);
  });
});
