// How the interpreter runs both synchronously (a container: every command answers at once) and asynchronously
// (hermetic mode: kubectl and the clock are awaited): each step is a generator that yields the promises of
// asynchronous commands and returns its result; runSync refuses a promise, runAsync awaits each in order.

/** One step of the interpreter: yields the promises of asynchronous commands, returns the result. */
export type Step<T> = Generator<Promise<unknown>, T, unknown>;

export function* settle<T>(v: T | Promise<T>): Step<T> {
  return v instanceof Promise ? ((yield v) as T) : v;
}

/** Runs a step to its end where every command is synchronous (a container). */
export function runSync<T>(g: Step<T>): T {
  const r = g.next();
  if (!r.done) throw new Error('an asynchronous command ran in a synchronous shell');
  return r.value;
}

/** Runs a step, awaiting its asynchronous commands in order. */
export async function runAsync<T>(g: Step<T>): Promise<T> {
  let r = g.next();
  while (!r.done) {
    let v: unknown;
    try {
      v = await r.value;
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(v);
  }
  return r.value;
}
