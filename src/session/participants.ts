// Who is in the chat besides the visitor, and who is typing: agents joining and leaving (with the lifecycle
// block's agent counts and times), the agent typing indicator with its timeout, and the visitor's own typing
// bursts (one typing call per burst).
import { atom } from 'nanostores';
import type { Participant } from '../transport/contract.js';
import type { Emitter } from '../util/emitter.js';
import type { Lifecycle } from './lifecycle.js';
import type { AgentInfo, ParticipantDetail, SenderType, SessionEvents } from './types.js';

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
    if (participant.own || participant.role === 'customer') {
      if (participant.own && !restoring) events.emit(change === 'joined' ? 'clientConnected' : 'clientDisconnected', this.detail());
      return;
    }
    // A bot (an Architect flow's digital bot, which most Messenger conversations start with) answers the
    // visitor, who is no longer waiting; the lifecycle's agent counts and times stay for agents.
    if (participant.role === 'bot' && change === 'joined') this.#host.answered();
    if (participant.role !== 'agent') return;
    const agents = this.$agents.get();
    const known = agents.find((agent) => agent.id === participant.id);
    const now = Date.now();
    if (change === 'joined' && !known?.connected) {
      const parsed = time ? Date.parse(time) : NaN;
      const joinTime = Number.isFinite(parsed) ? parsed : now;
      const agent: AgentInfo = { ...this.#info(participant), connectedTime: joinTime };
      this.$agents.set(known ? agents.map((a) => (a.id === participant.id ? agent : a)) : [...agents, agent]);
      if (!known) lifecycle.count('numAgents');
      if (!lifecycle.get('agentReached')) {
        lifecycle.set('agentReached', joinTime);
        const started = lifecycle.get('started');
        if (started) lifecycle.set('waitingForAgent', Math.max(0, joinTime - started));
      }
      this.#host.answered();
      if (!restoring) events.emit('agentConnected', this.detail());
    } else if (change === 'left' && known?.connected) {
      this.$agents.set(agents.map((a) => (a.id === participant.id ? { ...a, connected: false, disconnectedTime: now } : a)));
      if (this.$agentTyping.get()?.id === participant.id) this.clearAgentTyping('agentTypingStopped');
      if (!restoring) events.emit('agentDisconnected', this.detail());
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

  detail(): ParticipantDetail {
    const agents = this.$agents.get().map((agent) => ({ ...agent }));
    return { agents, numAgentsConnected: agents.filter((agent) => agent.connected).length };
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
    return { id: participant.id, name: participant.name || this.#host.names().Agent, connected: true, supervisor: false };
  }
}
