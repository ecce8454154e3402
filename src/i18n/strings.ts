// Every string the visitor sees or hears, per language. `<gc-webchat lang="fr">` (or the page's lang) picks one.
// The English table lives with the window: the launcher carries only its own few strings (tables.ts), so
// the bytes every page view pays stay small.
import { launcherEnglish, tables } from './tables.js';

export { loadStrings, isRightToLeft, registerStrings } from './tables.js';

export const en = {
  ...launcherEnglish,
  title: 'Live Chat',
  minimize: 'Minimize chat',
  restore: 'Restore chat',
  close: 'Close chat',
  endChat: 'End chat',
  firstname: 'First name',
  lastname: 'Last name',
  nickname: 'Nickname',
  email: 'Email',
  subject: 'Subject',
  required: 'Required',
  optional: 'Optional',
  submit: 'Start chat',
  cancel: 'Cancel',
  starting: 'Starting your chat…',
  waiting: 'Waiting for an agent…',
  inputLabel: 'Type your message',
  attach: 'Attach a file',
  inputPlaceholder: 'Type your message here',
  send: 'Send',
  charactersLeft: (n: number) => `${n} characters left`,
  tooLong: (max: number) => `Messages can be at most ${max} characters. Shorten it to send.`,
  messageSending: 'Sending…',
  messageWaitingForConnection: 'Waiting for the connection…',
  messageSent: 'Sent',
  messageNotSent: 'Not sent yet. Trying again…',
  messageRefused: 'Not sent: the chat service refused this message.',
  messageChatEnded: 'Not sent: the chat ended first.',
  retry: 'Retry',
  discard: 'Discard',
  retryMessage: (text: string) => `Retry sending: ${text}`,
  discardMessage: (text: string) => `Discard: ${text}`,
  messageFailedAnnouncement: (text: string) => `Your message was not sent: ${text}. You can retry or discard it.`,
  agentDefault: 'Agent',
  botDefault: 'Bot',
  you: 'You',
  system: 'System',
  agentJoined: (name: string) => `${name} joined the chat`,
  agentLeft: (name: string) => `${name} left the chat`,
  youJoined: 'You joined the chat',
  youLeft: 'You left the chat',
  agentTyping: (name: string) => `${name} is typing…`,
  chatEnded: 'The chat has ended.',
  startNew: 'Start a new chat',
  confirmEndQuestion: 'Do you want to end this chat?',
  confirmKeep: 'Keep chatting',
  transcriptLabel: 'Chat transcript',
  loadOlder: 'Load earlier messages',
  newMessages: 'New messages',
  youSaid: 'You said',
  said: (name: string) => `${name} said`,
  disconnected: 'Connection lost. Reconnecting…',
  reconnected: 'Connection restored.',
  startFailed: 'The chat could not be started. Please try again in a moment.',
  fieldRequired: (label: string) => `${label} is required.`,
  fieldInvalidEmail: (label: string) => `${label} must be an email address, like name@example.com.`,
  fieldPattern: (label: string) => `${label} is not in the expected format.`,
  fieldTooLong: (label: string, max: number) => `${label} can be at most ${max} characters.`,
  formErrors: (count: number) => `Please correct ${count === 1 ? 'one field' : `${count} fields`} before starting the chat.`,
  configError: 'This chat is not configured correctly',
  online: 'Online',
  endedByAgent: (name: string) => `${name} ended the chat.`,
  endedByYou: 'You ended the chat.',
  endedReadOnly: 'You can still read it here; to write again, start a new chat.',
  endedExpired: 'This conversation has expired.',
  endedElsewhere: 'This conversation was closed from another window or device.',
  downloadTranscript: 'Download transcript',
};

export type Strings = typeof en;

/** A table merged over English once per registered or loaded table (a new registration is a new object). */
const merged = new WeakMap<Partial<Strings>, Strings>();

/** The table for a BCP 47 tag ("fr-CA" → French); English when the language is not known or not loaded yet. */
export function stringsFor(lang: string | null | undefined): Strings {
  const table = tables[(lang ?? '').toLowerCase().split('-')[0]!];
  if (!table) return en;
  let full = merged.get(table);
  if (!full) merged.set(table, (full = { ...en, ...table }));
  return full;
}
