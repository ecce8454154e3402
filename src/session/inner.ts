// What the session's lazily loaded parts (restore.ts, service-commands.ts) reach inside it: its stores and
// parts, and the few steps they take on its private state. Types only: nothing here is in any download.
import type { WritableAtom } from 'nanostores';
import type { ChatTransport } from '../transport/contract.js';
import type { Emitter } from '../util/emitter.js';
import type { Conversation } from './conversation.js';
import type { Lifecycle } from './lifecycle.js';
import type { Outbox } from './outbox.js';
import type { Participants } from './participants.js';
import type { Persistence } from './persistence.js';
import type { SiteTabs } from './tab-presence.js';
import type { ChatState, SessionEvents } from './types.js';
import type { PageUserData } from './webchat-service.js';

export interface SessionInner {
  state: WritableAtom<ChatState>;
  conversation: Conversation;
  outbox: Outbox;
  participants: Participants;
  lifecycle: Lifecycle;
  events: Emitter<SessionEvents>;
  persistence: Persistence;
  tabs: SiteTabs;
  userData: PageUserData;
  /** The chat exists on the service and takes messages (queued or with an agent). */
  chatOpen(): boolean;
  /** A stored chat is being picked up: the other tabs are not shown it until it is. */
  restoring(restoring: boolean): void;
  disposed(): boolean;
  setUi(ui: { open: boolean; minimized: boolean }): void;
  /** The protocol's transport, its chunk loaded on first use, the session listening to it. */
  createTransport(): Promise<ChatTransport>;
  dropTransport(): void;
  clearConversation(): void;
  finishChat(reason: string, readOnly?: boolean): void;
  persist(): void;
}
