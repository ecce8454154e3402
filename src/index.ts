// The library's public surface: element classes, the session (WebChatService) and the transport contract.
export { ChatSession } from './session/session.js';
export { SessionError, Reasons } from './session/errors.js';
export { sessionStorageState, memoryState } from './session/storage.js';
export type * from './session/types.js';
export { registerTransport, transportNames, transportDefinition } from './transport/registry.js';
export { TransportError, isTransient } from './transport/contract.js';
export type * from './transport/contract.js';
export { GcWebchat, type ShowOptions } from './elements/gc-webchat.js';
export { GcTranscript } from './elements/gc-transcript.js';
export { GcRegistrationForm } from './elements/gc-registration-form.js';
export { GcComposer } from './elements/gc-composer.js';
export { sessionContext } from './elements/context.js';
export { StoreController } from './elements/store-controller.js';
export { stringsFor, registerStrings, type Strings } from './i18n/strings.js';
export type { GcWebchatEventMap, GcRegistrationFormEventMap, GcErrorDetail } from './elements/events.js';
export type { FormSubmitDetail, FormValues } from './elements/gc-registration-form.js';
