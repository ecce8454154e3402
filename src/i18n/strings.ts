// Every string the visitor sees or hears, per language. `<gc-webchat lang="fr">` (or the page's lang) picks one.
export const en = {
  launcher: 'Chat with us',
  launcherUnread: (count: number) => `Chat with us, ${count} unread ${count === 1 ? 'message' : 'messages'}`,
  title: 'Live Chat',
  minimize: 'Minimize chat',
  restore: 'Restore chat',
  close: 'Close chat',
  endChat: 'End chat',
  windowLabel: 'Live chat window',
  formIntro: 'Tell us a little about yourself and we will connect you with an agent.',
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
  inputPlaceholder: 'Type your message here',
  send: 'Send',
  charactersLeft: (n: number) => `${n} characters left`,
  tooLong: (max: number) => `Messages can be at most ${max} characters. Shorten it to send.`,
  sendFailed: 'Your message could not be sent. Check your connection and try again.',
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
  confirmEnd: 'End chat',
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
  title: 'Chat en direct',
  minimize: 'Réduire le chat',
  restore: 'Rouvrir le chat',
  close: 'Fermer le chat',
  endChat: 'Terminer le chat',
  windowLabel: 'Fenêtre de chat en direct',
  formIntro: 'Présentez-vous en quelques mots et nous vous mettrons en relation avec un conseiller.',
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
  inputPlaceholder: 'Saisissez votre message ici',
  send: 'Envoyer',
  charactersLeft: (n) => `${n} caractères restants`,
  tooLong: (max) => `Un message peut compter au plus ${max} caractères. Raccourcissez-le pour l’envoyer.`,
  sendFailed: 'Votre message n’a pas pu être envoyé. Vérifiez votre connexion et réessayez.',
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
  confirmEnd: 'Terminer le chat',
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

/** The table for a BCP 47 tag ("fr-CA" → French), English when the language is not known. */
export function stringsFor(lang: string | null | undefined): Strings {
  const primary = (lang ?? '').toLowerCase().split('-')[0];
  return tables[primary] ?? en;
}

/** Right-to-left scripts, so the layout can mirror. */
export function isRightToLeft(lang: string | null | undefined): boolean {
  return ['ar', 'he', 'fa', 'ur', 'ps', 'yi'].includes((lang ?? '').toLowerCase().split('-')[0]);
}

/** Lets a page add a language or override strings: registerStrings('de', {...en, title: 'Live-Chat'}). */
export function registerStrings(lang: string, strings: Strings): void {
  tables[lang.toLowerCase()] = strings;
}
