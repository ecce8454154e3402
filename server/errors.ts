// Genesys Cloud's ErrorBody shape and the codes this server answers with.

export interface ErrorDetail {
  errorCode?: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  messageWithParams?: string;
  messageParams: Record<string, string>;
  contextId: string;
  details: ErrorDetail[];
  errors: ErrorBody[];
  limit?: { key: string; namespace: string; value: number };
}

/** Thrown anywhere in a handler; the app turns it into an ErrorBody response. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageParams: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly limit?: ErrorBody['limit'];

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      messageParams?: Record<string, string>;
      headers?: Record<string, string>;
      limit?: ErrorBody['limit'];
    } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.messageParams = options.messageParams ?? {};
    this.headers = options.headers ?? {};
    this.limit = options.limit;
  }
}

/** The generic code Genesys uses for a bare HTTP status (used by fault injection and fallbacks). */
export function defaultCodeForStatus(status: number): string {
  switch (status) {
    case 400: return 'bad.request';
    case 401: return 'bad.credentials';
    case 403: return 'not.authorized';
    case 404: return 'not.found';
    case 408: return 'client.timeout';
    case 409: return 'request.conflict';
    case 413: return 'request.entity.too.large';
    case 415: return 'unsupported.media.type';
    case 429: return 'too.many.requests.retry.after';
    case 500: return 'internal.server.error';
    case 503: return 'service.unavailable';
    case 504: return 'request.timeout';
    default: return status >= 500 ? 'internal.server.error' : 'bad.request';
  }
}

export function toErrorBody(err: ApiError, contextId: string): ErrorBody {
  const body: ErrorBody = {
    status: err.status,
    code: err.code,
    message: err.message,
    messageParams: err.messageParams,
    contextId,
    details: [],
    errors: [],
  };
  if (Object.keys(err.messageParams).length > 0) {
    body.messageWithParams = err.message;
  }
  if (err.limit) body.limit = err.limit;
  return body;
}

const NOT_FOUND_MESSAGES = {
  conversation: 'The web chat conversation was not found.',
  member: 'The web chat conversation member was not found.',
  message: 'The web chat conversation message was not found.',
  'media request': 'The media request was not found.',
} as const;

// Constructors for the errors more than one module raises.
export const errors = {
  badRequest: (message = 'The request could not be understood by the server due to malformed syntax.') =>
    new ApiError(400, 'bad.request', message),
  invalidValue: (field: string, value: string, message?: string) =>
    new ApiError(400, 'invalid.value', message ?? `Value [${value}] is not valid for field type [${field}].`, {
      messageParams: { field, value },
    }),
  authRequired: () =>
    new ApiError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.'),
  badCredentials: () => new ApiError(401, 'bad.credentials', 'Invalid login credentials.'),
  credentialsExpired: () => new ApiError(401, 'credentials.expired', 'The supplied credentials are expired.'),
  notAuthorized: (message = 'You are not authorized to perform the requested action.') =>
    new ApiError(403, 'not.authorized', message),
  notFound: (message = 'The requested resource was not found.') => new ApiError(404, 'not.found', message),
  chatNotFound: (what: 'conversation' | 'member' | 'message' | 'media request') =>
    new ApiError(404, 'chat.error.not.found', NOT_FOUND_MESSAGES[what]),
  conversationState: () =>
    new ApiError(400, 'chat.error.conversation.state', 'The conversation is not in a state that permits this operation.'),
  memberState: () =>
    new ApiError(400, 'chat.error.member.state', 'The member is not in a state that permits this operation.'),
  unsupportedMediaType: (type: string) =>
    new ApiError(415, 'unsupported.media.type', `Unsupported media type [${type}]; use application/json.`, {
      messageParams: { contentType: type },
    }),
  entityTooLarge: (max: number) =>
    new ApiError(413, 'request.entity.too.large', `The request body exceeds the maximum of ${max} bytes.`),
  conflict: (message: string) => new ApiError(409, 'request.conflict', message),
};
