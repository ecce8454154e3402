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
  submit: 'Start Chat',
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
};

export type Strings = typeof en;

export const fr: Strings = {
  launcher: 'Discuter avec nous',
  launcherUnread: (count) => `Discuter avec nous, ${count} ${count === 1 ? 'message non lu' : 'messages non lus'}`,
  loadFailed: 'Le chat n’a pas pu se charger. Vérifiez votre connexion, puis appuyez sur le bouton du chat pour réessayer.',
  title: 'Chat en direct',
  minimize: 'Réduire le chat',
  restore: 'Rouvrir le chat',
  close: 'Fermer le chat',
  endChat: 'Terminer le chat',
  firstname: 'Prénom',
  lastname: 'Nom',
  nickname: 'Pseudonyme',
  email: 'E-mail',
  subject: 'Objet',
  required: 'Obligatoire',
  optional: 'Facultatif',
  submit: 'Démarrer le chat',
  cancel: 'Annuler',
  starting: 'Démarrage du chat…',
  waiting: 'En attente d’un conseiller…',
  inputLabel: 'Saisissez votre message',
  attach: 'Joindre un fichier',
  inputPlaceholder: 'Saisissez votre message ici',
  send: 'Envoyer',
  charactersLeft: (n) => `${n} caractères restants`,
  tooLong: (max) => `Un message peut compter au plus ${max} caractères. Raccourcissez-le pour l’envoyer.`,
  newMessagesTitle: (count) => `(${count}) ${count === 1 ? 'Nouveau message' : 'Nouveaux messages'}`,
  messageSending: 'Envoi…',
  messageWaitingForConnection: 'En attente de la connexion…',
  messageSent: 'Envoyé',
  messageNotSent: 'Pas encore envoyé. Nouvel essai…',
  messageRefused: 'Non envoyé : le service de chat a refusé ce message.',
  messageChatEnded: 'Non envoyé : le chat s’est terminé avant.',
  retry: 'Réessayer',
  discard: 'Supprimer',
  retryMessage: (text) => `Renvoyer : ${text}`,
  discardMessage: (text) => `Supprimer : ${text}`,
  messageFailedAnnouncement: (text) => `Votre message n’a pas été envoyé : ${text}. Vous pouvez le renvoyer ou le supprimer.`,
  agentDefault: 'Conseiller',
  botDefault: 'Robot',
  you: 'Vous',
  system: 'Système',
  agentJoined: (name) => `${name} a rejoint le chat`,
  agentLeft: (name) => `${name} a quitté le chat`,
  youJoined: 'Vous avez rejoint le chat',
  youLeft: 'Vous avez quitté le chat',
  agentTyping: (name) => `${name} est en train d’écrire…`,
  chatEnded: 'Le chat est terminé.',
  startNew: 'Démarrer un nouveau chat',
  confirmEndQuestion: 'Voulez-vous terminer ce chat ?',
  confirmKeep: 'Continuer',
  transcriptLabel: 'Transcription du chat',
  loadOlder: 'Charger les messages précédents',
  newMessages: 'Nouveaux messages',
  youSaid: 'Vous avez dit',
  said: (name) => `${name} a dit`,
  disconnected: 'Connexion perdue. Reconnexion…',
  reconnected: 'Connexion rétablie.',
  startFailed: 'Le chat n’a pas pu démarrer. Réessayez dans un instant.',
  fieldRequired: (label) => `${label} est obligatoire.`,
  fieldInvalidEmail: (label) => `${label} doit être une adresse e-mail, comme nom@exemple.fr.`,
  fieldPattern: (label) => `${label} n’est pas au format attendu.`,
  fieldTooLong: (label, max) => `${label} peut compter au plus ${max} caractères.`,
  formErrors: (count) => `Veuillez corriger ${count === 1 ? 'un champ' : `${count} champs`} avant de démarrer le chat.`,
  configError: 'Ce chat n’est pas configuré correctement',
};

const tables: Record<string, Strings> = { en, fr };
/** The language of a BCP 47 tag: "fr-CA" → "fr". */
const primaryOf = (lang: string | null | undefined) => (lang ?? '').toLowerCase().split('-')[0]!;

/** The table for a BCP 47 tag ("fr-CA" → French), English when the language is not known. */
export function stringsFor(lang: string | null | undefined): Strings {
  return tables[primaryOf(lang)] ?? en;
}

/**
 * Right-to-left scripts, so the layout can mirror: only when the strings are in that language, since a
 * language with no table is shown in English, which reads left to right.
 */
export function isRightToLeft(lang: string | null | undefined): boolean {
  const primary = primaryOf(lang);
  return primary in tables && ['ar', 'he', 'fa', 'ur', 'ps', 'yi'].includes(primary);
}

/** Lets a page add a language or override strings: registerStrings('de', {...en, title: 'Live-Chat'}). */
export function registerStrings(lang: string, strings: Strings): void {
  tables[primaryOf(lang)] = strings;
}
