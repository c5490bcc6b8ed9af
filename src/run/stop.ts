// How a run stops at once on SIGINT/SIGTERM: each step checks the stop signal, and every long wait races it.
import { InterruptedError } from '../shared/errors.js';

/** The InterruptedError of a stopped run (its reason is the signal's name). */
export function interrupted(signal: AbortSignal): InterruptedError {
  return new InterruptedError(typeof signal.reason === 'string' ? signal.reason : 'SIGINT');
}

/** Throws InterruptedError when the run was told to stop: call it between steps. */
export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw interrupted(signal);
}

/**
 * Starts `start` unless the run was told to stop, and waits for it unless told to stop meanwhile: then rejects with
 * InterruptedError at once, and hands whatever the work still brings to `late` (to stop a target that came up after all).
 */
export function untilStopped<T>(signal: AbortSignal, start: () => Promise<T>, late?: (value: T) => unknown): Promise<T> {
  if (signal.aborted) return Promise.reject(interrupted(signal));
  const work = start();
  const abandon = () => void work.then((value) => late?.(value), () => undefined);
  if (signal.aborted) { // while `start` ran: an abort listener added now would never fire
    abandon();
    return Promise.reject(interrupted(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onStop = () => {
      abandon();
      reject(interrupted(signal));
    };
    signal.addEventListener('abort', onStop, { once: true });
    work.then(
      (value) => (signal.removeEventListener('abort', onStop), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onStop), reject(error)),
    );
  });
}

/** Runs `onStop` when the run is told to stop while `work` runs (at once if it already was); returns `work`'s outcome. */
export async function stopWith<T>(signal: AbortSignal, onStop: () => unknown, work: () => Promise<T>): Promise<T> {
  const listener = () => void onStop();
  if (signal.aborted) listener();
  else signal.addEventListener('abort', listener, { once: true });
  try {
    return await work();
  } finally {
    signal.removeEventListener('abort', listener);
  }
}
