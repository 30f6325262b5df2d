/**
 * Deadlines on store operations: a store that stops answering (a frozen server, a lost network)
 * must fail a request with 503 in a few seconds, not hold it for as long as a socket lives.
 */
import { LowformError } from '../errors.ts';
import type { Store } from './store.ts';

/** The default deadline of one store operation, in milliseconds (LOWFORM_STORE_TIMEOUT_MS). */
export const DEFAULT_STORE_TIMEOUT_MS = 5000;

/**
 * Settles as `work` does, or rejects with LF_STORE_UNAVAILABLE once `ms` have passed. The work
 * itself is not cancelled: the driver's own socket timeout closes what it was waiting on.
 */
export function withDeadline<R>(
  work: Promise<R>,
  ms: number,
  details: Record<string, unknown>,
): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LowformError('LF_STORE_UNAVAILABLE', undefined, { ...details, ms })),
      ms,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

type Methods = Record<string, (...args: never[]) => Promise<unknown>>;

/** Runs a store call under the deadline, passing its failure to `failed` first. */
type Around = (call: () => Promise<unknown>, details: Record<string, unknown>) => Promise<unknown>;

/** The same object with every method run through `around`. */
function wrapMethods<T extends object>(
  target: T,
  around: Around,
  details: Record<string, unknown>,
): T {
  const wrapped: Record<string, unknown> = {};
  let proto: object | null = target;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = (target as Record<string, unknown>)[name];
      if (name === 'constructor' || name in wrapped || typeof value !== 'function') continue;
      const method = (value as Methods[string]).bind(target);
      wrapped[name] = (...args: never[]) =>
        around(() => method(...args), { ...details, operation: name });
    }
    proto = Object.getPrototypeOf(proto);
  }
  return wrapped as T;
}

/**
 * The store with a deadline on every operation of every collection and on its own methods; each
 * failure (the deadline's included) passes through `failed`, which returns what to throw.
 */
export function storeWithDeadlines(
  store: Store,
  ms: number,
  failed: (error: unknown) => unknown = (error) => error,
): Store {
  const around: Around = (call, details) =>
    withDeadline(call(), ms, details).catch((error: unknown) => {
      throw failed(error);
    });
  const result: Record<string, unknown> = { kind: store.kind };
  for (const [name, value] of Object.entries(store)) {
    if (name === 'kind') continue;
    result[name] =
      typeof value === 'function'
        ? (...args: never[]) =>
            around(() => (value as Methods[string])(...args), {
              store: store.kind,
              operation: name,
            })
        : wrapMethods(value as object, around, { store: store.kind, collection: name });
  }
  // Closing must always finish, however long the driver takes to let go.
  result.close = store.close;
  return result as unknown as Store;
}
