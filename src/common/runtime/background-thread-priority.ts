import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setPriority } from 'node:os';

/**
 * argon2 hashes in libuv's thread pool, off the event loop, but on a small machine those threads still take
 * the cores the event loop needs, so every request waits behind a login burst. Raising the nice value of
 * every thread but the main one (the libuv pool, V8's background helpers) keeps the event loop first while
 * hashing still uses every idle cycle. Only the main thread (tid = pid) keeps its priority: every other one
 * (libuv-worker, node-V8Worker and a few idle helpers on Node 26) is background work. Linux only (setpriority on a thread id affects that thread alone).
 * Returns how many threads it reniced.
 */
export async function lowerBackgroundThreadPriority(nice: number): Promise<number> {
  if (process.platform !== 'linux' || nice <= 0) return 0;
  // libuv starts every pool thread at its first piece of work; make sure they exist.
  await stat('.');
  let changed = 0;
  try {
    for (const tid of readdirSync('/proc/self/task').map(Number)) {
      if (tid === process.pid) continue;
      setPriority(tid, nice);
      changed++;
    }
  } catch {
    return changed;
  }
  return changed;
}
