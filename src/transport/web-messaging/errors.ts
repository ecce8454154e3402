// The Guest API's error codes as the contract's TransportError, with what they mean for the visitor.
import { TransportError } from '../contract.js';

export { toTransportError } from '../contract.js';

/** An error frame's code (Guest API 4xxx or an HTTP-style status) as a TransportError with a sentence a person can act on. */
export function guestApiError(code: number, serviceText: string, limits: { maxAttributeBytes: number }): TransportError {
  const said = serviceText ? ` (the service said: ${serviceText})` : '';
  switch (code) {
    case 4011:
      return new TransportError(`The message is too long: Genesys Cloud accepts at most 4,096 bytes per message${said}.`, 400, '4011', undefined, serviceText);
    case 4013:
      return new TransportError(
        `The chat's custom attributes are too large: Genesys Cloud accepts at most ${limits.maxAttributeBytes} bytes of keys and values per message${said}.`,
        400,
        '4013',
        undefined,
        serviceText,
      );
    case 409:
      return new TransportError(`The conversation is read-only: it has ended, and a new chat must be started to write again${said}.`, 409, '409', undefined, serviceText);
    case 4006:
      return new TransportError(`The chat session has expired${said}.`, 400, '4006', undefined, serviceText);
    case 4007:
      return new TransportError(`The chat session no longer exists${said}.`, 404, '4007', undefined, serviceText);
    case 4029:
    case 429:
      return new TransportError(`Too many messages at once${said}.`, 429, String(code), undefined, serviceText);
    default: {
      const status = code >= 400 && code < 600 ? code : code >= 4000 && code < 5000 ? 400 : code >= 5000 ? 500 : 0;
      return new TransportError(`Genesys Cloud refused the request (code ${code})${said}.`, status, String(code), undefined, serviceText);
    }
  }
}
