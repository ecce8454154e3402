// WebChatService as Genesys documents it, where a review found the widget short: the lifecycle block after a
// restore, the payloads of messageReceived and the participant events, the supervisor timestamp, and the
// element's startChat refusing a userData that is no object.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { Lifecycle } from '../../src/session/lifecycle.js';
import { Participants } from '../../src/session/participants.js';
import { memoryState } from '../../src/session/storage.js';
import type { SessionEvents } from '../../src/session/types.js';
import { Emitter } from '../../src/util/emitter.js';
import { createControl } from '../../server/control-client.js';
import { agent, cleanupSessions, CONTROL, DEPLOYMENT, newSession, ORG, record, SERVER, startConnectedChat, until } from './helpers.js';

afterEach(() => cleanupSessions());

describe('WebChatService conformance', () => {
  it('counts one agent once after a restore (numAgents stays 1)', async () => {
    const storage = memoryState();
    const before = newSession({ storage });
    const id = await startConnectedChat(before);
    expect(before.metadata.numAgents).to.equal(1);
    before.dispose();

    const after = newSession({ storage });
    await after.restore();
    await until(() => after.$state.get() === 'chatting', 'restored with the agent');
    expect(after.metadata.numAgents).to.equal(1);
    expect(after.$agents.get()).to.have.length(1);
    await agent.say(id, 'still here');
    await until(() => after.$messages.get().some((m) => m.text === 'still here'), 'agent message after restore');
    expect(after.metadata.numAgents).to.equal(1);
  });

  it('names the chat in messageReceived (sessionData) and gives participant events their message', async () => {
    const session = newSession();
    const log = record(session);
    const id = await startConnectedChat(session);
    await agent.say(id, 'hello');
    const received = (await until(() => log.find((e) => e.name === 'messageReceived' && JSON.stringify(e.detail).includes('hello')), 'message'))!;
    const detail = received.detail as SessionEvents['messageReceived'];
    expect(detail.sessionData).to.deep.include({ sessionId: id, transportId: 'purecloud-v2-sockets' });

    const connected = log.find((e) => e.name === 'agentConnected')!.detail as SessionEvents['agentConnected'];
    expect(connected.message).to.include({ type: 'ParticipantJoined' });
    expect(connected.message!.from).to.include({ type: 'Agent', name: 'Alex Agent' });
    expect(connected.numAgentsConnected).to.equal(1);
    const client = log.find((e) => e.name === 'clientConnected');
    if (client) expect((client.detail as SessionEvents['clientConnected']).message).to.include({ type: 'ParticipantJoined' });

    await agent.end(id);
    const gone = (await until(() => log.find((e) => e.name === 'agentDisconnected'), 'agent left'))!;
    const left = gone.detail as SessionEvents['agentDisconnected'];
    expect(left.message).to.include({ type: 'ParticipantLeft' });
    expect(left.numAgentsConnected).to.equal(0);
  });

  it('stamps supervisorReached when a participant the transport marks as supervisor joins', () => {
    const events = new Emitter<SessionEvents>();
    const lifecycle = new Lifecycle(events);
    const heard: SessionEvents['agentConnected'][] = [];
    events.on('agentConnected', (detail) => heard.push(detail));
    const participants = new Participants({ events, lifecycle, names: () => ({ Agent: 'Agent', Client: 'You', Bot: 'Bot', External: 'System', System: 'System' }), answered: () => undefined, notice: () => undefined });
    participants.change({ participant: { id: 'a1', role: 'agent', name: 'Robin', own: false }, change: 'joined', time: '2026-01-01T10:00:00.000Z' }, false);
    expect(lifecycle.get('supervisorReached')).to.equal(false);
    participants.change({ participant: { id: 's1', role: 'agent', name: 'Sam', own: false, supervisor: true }, change: 'joined', time: '2026-01-01T10:05:00.000Z' }, false);
    expect(lifecycle.get('supervisorReached')).to.equal(Date.parse('2026-01-01T10:05:00.000Z'));
    expect(lifecycle.get('agentReached')).to.equal(Date.parse('2026-01-01T10:00:00.000Z'));
    expect(heard[1]!.agents.map((a) => a.supervisor)).to.deep.equal([false, true]);
    // The supervisor's message is made from the change when the transcript has no line for it.
    expect(heard[1]!.message).to.deep.include({ type: 'ParticipantJoined', text: '' });
    expect(heard[1]!.message!.from).to.deep.equal({ type: 'Agent', name: 'Sam', id: 's1' });
    participants.dispose();
  });

  for (const bad of ['vip', ['vip', 'gold']]) {
    it(`<gc-webchat>.startChat rejects userData ${JSON.stringify(bad)} as malformed and starts nothing`, async () => {
      const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual" storage="none"></gc-webchat>`);
      const chatsBefore = (await createControl(CONTROL).chats()).length;
      const error = await el.startChat({ firstname: 'Ada', userData: bad as never }).then(
        () => expect.fail('started a chat'),
        (e: { message: string; code: string }) => e,
      );
      expect(error.message).to.equal('malformed data object provided in userData property.');
      expect(error.code).to.equal('userdata.malformed');
      expect((await createControl(CONTROL).chats()).length).to.equal(chatsBefore);
      expect(el.session?.active).to.equal(false);
      el.remove();
    });
  }
});
