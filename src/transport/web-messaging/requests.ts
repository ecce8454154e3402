// The frames the widget sends to the Guest API, one builder each, in the shapes Genesys's Messenger clients
// send. Custom attributes always go inside `message.channel.metadata`: the top-level `channel` Genesys
// deprecated is ignored by the service since June 2026.
import { ECHO_TRACING_ID } from './frames.js';

type Attributes = Record<string, string>;

export function configureSession(token: string, deploymentId: string, tracingId: string, startNew: boolean) {
  return {
    action: 'configureSession',
    token,
    deploymentId,
    startNew,
    // The journey context ties the conversation to this browser as Messenger does (the guest token is its cookie id).
    journeyContext: { customer: { id: token, idType: 'cookie' }, customerSession: { id: '', type: 'web' } },
    tracingId,
  };
}

function withAttributes(message: Record<string, unknown>, attributes: Attributes | undefined): Record<string, unknown> {
  if (!attributes || Object.keys(attributes).length === 0) return message;
  return { ...message, channel: { metadata: { customAttributes: attributes } } };
}

export function textMessage(token: string, text: string, tracingId: string, attributes?: Attributes) {
  return { action: 'onMessage', token, tracingId, message: withAttributes({ type: 'Text', text }, attributes) };
}

/** Messenger's autoStart: the guest "joins" before saying anything, so the flow can greet them. */
export function autoStartJoin(token: string, tracingId: string, attributes?: Attributes) {
  return {
    action: 'onMessage',
    token,
    tracingId,
    message: withAttributes({ type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] }, attributes),
  };
}

export function typingOn(token: string, tracingId: string) {
  return {
    action: 'onMessage',
    token,
    tracingId,
    message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] },
  };
}

export function echo(token: string) {
  return { action: 'echo', token, tracingId: ECHO_TRACING_ID, message: { type: 'Text', text: 'ping' } };
}

export function getJwt(token: string, tracingId: string) {
  return { action: 'getJwt', token, tracingId };
}

export function closeSession(token: string, tracingId: string) {
  return { action: 'closeSession', token, closeAllConnections: true, tracingId };
}

/** An answer to structured content: empty text, the choice in a ButtonResponse (Messenger's shape). */
export function buttonResponse(token: string, tracingId: string, type: string, text: string, payload: string, attributes?: Attributes) {
  return {
    action: 'onMessage',
    token,
    tracingId,
    message: withAttributes({ type: 'Text', text: '', content: [{ contentType: 'ButtonResponse', buttonResponse: { type, text, payload } }] }, attributes),
  };
}

/** Uploaded files (by id) with the visitor's text, as one message. */
export function attachmentsMessage(token: string, tracingId: string, ids: string[], text: string, attributes?: Attributes) {
  const content = ids.map((id) => ({ contentType: 'Attachment', attachment: { id } }));
  return { action: 'onMessage', token, tracingId, message: withAttributes({ type: 'Text', text, content }, attributes) };
}
