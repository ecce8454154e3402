// Picks a transport by the name a page author writes in the `transport` attribute.
import { PureCloudV2SocketsTransport } from './purecloud-v2-sockets.js';
import type { ChatTransport, TransportOptions } from './types.js';

type TransportFactory = (options: TransportOptions) => ChatTransport;

const transports = new Map<string, TransportFactory>([
  ['purecloud-v2-sockets', (options) => new PureCloudV2SocketsTransport(options)],
]);

export const transportNames = (): string[] => [...transports.keys()];

export function createTransport(name: string, options: TransportOptions): ChatTransport {
  const factory = transports.get(name);
  if (!factory) {
    throw new Error(`Unknown transport "${name}": use one of ${transportNames().map((n) => `"${n}"`).join(', ')}.`);
  }
  return factory(options);
}

/** Lets an application plug in another protocol (or a test double) under its own name. */
export function registerTransport(name: string, factory: TransportFactory): void {
  transports.set(name, factory);
}
