export type WorkloadResult = Readonly<{
  store: string;
  workload: string;
  events: number;
  seconds: number;
  /** Latency of one unit of work (a command, a batch, a read page), in milliseconds. */
  latenciesMs: number[];
  unit: string;
  note?: string;
}>;

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

export const perSecond = (r: WorkloadResult): number => r.events / r.seconds;

export const summarize = (r: WorkloadResult): { perS: number; p50: number; p99: number } => {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  return { perS: perSecond(r), p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

export const nowMs = (): number => performance.now();

/** Times `work`, returning its duration in ms. */
export const timed = async (work: () => Promise<unknown> | unknown): Promise<number> => {
  const start = nowMs();
  await work();
  return nowMs() - start;
};

const pad = (s: string, n: number): string => s.padEnd(n);
const padL = (s: string, n: number): string => s.padStart(n);

export const formatRow = (r: WorkloadResult): string => {
  const { perS, p50, p99 } = summarize(r);
  return (
    pad(r.store, 16) +
    pad(r.workload, 12) +
    padL(r.events.toLocaleString('en-US'), 11) +
    padL(Math.round(perS).toLocaleString('en-US'), 12) +
    padL(p50.toFixed(3), 10) +
    padL(p99.toFixed(3), 10) +
    '  ' +
    r.unit +
    (r.note ? ` (${r.note})` : '')
  );
};

export const HEADER =
  pad('store', 16) +
  pad('workload', 12) +
  padL('events', 11) +
  padL('events/s', 12) +
  padL('p50 ms', 10) +
  padL('p99 ms', 10) +
  '  latency of one';
