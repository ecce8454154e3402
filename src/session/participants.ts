// Who is in the chat besides the visitor, and who is typing: agents joining and leaving (with the lifecycle
// block's agent counts and times), the agent typing indicator with its timeout, and the visitor's own typing
// bursts (one typing call per burst).
import { atom } from 'nanostores';
import type { Participant } from '../transport/contract.js';
import type { Emitter } from '../util/emitter.js';
import type { Lifecycle } from './lifecycle.js';
import { senderType } from './messages.js';
import type { AgentInfo, ParticipantDetail, SenderType, SessionEvents, TranscriptMessage } from './types.js';

/** How long after the last keystroke the visitor counts as still typing. */
const VISITOR_TYPING_WINDOW_MS = 2000;

export interface ParticipantsHost {
  events: Emitter<SessionEvents>;
  lifecycle: Lifecycle;
  names(): Record<SenderType, string>;
  /** An agent or a bot joined: someone answers the visitor now. */
  answered(): void;
  /** The page's setting for how long an agent's typing shows, if it set one. */
  typingTimeoutMs?: number;
  /** The transcript's newest entry of this type from this participant (the "joined" / "left" line), if shown. */
  notice(participantId: string, type: 'ParticipantJoined' | 'ParticipantLeft'): TranscriptMessage | undefined;
}

export class Participants {
  readonly $agents = atom<AgentInfo[]>([]);
  /** The agent currently typing, if any. */
  readonly $agentTyping = atom<AgentInfo | null>(null);
  #host: ParticipantsHost;
  #agentTypingTimer?: ReturnType<typeof setTimeout>;
  #visitorTypingTimer?: ReturnType<typeof setTimeout>;
  #visitorTyping = false;

  constructor(host: ParticipantsHost) {
    this.#host = host;
  }

  /** Someone came or went. A restore re-learns who is there without announcing it again. */
  change({ participant, change, time }: { participant: Participant; change: 'joined' | 'left'; time?: string }, restoring: boolean): void {
    const { events, lifecycle } = this.#host;
    const parsed = time ? Date.parse(time) : NaN;
    const at = Number.isFinite(parsed) ? parsed : Date.now();
    const message = this.#message(participant, change, at);
    if (participant.own || participant.role === 'customer') {
      if (participant.own && !restoring) events.emit(change === 'joined' ? 'clientConnected' : 'clientDisconnected', this.detail(message));
      return;
    }
    // A bot (an Architect flow's digital bot, which most Messenger conversations start with) answers the
    // visitor, who is no longer waiting; the lifecycle's agent counts and times stay for agents.
    if (participant.role === 'bot' && change === 'joined') this.#host.answered();
    if (participant.role !== 'agent') return;
    const agents = this.$agents.get();
    const known = agents.find((agent) => agent.id === participant.id);
    if (change === 'joined' && !known?.connected) {
      const agent: AgentInfo = { ...this.#info(participant), connectedTime: at };
      const updated = known ? agents.map((a) => (a.id === participant.id ? agent : a)) : [...agents, agent];
      this.$agents.set(updated);
      // A restore re-learns the agents the stored block already counted: the count is at least theirs, not one more each.
      if (restoring) lifecycle.set('numAgents', Math.max(lifecycle.get('numAgents'), updated.length));
      else if (!known) lifecycle.count('numAgents');
      if (participant.supervisor && !lifecycle.get('supervisorReached')) lifecycle.set('supervisorReached', at);
      if (!lifecycle.get('agentReached')) {
        lifecycle.set('agentReached', at);
        const started = lifecycle.get('started');
        if (started) lifecycle.set('waitingForAgent', Math.max(0, at - started));
      }
      this.#host.answered();
      if (!restoring) events.emit('agentConnected', this.detail(message));
    } else if (change === 'left' && known?.connected) {
      this.$agents.set(agents.map((a) => (a.id === participant.id ? { ...a, connected: false, disconnectedTime: at } : a)));
      if (this.$agentTyping.get()?.id === participant.id) this.clearAgentTyping('agentTypingStopped');
      if (!restoring) events.emit('agentDisconnected', this.detail(message));
    }
  }

  /** An agent is typing: shown for the page's setting, else as long as the service says, else 3 s. */
  agentTyping(participant: Participant, durationMs?: number): void {
    if (participant.own || participant.role === 'customer') return;
    const agent = this.$agents.get().find((a) => a.id === participant.id) ?? this.#info(participant);
    const wasTyping = this.$agentTyping.get();
    this.$agentTyping.set(agent);
    if (!wasTyping) this.#host.events.emit('agentTypingStarted', { agent });
    clearTimeout(this.#agentTypingTimer);
    const showFor = this.#host.typingTimeoutMs ?? durationMs ?? 3000;
    this.#agentTypingTimer = setTimeout(() => this.clearAgentTyping('agentTypingTimeout'), showFor);
  }

  clearAgentTyping(event: 'agentTypingStopped' | 'agentTypingTimeout'): void {
    clearTimeout(this.#agentTypingTimer);
    const agent = this.$agentTyping.get();
    if (!agent) return;
    this.$agentTyping.set(null);
    this.#host.events.emit(event, { agent });
  }

  /** A keystroke: true when it starts a burst (the one that should reach the service). */
  visitorKeystroke(): boolean {
    clearTimeout(this.#visitorTypingTimer);
    this.#visitorTypingTimer = setTimeout(() => this.stopVisitorTyping(), VISITOR_TYPING_WINDOW_MS);
    if (this.#visitorTyping) return false;
    this.#visitorTyping = true;
    this.#host.events.emit('clientTypingStarted', {});
    return true;
  }

  stopVisitorTyping(): void {
    clearTimeout(this.#visitorTypingTimer);
    if (!this.#visitorTyping) return;
    this.#visitorTyping = false;
    this.#host.events.emit('clientTypingStopped', {});
  }

  detail(message: TranscriptMessage): ParticipantDetail {
    const agents = this.$agents.get().map((agent) => ({ ...agent }));
    return { message, agents, numAgentsConnected: agents.filter((agent) => agent.connected).length };
  }

  /**
   * The join or leave as a transcript entry, as WebChatService's participant events carry it: the line the
   * transcript shows when the service sent one, else one made from the change itself (the participant's id
   * for its id; its text left empty: the words are the UI's, in the visitor's language).
   */
  #message(participant: Participant, change: 'joined' | 'left', at: number): TranscriptMessage {
    const type = change === 'joined' ? 'ParticipantJoined' : 'ParticipantLeft';
    const from = senderType(participant, change);
    return (
      this.#host.notice(participant.id, type) ?? { id: participant.id, index: -1, type, text: '', timestamp: at, from: { type: from, name: participant.name || this.#host.names()[from], id: participant.id } }
    );
  }

  /** The chat is over: nobody is connected any more, nobody types. */
  endAll(): void {
    this.clearAgentTyping('agentTypingStopped');
    this.stopVisitorTyping();
    const now = Date.now();
    this.$agents.set(this.$agents.get().map((a) => (a.connected ? { ...a, connected: false, disconnectedTime: now } : a)));
  }

  clear(): void {
    this.$agents.set([]);
    this.$agentTyping.set(null);
  }

  dispose(): void {
    clearTimeout(this.#agentTypingTimer);
    clearTimeout(this.#visitorTypingTimer);
  }

  #info(participant: Participant): AgentInfo {
    return { id: participant.id, name: participant.name || this.#host.names().Agent, connected: true, supervisor: participant.supervisor === true };
  }
}
