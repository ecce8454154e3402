// Typed events of the elements, for `addEventListener` in TypeScript, Angular templates (strictTemplates)
// and Vue templates (see src/vue.ts). Types only: nothing here exists at run time.
import type { ChatSession } from '../session/session.js';
import type { SessionEvents } from '../session/types.js';
import type { FormSubmitDetail } from './gc-registration-form.js';

/** `gc-error`: a bad attribute names it in `attribute`; a failed call carries the HTTP `status` when there was one. */
export interface GcErrorDetail {
  code: string;
  message: string;
  status?: number;
  attribute?: string;
}

/** Every event `<gc-registration-form>` fires. All bubble and are composed. */
export interface GcRegistrationFormEventMap {
  /** A valid form is submitted, before the chat starts; `preventDefault()` keeps the chat from starting. */
  'gc-form-submit': CustomEvent<FormSubmitDetail>;
  /** The visitor pressed Cancel. */
  'gc-form-cancel': CustomEvent<null>;
  /** The form configuration is invalid. */
  'gc-error': CustomEvent<GcErrorDetail>;
}

/** Every event `<gc-webchat>` fires (its inner form's included). All bubble and are composed. */
export interface GcWebchatEventMap extends GcRegistrationFormEventMap {
  'gc-ready': CustomEvent<SessionEvents['ready']>;
  'gc-opened': CustomEvent<SessionEvents['opened']>;
  'gc-submitted': CustomEvent<SessionEvents['submitted']>;
  'gc-started': CustomEvent<SessionEvents['started']>;
  'gc-cancelled': CustomEvent<SessionEvents['cancelled']>;
  'gc-rejected': CustomEvent<SessionEvents['rejected']>;
  'gc-completed': CustomEvent<SessionEvents['completed']>;
  'gc-closed': CustomEvent<SessionEvents['closed']>;
  'gc-minimized': CustomEvent<Record<string, never>>;
  'gc-unminimized': CustomEvent<Record<string, never>>;
  'gc-message-received': CustomEvent<SessionEvents['messageReceived']>;
  'gc-message-failed': CustomEvent<SessionEvents['messageFailed']>;
  'gc-error': CustomEvent<GcErrorDetail>;
  'gc-ended': CustomEvent<SessionEvents['ended']>;
  'gc-disconnected': CustomEvent<SessionEvents['disconnected']>;
  'gc-reconnected': CustomEvent<SessionEvents['reconnected']>;
  'gc-restored': CustomEvent<SessionEvents['restored']>;
  'gc-restore-failed': CustomEvent<SessionEvents['restoreFailed']>;
  'gc-restore-timeout': CustomEvent<SessionEvents['restoreTimeout']>;
  'gc-client-connected': CustomEvent<SessionEvents['clientConnected']>;
  'gc-client-disconnected': CustomEvent<SessionEvents['clientDisconnected']>;
  'gc-agent-connected': CustomEvent<SessionEvents['agentConnected']>;
  'gc-agent-disconnected': CustomEvent<SessionEvents['agentDisconnected']>;
  'gc-agent-typing-started': CustomEvent<SessionEvents['agentTypingStarted']>;
  'gc-agent-typing-stopped': CustomEvent<SessionEvents['agentTypingStopped']>;
  'gc-agent-typing-timeout': CustomEvent<SessionEvents['agentTypingTimeout']>;
  'gc-client-typing-started': CustomEvent<SessionEvents['clientTypingStarted']>;
  'gc-client-typing-stopped': CustomEvent<SessionEvents['clientTypingStopped']>;
  'gc-session-change': CustomEvent<{ session: ChatSession }>;
}

/**
 * `addEventListener` that knows an element's events, so `chat.addEventListener('gc-message-received', (e) =>
 * e.detail.messages)` is typed; other event names keep the DOM's own typing.
 */
export interface TypedAddEventListener<Self, EventMap> {
  <K extends keyof EventMap>(type: K, listener: (this: Self, event: EventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  <K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: Self, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  (type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** The `removeEventListener` that matches {@link TypedAddEventListener}. */
export interface TypedRemoveEventListener<Self, EventMap> {
  <K extends keyof EventMap>(type: K, listener: (this: Self, event: EventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  <K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: Self, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  (type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
