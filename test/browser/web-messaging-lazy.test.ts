// A Web Messaging chat started, held and ended on one socket never reads history: its code loads with the
// first read (a restore, a reconnect's gap, older messages). (Its own test file: every file runs in a fresh
// page, so nothing is loaded from an earlier test.)
import { expect } from '@open-wc/testing';
import type { ChatSession } from '../../src/session/session.js';
import { agent, cleanupSessions, MESSENGER, messagingToken, newSession, SERVER, until } from './helpers.js';

const HISTORY = '/src/transport/web-messaging/history.ts';
const loaded = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes(HISTORY));
const texts = (session: ChatSession) => session.$messages.get().filter((m) => m.type === 'Message').map((m) => m.text);

describe('Web Messaging history is loaded only when read', function () {
  this.timeout(30_000);
  beforeEach(() => localStorage.clear());
  afterEach(async () => {
    await cleanupSessions();
    localStorage.clear();
  });

  it('a plain chat loads none of it; a reload restores the transcript through it', async () => {
    const options = { transport: 'web-messaging', environment: SERVER, deploymentKey: MESSENGER.readOnly, storage: undefined, tabSync: false };
    const first = newSession(options);
    await first.startChat({ firstname: 'Plain' });
    const token = messagingToken(MESSENGER.readOnly)!;
    const { id } = await agent.waitForMessagingChat(token, { deploymentId: MESSENGER.readOnly });
    await agent.accept(id);
    await first.sendMessage('hello');
    await agent.say(id, 'hello back');
    await until(() => texts(first).length === 2, 'both messages');
    expect(loaded(), 'no history in a chat on one socket').to.equal(false);
    first.dispose(); // the page goes away without ending the chat

    const reloaded = newSession(options);
    await reloaded.restore();
    expect(loaded()).to.equal(true);
    expect(texts(reloaded)).to.deep.equal(['hello', 'hello back']);
    await reloaded.endChat();
  });
});
