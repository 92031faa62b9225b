import { readFileSync } from 'node:fs';

// Linux reports a process's CPU time (all threads) in clock ticks of 10 ms (USER_HZ = 100).
const TICK_MS = 10;

/** CPU time used so far by a process, user plus system, every thread, in milliseconds. */
export const processCpuMs = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is parenthesised and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) * TICK_MS;
};
