// CXBus, the page-level message bus of Genesys Widgets v2, as its documented API describes it: a page (or
// one of our own compatibility plugins) registers a plugin by name, then issues commands to other plugins
// (`command('WebChat.open', options)` returns a deferred the serving plugin settles), subscribes to their
// events (`subscribe('WebChatService.messageReceived', fn)`, where `fn` gets `{event, data, publisher,
// time}`) and publishes its own under its name. No DOM, no widget: the bus alone, small enough to define
// synchronously in the classic script a v2 page loads before its inline scripts call it.
import { createDeferred, type Deferred } from './deferred.js';

export interface BusEvent {
  event: string;
  data: unknown;
  publisher: string;
  time: number;
}

export interface CommandCall {
  command: string;
  commander: string;
  data: unknown;
  time: number;
  deferred: { resolve(value?: unknown): void; reject(reason?: unknown): void };
}

type Listener = (event: BusEvent) => void;
type Handler = (call: CommandCall) => void;

export interface Plugin {
  readonly name: string;
  command(name: string, options?: unknown): Deferred;
  subscribe(event: string, fn: Listener): string | false;
  unsubscribe(event: string, fn?: Listener): void;
  publish(event: string, data?: unknown): boolean;
  /** Publishes the event's last data again (or the data given) to everyone subscribed now. */
  republish(event: string, data?: unknown): boolean;
  /** Reads a value a plugin shared (`data('WebChat.open')`); with a value, shares one under this plugin's name. */
  data(name: string, value?: unknown): unknown;
  registerCommand(name: string, handler: Handler): void;
  registerCommands(handlers: Record<string, Handler>): void;
  registerEvents(names: string[]): void;
}

export interface Bus extends Omit<Plugin, 'name' | 'registerCommand' | 'registerCommands' | 'registerEvents'> {
  registerPlugin(name: string): Plugin | false;
  /** Widgets v2 loaded its plugins by name; here everything is served on demand, so loading always succeeds. */
  loadPlugin(name: string): Deferred;
  configure(config?: unknown): Deferred;
  /** The names of the plugins registered so far. */
  plugins(): string[];
  /** The code serving `plugin` could not load: its queued commands fail with `reason` instead of waiting forever. */
  failQueued(plugin: string, reason: unknown): void;
}

export const UNKNOWN_COMMAND = (name: string): string => `Command not found: '${name}'.`;

/** Reports a page callback's exception without stopping the bus's own work (as a browser reports it). */
const report = (error: unknown): void => {
  setTimeout(() => {
    throw error;
  });
};

const split = (name: string): [string, string] => {
  const dot = String(name).indexOf('.');
  return dot < 0 ? [String(name), ''] : [name.slice(0, dot), name.slice(dot + 1)];
};

/**
 * A new bus. `onDemand(plugin)` is told when a command or a subscription names a plugin that has not
 * registered yet, so the code that serves it can be loaded; the command waits in a queue meanwhile.
 */
export function createBus(onDemand: (plugin: string) => void = () => undefined): Bus {
  const commands = new Map<string, Map<string, Handler>>();
  const queued = new Map<string, { run: () => void; reject: (reason: unknown) => void }[]>();
  const listeners = new Map<string, Set<Listener>>();
  const last = new Map<string, BusEvent>();
  const shared = new Map<string, unknown>();

  const deliver = (event: BusEvent, to: Iterable<Listener>): void => {
    for (const fn of [...to]) {
      try {
        fn(event);
      } catch (error) {
        report(error);
      }
    }
  };

  const plugin = (name: string): Plugin => {
    const own = (event: string) => (split(event)[0] === name && event.includes('.') ? event : `${name}.${event}`);
    const self: Plugin = {
      name,
      command(full, options) {
        const { deferred, resolve, reject } = createDeferred();
        const [target, command] = split(full);
        const run = (): void => {
          const handler = commands.get(target)?.get(command);
          if (!handler) return reject(UNKNOWN_COMMAND(full));
          try {
            handler({ command: full, commander: name, data: options, time: Date.now(), deferred: { resolve, reject } });
          } catch (error) {
            reject(error instanceof Error ? error.message : error);
          }
        };
        if (commands.has(target) && !queued.get(target)?.length) run();
        else {
          // Issued before the plugin that serves it has loaded: it waits for it rather than being lost.
          queued.set(target, [...(queued.get(target) ?? []), { run, reject }]);
          if (!commands.has(target)) onDemand(target);
        }
        return deferred;
      },
      subscribe(event, fn) {
        if (typeof fn !== 'function') return false;
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(fn);
        const [target] = split(event);
        if (!commands.has(target)) onDemand(target);
        // A plugin's `ready` has happened once and for all: a late subscriber is told at once rather than
        // waiting for an event that will not come again.
        const ready = last.get(event);
        if (ready && event.endsWith('.ready')) queueMicrotask(() => set.has(fn) && deliver(ready, [fn]));
        return event;
      },
      unsubscribe(event, fn) {
        if (fn) listeners.get(event)?.delete(fn);
        else listeners.delete(event);
      },
      publish(event, data) {
        const published: BusEvent = { event: own(event), data, publisher: name, time: Date.now() };
        last.set(published.event, published);
        deliver(published, listeners.get(published.event) ?? []);
        return true;
      },
      republish(event, data) {
        const previous = last.get(own(event));
        return self.publish(event, data === undefined ? previous?.data : data);
      },
      data(key, value) {
        if (value === undefined) return shared.get(key);
        shared.set(key.includes('.') ? key : `${name}.${key}`, value);
        return value;
      },
      registerCommand(command, handler) {
        self.registerCommands({ [command]: handler });
      },
      registerCommands(handlers) {
        const table = commands.get(name) ?? new Map<string, Handler>();
        for (const [command, handler] of Object.entries(handlers)) table.set(command, handler);
        commands.set(name, table);
        // After this task, so a plugin registering its commands one call at a time has them all; in order.
        queueMicrotask(() => {
          for (const { run } of queued.get(name)?.splice(0) ?? []) run();
        });
      },
      registerEvents() {
        // Events need no declaration here; kept so v2 plugins that declare theirs keep working.
      },
    };
    return self;
  };

  const registered = new Set<string>();
  const page = plugin('CXBus');
  const resolved = (): Deferred => {
    const { deferred, resolve } = createDeferred();
    resolve();
    return deferred;
  };
  return {
    registerPlugin(name) {
      if (!name || registered.has(name)) return false;
      registered.add(name);
      return plugin(name);
    },
    loadPlugin: resolved,
    configure: resolved,
    plugins: () => [...registered],
    failQueued(name, reason) {
      for (const { reject } of queued.get(name)?.splice(0) ?? []) reject(reason);
    },
    command: page.command,
    subscribe: page.subscribe,
    unsubscribe: page.unsubscribe,
    publish: page.publish,
    republish: page.republish,
    data: page.data,
  };
}
