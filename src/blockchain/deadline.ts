/** A call that did not finish within its time budget. */
export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** Rejects with DeadlineError when `promise` is not settled after `ms`; the timer never holds the process open. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), Math.max(0, ms));
    timer.unref();
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * For optional reads: the value, or `fallback` when the read fails or runs past its budget. Never rejects, so
 * a caller may start it early and simply not await it.
 */
export async function settle<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  fallback: T,
  onError?: (err: unknown) => void,
): Promise<T> {
  try {
    return await withDeadline(promise, ms, what);
  } catch (err) {
    onError?.(err);
    return fallback;
  }
}
