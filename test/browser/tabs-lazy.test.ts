// A chat alone in its tab carries only its presence among the site's tabs (the hello and the lock): the code
// that mirrors another tab's chat, forwards commands and takes a chat over loads once another tab is there.
// (Its own test file: every file runs in a fresh page, so nothing is loaded from an earlier test.)
import { expect } from '@open-wc/testing';
import type { ChatSession } from '../../src/session/session.js';
import { memoryState } from '../../src/session/storage.js';
import { agent, cleanupSessions, newSession, startConnectedChat, until } from './helpers.js';

afterEach(cleanupSessions);

const MIRROR_MODULES = ['session/tab-mirror', 'session/tab-link'];
const loaded = () => MIRROR_MODULES.filter((name) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(`/src/${name}.ts`)));
const texts = (session: ChatSession) => session.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);
const tab = () => newSession({ tabSync: true, storage: memoryState(), reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });

describe('tab mirroring is loaded only when another tab is there', function () {
  this.timeout(20_000);

  it('a chat alone in its tab loads none of it; a second tab loads it in both, and mirrors the chat', async () => {
    const first = tab();
    expect(await first.joinTabs()).to.equal('alone');
    const id = await startConnectedChat(first);
    await agent.say(id, 'hello from the agent');
    await first.sendMessage('hello from the visitor');
    await until(() => texts(first).length === 2, 'a whole exchange');
    expect(loaded(), 'nothing of the mirror in a chat alone').to.deep.equal([]);

    // The first tab ran its chat without telling anyone: the tab that joins now still gets all of it.
    const second = tab();
    expect(await second.joinTabs()).to.equal('mirror');
    expect(loaded()).to.deep.equal(MIRROR_MODULES);
    expect(texts(second)).to.deep.equal(['hello from the agent', 'hello from the visitor']);
    await second.sendMessage('from the second tab');
    await until(() => texts(first).includes('from the second tab') && texts(second).includes('from the second tab'), 'sent through the owner');
    expect((await agent.chat(id)).sockets, 'only the owning tab holds a socket').to.equal(1);
  });
});
