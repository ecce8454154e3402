// The protocols a page can name in the `transport` attribute. Each is a small definition (its attributes and
// storage key) here; its transport is a chunk of its own, loaded when a chat starts or is restored, so a page
// pays only for the protocol it uses.
import type { ChatTransport, CommonOptions, TransportDefinition } from './contract.js';
import { purecloudV2 } from './purecloud-v2/definition.js';
import { webMessaging } from './web-messaging/definition.js';

export { DEFAULT_TRANSPORT } from './stored-chats.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = TransportDefinition<any>;

const definitions = new Map<string, AnyDefinition>([
  [webMessaging.name, webMessaging],
  [purecloudV2.name, purecloudV2],
]);

export const transportNames = (): string[] => [...definitions.keys()];

export function transportDefinition(name: string): AnyDefinition {
  const definition = definitions.get(name);
  if (!definition) {
    throw new Error(`Unknown transport "${name}": use one of ${transportNames().map((n) => `"${n}"`).join(', ')}.`);
  }
  return definition;
}

/**
 * Lets an application plug in another protocol (or a test double) under its own name: a full definition, or
 * just a factory (its configuration is then the session's as given, stored per transport name).
 */
export function registerTransport(
  nameOrDefinition: string | AnyDefinition,
  factory?: (config: Record<string, unknown>, options: CommonOptions) => ChatTransport,
): void {
  const definition: AnyDefinition =
    typeof nameOrDefinition === 'string'
      ? {
          name: nameOrDefinition,
          attributes: [],
          readConfig: () => ({ config: {}, errors: [] }),
          storageKey: () => `gc-webchat:${nameOrDefinition}`,
          keep: 'tab',
          load: async () => factory!,
        }
      : nameOrDefinition;
  definitions.set(definition.name, definition);
}
