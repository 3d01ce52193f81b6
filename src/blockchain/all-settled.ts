/**
 * Like Promise.all, but rejects only once every promise has settled, with the first failure in order: nothing
 * started by the caller is still running when it gets the error.
 */
export async function allSettledOrThrow<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const outcomes = await Promise.allSettled(promises);
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
