// The code that mirrors another tab's chat is a chunk of its own: when it cannot be downloaded, the tabs say
// so and try again, and share the chat once the network lets them. (Its own file: a fresh page, in which
// nothing has loaded the mirror yet.)
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ChatSession } from '../../src/session/session.js';
import { memoryState } from '../../src/session/storage.js';
import { agent, cleanupSessions, newSession, startConnectedChat, until } from './helpers.js';

afterEach(async () => {
  await executeServerCommand('block-urls', { urls: [] });
  await cleanupSessions();
});

const texts = (session: ChatSession) => session.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);
const tab = () => newSession({ tabSync: true, storage: memoryState(), reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });

describe('tab mirroring that cannot be downloaded', function () {
  this.timeout(30_000);

  it('is reported as load.failed, tried again by itself, and the tabs share the chat once it loads', async () => {
    const first = tab();
    expect(await first.joinTabs()).to.equal('alone');
    const id = await startConnectedChat(first);
    await agent.say(id, 'hello from the agent');
    await until(() => texts(first).length === 1, 'the agent message');

    await executeServerCommand('block-urls', { urls: ['*/src/session/tab-mirror.ts*'] });
    const second = tab();
    const errors: { code: string }[] = [];
    second.on('error', (detail) => errors.push(detail as { code: string }));
    expect(await second.joinTabs(), 'the other tab cannot be shown yet').to.equal('alone');
    await until(() => errors.some((error) => error.code === 'load.failed'), 'the failed download reported');
    expect(texts(second)).to.deep.equal([]);

    // The network is back; neither tab says anything new, yet they find each other again.
    await executeServerCommand('block-urls', { urls: [] });
    await until(() => texts(second).includes('hello from the agent'), 'the chat shown in the second tab', 15_000);
    expect((await agent.chat(id)).sockets, 'still one socket, in the owning tab').to.equal(1);
  });
});
