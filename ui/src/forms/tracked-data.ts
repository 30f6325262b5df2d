/**
 * A view of the form's reactive data through which JSON Forms' reads are all tracked by Vue.
 * JSON Forms reads a value with `Object.prototype.hasOwnProperty.call(object, key)` before
 * `object[key]`; Vue does not see that check, so a control or rule whose key is missing from the
 * data (any field not answered yet) would never re-render when the key is added, by typing, by a
 * draft being restored or by taking someone else's version. Through this view the check becomes
 * `key in object`, which Vue tracks per key, so only what reads that key re-renders.
 */
import { toRaw } from 'vue';

const views = new WeakMap<object, object>();

const handler: ProxyHandler<object> = {
  get(target, key) {
    const value = Reflect.get(target, key);
    if (typeof key === 'symbol' || key.startsWith('__v_')) return value;
    return value !== null && typeof value === 'object' ? trackedView(value) : value;
  },
  getOwnPropertyDescriptor(target, key) {
    Reflect.has(target, key);
    return Reflect.getOwnPropertyDescriptor(target, key);
  },
};

/** The tracked view of a reactive object (one per object, so identities stay stable). */
export function trackedView<T extends object>(reactiveObject: T): T {
  const raw = toRaw(reactiveObject);
  let view = views.get(raw);
  if (!view) {
    view = new Proxy(reactiveObject, handler);
    views.set(raw, view);
  }
  return view as T;
}
