// Where the CPU goes during a load window, read from /proc (Linux): the service's event loop (its main thread),
// its other threads (libuv's pool, where argon2 hashes; V8's helpers), every PostgreSQL process, this bench
// process (the load generator), and what the machine left idle or lost to steal.
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ: /proc times are in 1/100 s on Linux

/** utime + stime of /proc/<path>/stat, in seconds. */
function cpuOf(path) {
  try {
    const fields = readFileSync(`/proc/${path}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0; // the process or thread ended
  }
}

/** CPU seconds of every PostgreSQL process, by pid (backends come and go during a window). */
function postgresSeconds() {
  const byPid = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') byPid.set(pid, cpuOf(pid));
    } catch {
      /* gone */
    }
  }
  return byPid;
}

/** What PostgreSQL spent between two readings: processes that ended in between are not counted. */
function postgresDelta(start, end) {
  let total = 0;
  for (const [pid, seconds] of end) total += seconds - (start.get(pid) ?? 0);
  return total;
}

function machineSeconds() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks;
  return { busy: (user + nice + system + irq + softirq) / TICK, idle: (idle + iowait) / TICK, steal: steal / TICK };
}

function read(servicePid) {
  const threads = readdirSync(`/proc/${servicePid}/task`);
  let others = 0;
  for (const tid of threads) if (Number(tid) !== servicePid) others += cpuOf(`${servicePid}/task/${tid}`);
  const own = process.cpuUsage();
  return {
    loop: cpuOf(`${servicePid}/task/${servicePid}`),
    threads: others,
    postgres: postgresSeconds(),
    bench: (own.user + own.system) / 1e6,
    machine: machineSeconds(),
  };
}

/** Starts a window on the service process `pid`; the returned function ends it and gives CPU seconds by consumer. */
export function cpuWindow(pid) {
  const start = read(pid);
  return () => {
    const end = read(pid);
    return {
      loop: end.loop - start.loop,
      threads: end.threads - start.threads,
      postgres: postgresDelta(start.postgres, end.postgres),
      bench: end.bench - start.bench,
      busy: end.machine.busy - start.machine.busy,
      idle: end.machine.idle - start.machine.idle,
      steal: end.machine.steal - start.machine.steal,
    };
  };
}
