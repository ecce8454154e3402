// Every string the visitor sees or hears, per language. `<gc-webchat lang="fr">` (or the page's lang) picks one.
export const en = {
  launcher: 'Chat with us',
  launcherUnread: (count: number) => `Chat with us, ${count} unread ${count === 1 ? 'message' : 'messages'}`,
  loadFailed: 'The chat could not load. Check your connection, then press the chat button to try again.',
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
  newMessagesTitle: (count: number) => `(${count}) ${count === 1 ? 'New message' : 'New messages'}`,
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

const tables: Record<string, Strings> = { en };

/**
 * The languages that ship with the widget, each its own chunk: a visitor downloads English and, at most, the
 * one language the page speaks.
 */
const bundled: Record<string, () => Promise<{ default: Strings }>> = {
  ar: () => import('./ar.js'),
  de: () => import('./de.js'),
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  he: () => import('./he.js'),
  it: () => import('./it.js'),
  ja: () => import('./ja.js'),
  nl: () => import('./nl.js'),
  pt: () => import('./pt.js'),
};
const loading: Record<string, Promise<unknown>> = {};

/** The language of a BCP 47 tag: "fr-CA" → "fr". */
const primaryOf = (lang: string | null | undefined) => (lang ?? '').toLowerCase().split('-')[0]!;

/** The table for a BCP 47 tag ("fr-CA" → French); English when the language is not known or not loaded yet. */
export function stringsFor(lang: string | null | undefined): Strings {
  return tables[primaryOf(lang)] ?? en;
}

/**
 * Fetch a shipped language's table. Resolves true once it is there to use (at once when it already is),
 * false for a language with no table (the widget speaks English) or when its chunk could not be downloaded.
 */
export function loadStrings(lang: string | null | undefined): Promise<boolean> | true {
  const primary = primaryOf(lang);
  if (tables[primary]) return true;
  const load = bundled[primary];
  if (!load) return Promise.resolve(false);
  return (loading[primary] ??= load().then(
    (module) => (tables[primary] ??= module.default),
    () => delete loading[primary], // tried again next time
  )).then(() => Boolean(tables[primary]));
}

/**
 * Right-to-left scripts, so the layout can mirror: only for a language the widget speaks (shipped or
 * registered), since one with no table is shown in English, which reads left to right.
 */
export function isRightToLeft(lang: string | null | undefined): boolean {
  const primary = primaryOf(lang);
  return (primary in tables || primary in bundled) && ['ar', 'he', 'fa', 'ur', 'ps', 'yi'].includes(primary);
}

/**
 * Add a language or override strings; missing strings fall back to English:
 * `registerStrings('sv', { launcher: 'Chatta med oss', title: 'Chatt' })`.
 */
export function registerStrings(lang: string, strings: Partial<Strings>): void {
  tables[primaryOf(lang)] = { ...en, ...tables[primaryOf(lang)], ...strings };
}
