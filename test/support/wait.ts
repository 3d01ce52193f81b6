/** Resolves once `check` returns something other than undefined/false; the outbox delivers after the reply. */
export function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const found = check();
      if (found !== undefined && found !== false) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
      setTimeout(tick, 25);
    };
    tick();
  });
}
