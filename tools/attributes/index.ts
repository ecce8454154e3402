// gc-webchat/attributes: read a conversation's customer participant attributes back from Genesys Cloud,
// reshape them for Architect flows and agent scripts, and write flattened ones back.
export { PlatformClient, errorFromAnswer, missingPermission, type ClientOptions, type ApiAnswer } from './client.js';
export {
  fetchCustomer,
  writeParticipantAttributes,
  TYPE_CHOICES,
  type Attributes,
  type ConversationType,
  type CustomerParticipant,
  type TypeChoice,
} from './conversations.js';
export { parseDotenv, loadDotenv } from './dotenv.js';
export { AttributesToolError, ExitCode, type ErrorKind } from './errors.js';
export { escapeForTerminal, formatAttributes, formatDetails, formatJson, formatTable, type OutputFormat } from './format.js';
export { send, retryAfterSeconds, type HttpOptions, type HttpRequest, type HttpAnswer } from './http.js';
export { interactionDetails, type DetailRow } from './interaction-details.js';
export { main, render, type Io } from './main.js';
export { requestToken, type ClientCredentials } from './oauth.js';
export { parseCommandLine, ENV, USAGE, VIEWS, FORMATS, type Settings, type View } from './options.js';
export { REGIONS, regionDomain, resolveEndpoints, type Endpoints, type LocationOptions } from './regions.js';
export { CONTEXT_PREFIX, attributesToWrite, flattenAttributes, stripContextPrefix } from './transforms.js';
