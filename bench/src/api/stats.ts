export type ScenarioResult = Readonly<{
  name: string;
  /** Successful operations per second over the measured window. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU time per operation, all threads: what one dedicated core would allow. */
  serverCpuMsPerOp: number | undefined;
  /** Failed operations (HTTP errors, GraphQL errors, timeouts); the run is void if > 0. */
  failures: number;
  note?: string;
}>;

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

const fixed = (n: number | undefined, digits: number): string =>
  n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);

export const formatHeader = (): string =>
  `${'scenario'.padEnd(40)}${'ops/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}` +
  `${'cpu ms/op'.padStart(11)}${'failed'.padStart(8)}`;

export const formatRow = (r: ScenarioResult): string =>
  `${r.name.padEnd(40)}${fixed(r.perSecond, 0).padStart(9)}${fixed(r.p50Ms, 2).padStart(9)}` +
  `${fixed(r.p99Ms, 2).padStart(9)}${fixed(r.serverCpuMsPerOp, 3).padStart(11)}` +
  `${String(r.failures).padStart(8)}${r.note ? `  ${r.note}` : ''}`;
