// Shared helpers for browser tests: the local Genesys Cloud's address, its control API, and waiting.
import { createControl } from '../../server/control-client.js';
import { ChatSession } from '../../src/session/session.js';
import { memoryState } from '../../src/session/storage.js';
import type { SessionConfig, SessionEvents, TranscriptMessage } from '../../src/session/types.js';
import type { WritableAtom } from 'nanostores';

declare global {
  interface Window {
    GC_SERVER_URL: string;
    GC_JWT_SECRET: string;
  }
}

export const SERVER = window.GC_SERVER_URL;
/** Where the control API answers the tests: the test page's own origin, proxied to the server with its token. */
export const CONTROL = window.location.origin;
export const ORG = '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c';
export const DEPLOYMENT = '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e';

const control = createControl(CONTROL);

/** The test plays the agent (and breaks things) through the local server's control API. */
export const agent = {
  chat: control.chat,
  accept: (id: string, agentName = 'Alex Agent') => control.accept(id, agentName),
  say: (id: string, body: string) => control.sendAsAgent(id, body),
  type: control.typeAsAgent,
  end: control.end,
  dropSockets: control.dropSockets,
  heartbeats: control.setHeartbeats,
  fault: control.fault,
  delay: control.delay,
  clearFaults: control.clearFaults,
  /** Web Messaging: the session of a guest token, its conversation once it has one, and its socket faults. */
  messagingSession: control.messagingSession,
  waitForMessagingChat: control.waitForMessagingChat,
  dropMessagingSockets: control.dropMessagingSockets,
  messagingFaults: control.messagingFaults,
  expireMessagingSession: control.expireMessagingSession,
};

/** Messenger deployments of the local Genesys Cloud whose queue is Manual: the test plays the agent. */
export const MESSENGER = {
  /** conversationDisconnect ReadOnly: the transcript stays readable after the agent ends. */
  readOnly: '6a1b7c4d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
  /** conversationDisconnect Send: the next message would start a new conversation. */
  send: '7b2c8d5e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
};

/** The guest token a Web Messaging widget keeps for the site (localStorage), as the service knows the visitor. */
export function messagingToken(deploymentKey: string): string | undefined {
  const stored = JSON.parse(localStorage.getItem(`gc-webchat:web-messaging:${deploymentKey}`) ?? 'null');
  return stored?.resume?.token;
}

export function config(overrides: Partial<SessionConfig> = {}): SessionConfig {
  return {
    transport: 'purecloud-v2-sockets',
    dataUrl: SERVER,
    deploymentKey: DEPLOYMENT,
    orgGuid: ORG,
    targetType: 'QUEUE',
    targetAddress: 'Manual',
    storage: memoryState(),
    agentTypingTimeoutMs: 400,
    ...overrides,
  };
}

const sessions: ChatSession[] = [];

/** A session on the Manual queue (no scripted agent): the test plays the agent through the control API. */
export function newSession(overrides: Partial<SessionConfig> = {}): ChatSession {
  const session = new ChatSession(config(overrides));
  sessions.push(session);
  return session;
}

export async function cleanupSessions(): Promise<void> {
  for (const session of sessions.splice(0)) {
    if (session.active) await session.endChat().catch(() => undefined);
    session.dispose();
  }
}

export async function until<T>(check: () => T | Promise<T>, what = 'condition', timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

/** Records every event a session emits, in order. */
export function record(session: ChatSession): { name: keyof SessionEvents; detail: unknown }[] {
  const log: { name: keyof SessionEvents; detail: unknown }[] = [];
  session.onAny((name, detail) => log.push({ name, detail }));
  return log;
}

/** Start a chat and have the (test-driven) agent accept it. */
export async function startConnectedChat(session: ChatSession, options = {}): Promise<string> {
  const { sessionId } = await session.startChat({ firstname: 'Ada', lastname: 'Lovelace', ...options });
  await until(async () => (await agent.chat(sessionId)).sockets > 0, 'event stream attached');
  await agent.accept(sessionId);
  await until(() => session.$state.get() === 'chatting', 'agent connected');
  return sessionId;
}

/** The focused element, looking through shadow roots; `body` when focus was lost. */
export const deepActive = (): Element | null => {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

/**
 * Put messages straight into a session's transcript store (read-only to the elements), as the session would
 * after receiving them: for tests of how the transcript renders, with no chat behind it.
 */
export function showMessages(session: ChatSession, messages: TranscriptMessage[]): void {
  (session.$messages as WritableAtom<TranscriptMessage[]>).set(messages);
}
