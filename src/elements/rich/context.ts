// What a renderer of structured content gets: the content, whether it can still be answered, and how to
// answer it (the session's answer command) or ask for a fresh file address.
import type { ChoiceAnswer, MessageContent } from '../../transport/contract.js';

export interface RichContext {
  /** The message can still be answered (the newest message of a running chat). */
  active: boolean;
  /** The chat is running: card buttons and links work as long as it does. */
  live: boolean;
  answer(choice: ChoiceAnswer): void;
  /** A fresh address for a file whose address expired (pictures that fail to load). */
  refreshFile(fileId: string): Promise<string | undefined>;
  /** Say something to screen-reader users. */
  announce(text: string): void;
  /** Re-render the message (a renderer's own state changed). */
  update(): void;
  /** Per-message state a renderer keeps between renders (the carousel's position, a picker's choice). */
  state: Map<string, unknown>;
}

export type Renderer<T extends MessageContent['type']> = (content: Extract<MessageContent, { type: T }>, ctx: RichContext) => unknown;
