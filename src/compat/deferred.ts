// The promise a Widgets v2 command returns. CXBus pages chain jQuery's deferred API on it
// (`command(…).done(fn).fail(fn).always(fn)`); `then` makes it awaitable too, so newer code can
// `await bus.command(…)`. A rejection nobody listens to is not reported as unhandled: v2 pages often
// call commands without `.fail`, and Genesys's bus stayed silent then too.

type Callback = (value: unknown) => unknown;

export interface Deferred {
  done(fn: Callback): Deferred;
  fail(fn: Callback): Deferred;
  always(fn: Callback): Deferred;
  then<T = unknown, E = never>(onResolved?: ((value: unknown) => T | PromiseLike<T>) | null, onRejected?: ((reason: unknown) => E | PromiseLike<E>) | null): Promise<T | E>;
  catch<E = never>(onRejected: (reason: unknown) => E | PromiseLike<E>): Promise<unknown>;
  state(): 'pending' | 'resolved' | 'rejected';
  promise(): Deferred;
}

export interface DeferredHandle {
  deferred: Deferred;
  resolve(value?: unknown): void;
  reject(reason?: unknown): void;
}

/** A deferred the caller settles: the command's handler resolves or rejects it, once. */
export function createDeferred(): DeferredHandle {
  let status: 'pending' | 'resolved' | 'rejected' = 'pending';
  let result: unknown;
  const waiting: { on: 'resolved' | 'rejected' | 'always'; fn: Callback }[] = [];

  const run = (on: 'resolved' | 'rejected' | 'always', fn: Callback): void => {
    if (on === 'always' || on === status) {
      try {
        fn(result);
      } catch (error) {
        // A page callback that throws must not stop the other callbacks; report it as the page's error.
        setTimeout(() => {
          throw error;
        });
      }
    }
  };
  const add = (on: 'resolved' | 'rejected' | 'always', fn: Callback): Deferred => {
    if (typeof fn === 'function') {
      if (status === 'pending') waiting.push({ on, fn });
      else run(on, fn);
    }
    return deferred;
  };
  const settle = (to: 'resolved' | 'rejected', value: unknown): void => {
    if (status !== 'pending') return;
    status = to;
    result = value;
    for (const { on, fn } of waiting.splice(0)) run(on, fn);
  };
  const asPromise = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      add('resolved', resolve);
      add('rejected', reject);
    });

  const deferred: Deferred = {
    done: (fn) => add('resolved', fn),
    fail: (fn) => add('rejected', fn),
    always: (fn) => add('always', fn),
    then: (onResolved, onRejected) => asPromise().then(onResolved, onRejected),
    catch: (onRejected) => asPromise().catch(onRejected),
    state: () => status,
    promise: () => deferred,
  };
  return { deferred, resolve: (value) => settle('resolved', value), reject: (reason) => settle('rejected', reason) };
}
