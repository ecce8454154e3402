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
export const ORG = '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c';
export const DEPLOYMENT = '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e';

const control = createControl(SERVER);

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
};

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
