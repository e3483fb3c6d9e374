/**
 * Work written as generators that pause (`yield`) between steps of a few milliseconds, run to the end either at
 * once (a cold start, a question that needs the result now) or between turns of the event loop (live re-indexing),
 * with the same result either way.
 */

/** Runs a step generator to its end at once. */
export function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** A pause between steps: nothing (go on at once), or a promise that resolves after a turn of the event loop. */
export type Pause = () => Promise<void> | undefined;

/** Resolves after a turn of the event loop (what is waiting to run, timers and I/O, runs first). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Cooperative slicing: goes on at once, or waits a turn of the event loop when `sliceMs` have passed (never without it). */
export function slicer(sliceMs: number | undefined): Pause {
  if (sliceMs === undefined) return () => undefined;
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < sliceMs) return undefined;
    return nextTurn().then(() => {
      sliceStart = performance.now();
    });
  };
}

/** Runs a step generator to its end, pausing after every step as `pause` says. */
export async function finishWithPauses<T>(steps: Generator<void, T>, pause: Pause): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    const waiting = pause();
    if (waiting) await waiting;
  }
}
