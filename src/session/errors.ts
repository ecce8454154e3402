// The rejection reasons WebChatService gives (as Genesys documents them for Widgets v2), kept word for word
// because integrations match on them, and how any failure becomes the error a command rejects with.
import { TransportError } from '../transport/contract.js';
import { SessionError } from './session-error.js';

export { SessionError };

export const Reasons = {
  alreadyActive: 'There is already an active chat session.',
  noActiveSession: 'There is no active chat session.',
  noActiveSessionShort: 'No active chat session.',
  noMessageText: 'No message text provided.',
  malformedUserData: 'malformed data object provided in userData property.',
  invalidFilters:
    'Missing or invalid filters provided. Please provide a regular expression or an array of regular expressions.',
  userDataDuringChat: "This transport doesn't support updating userData during an active chat session.",
  customNotice: "This transport doesn't support sendCustomNotice command.",
  polling: "This transport doesn't support polling.",
  resetPoll: "This transport doesn't support resetPollExceptions command.",
  fileUpload: "This transport doesn't support file uploads.",
  fileDownload: "This transport doesn't support file downloads.",
  noMoreHistory: 'No more messages to fetch.',
  alreadyRestoring: 'Already restoring. Ignoring request.',
  restoreWhileActive: 'Chat session is already active, ignoring restore command.',
  sessionNotFound: 'Session cannot be found.',
  invalidTypingInput:
    'Invalid value provided for the input property. An HTML element reference to a textarea or text input is required.',
  invalidPreprocessor: (type: string) => `No preprocessor function provided. Type provided was '${type}'.`,
} as const;

/** A failure as the session reports it: the service's (or transport's) code and message, and its HTTP status. */
export function describe(error: unknown): { code: string; message: string; status?: number } {
  if (error instanceof TransportError) return { code: error.code, message: error.message, status: error.status };
  if (error instanceof SessionError) return { code: error.code, message: error.message };
  return { code: 'client.error', message: error instanceof Error ? error.message : String(error) };
}

/** A command's failure as the SessionError it rejects with: the service's (or transport's) code and message. */
export function toSessionError(error: unknown): SessionError {
  const { code, message } = describe(error);
  return new SessionError(message, code, error);
}
