// The WebChatService commands few pages use: typing-preview inputs, reading one userData key, the transcript,
// agents and statistics, and the polling commands no protocol here offers (they reject with Genesys's
// reasons). A chunk of its own, loaded with the first of them a page calls; each was asynchronous already,
// so a page sees the same answers.
import type { SessionInner } from './inner.js';
import { Reasons, SessionError } from './errors.js';
import type { ChatSession } from './session.js';
import type { AgentInfo, LifecycleMetadata, TranscriptMessage } from './types.js';
import { unsupported } from './webchat-service.js';

type Stats = { agents: AgentInfo[]; startTime?: number; endTime?: number; duration?: number };

/** The inputs registered per session: each counts once, however often it is registered. */
const typingInputs = new WeakMap<ChatSession, WeakSet<object>>();

export const serviceCommands = {
  /** Text inputs of the page whose keystrokes count as the visitor typing (registered once each). */
  async registerTypingPreviewInput(session: ChatSession, inner: SessionInner, input: { input?: unknown } | unknown): Promise<void> {
    const element = isTextInput(input) ? input : (input as { input?: unknown })?.input;
    if (!isTextInput(element)) throw new SessionError(Reasons.invalidTypingInput, 'invalid.input');
    let inputs = typingInputs.get(session);
    if (!inputs) typingInputs.set(session, (inputs = new WeakSet()));
    if (inputs.has(element)) return;
    inputs.add(element);
    element.addEventListener('input', () => {
      if (inner.chatOpen()) void session.sendTyping().catch(() => undefined);
    });
  },

  async getUserData(_session: ChatSession, inner: SessionInner, key: string): Promise<{ userData: Record<string, string | undefined> }> {
    return inner.userData.get(key);
  },

  async getTranscript(session: ChatSession, inner: SessionInner): Promise<{ messages: TranscriptMessage[] }> {
    inner.conversation.flush(); // messages that arrived count, even before the frame that shows them
    return { messages: [...session.$messages.get()] };
  },

  async getAgents(session: ChatSession): Promise<AgentInfo[]> {
    return session.$agents.get().map((agent) => ({ ...agent }));
  },

  async getStats(session: ChatSession): Promise<Stats> {
    return statsOf(session.metadata, await session.getAgents());
  },

  poll: () => unsupported(Reasons.polling),
  startPoll: () => unsupported(Reasons.polling),
  stopPoll: () => unsupported(Reasons.polling),
  resetPollExceptions: () => unsupported(Reasons.resetPoll),
};

export type ServiceCommands = typeof serviceCommands;

function statsOf(metadata: LifecycleMetadata, agents: AgentInfo[]): Stats {
  const startTime = metadata.started || undefined;
  const endTime = (metadata.completed || metadata.cancelled) || undefined;
  return { agents, startTime, endTime, duration: startTime ? (endTime ?? Date.now()) - startTime : undefined };
}

function isTextInput(value: unknown): value is HTMLInputElement | HTMLTextAreaElement {
  const tag = (value as Element | null)?.tagName;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as EventTarget).addEventListener === 'function' &&
    (tag === 'TEXTAREA' || (tag === 'INPUT' && ['text', 'search', ''].includes((value as HTMLInputElement).type ?? '')))
  );
}
