// The session's rarely used parts load when first needed: the code that picks a stored chat up, and the
// WebChatService commands few pages call (typing inputs, one userData key, transcript, agents, statistics,
// polling).
// (Its own test file: every file runs in a fresh page, so nothing is loaded from an earlier test.)
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { Reasons } from '../../src/session/errors.js';
import { memoryState } from '../../src/session/storage.js';
import { agent, cleanupSessions, newSession, startConnectedChat, until } from './helpers.js';

afterEach(cleanupSessions);

const loaded = (name: string) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(`/src/session/${name}.ts`));

describe('the session loads its rarely used parts when needed', function () {
  this.timeout(20_000);

  it('a whole chat loads neither; a stored chat loads the restore code; the first rare command loads them all, each answering as before', async () => {
    const storage = memoryState();
    const first = newSession({ storage, userData: { customerId: '59606' } });
    const id = await startConnectedChat(first);
    await first.sendMessage('hello');
    await agent.say(id, 'hello back');
    await until(() => first.$messages.get().filter((m) => m.type === 'Message').length === 2, 'both messages');
    expect(loaded('service-commands'), 'the rare commands').to.equal(false);
    expect(loaded('restore'), 'the restore code').to.equal(false);
    first.dispose(); // the page goes away without ending the chat

    // The restore code cannot be downloaded (the network dropped as the page came back): the restore fails
    // with a clear reason and keeps the stored chat, so the next try picks it up.
    const offline = newSession({ storage, userData: { customerId: '59606' } });
    const failures: unknown[] = [];
    offline.on('restoreFailed', (detail) => failures.push(detail));
    await executeServerCommand('block-urls', { urls: ['*/src/session/restore.ts*'] });
    try {
      const error = (await offline.restore().catch((caught: { code?: string }) => caught)) as { code?: string };
      expect(error.code).to.equal('load.failed');
    } finally {
      await executeServerCommand('block-urls', { urls: [] });
    }
    expect(failures, 'restoreFailed announced').to.have.length(1);
    expect(storage.read(), 'the stored chat is kept').to.not.equal(null);
    offline.dispose();

    const reloaded = newSession({ storage, userData: { customerId: '59606' } });
    await reloaded.restore();
    expect(loaded('restore')).to.equal(true);
    expect(reloaded.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text)).to.deep.equal(['hello', 'hello back']);

    const { messages } = await reloaded.getTranscript();
    expect(loaded('service-commands')).to.equal(true);
    expect(messages.filter((m) => m.type === 'Message').map((m) => m.text)).to.deep.equal(['hello', 'hello back']);
    expect((await reloaded.getStats()).startTime).to.be.a('number');
    expect((await reloaded.getAgents()).map((a) => a.connected)).to.deep.equal([true]);
    expect(await reloaded.getUserData('customerId')).to.deep.equal({ userData: { customerId: '59606' } });
    expect((await reloaded.poll().catch((error: Error) => error)).message).to.equal(Reasons.polling);
    expect((await reloaded.resetPollExceptions().catch((error: Error) => error)).message).to.equal(Reasons.resetPoll);
    const input = document.createElement('input');
    await reloaded.registerTypingPreviewInput({ input });
    expect(((await reloaded.registerTypingPreviewInput({ input: document.body }).catch((error: Error) => error)) as Error).message).to.equal(Reasons.invalidTypingInput);
  });
});
