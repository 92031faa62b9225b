const HOUR_MS = 60 * 60 * 1000;

// Relative activity per hour of the day (UTC) and per weekday (Sunday first): office hours peak,
// nights and weekends are quiet, as in Entra's usage reports.
const hourly = [
  0.06, 0.05, 0.05, 0.05, 0.06, 0.12, 0.3, 0.65, 1, 1, 0.95, 0.9, 0.75, 0.9, 0.95, 0.9, 0.8, 0.6,
  0.4, 0.3, 0.25, 0.2, 0.12, 0.08,
];
const weekday = [0.3, 1.1, 1, 1, 0.95, 0.85, 0.35];

/**
 * Maps workload progress (0..1) to simulated time so that activity follows office hours: the
 * inverse of the cumulative hourly intensity between `startMs` and `endMs`.
 */
export class Timeline {
  private readonly cumulative: Float64Array;

  constructor(
    readonly startMs: number,
    readonly endMs: number,
  ) {
    const hours = Math.max(1, Math.ceil((endMs - startMs) / HOUR_MS));
    this.cumulative = new Float64Array(hours + 1);
    for (let h = 0; h < hours; h++) {
      const at = new Date(startMs + h * HOUR_MS);
      const intensity = hourly[at.getUTCHours()]! * weekday[at.getUTCDay()]!;
      this.cumulative[h + 1] = this.cumulative[h]! + intensity;
    }
  }

  /** The simulated instant at `progress` of the workload. */
  at(progress: number): number {
    const hours = this.cumulative.length - 1;
    const target = Math.min(Math.max(progress, 0), 1) * this.cumulative[hours]!;
    let lo = 0;
    let hi = hours;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! <= target) lo = mid;
      else hi = mid;
    }
    const width = this.cumulative[lo + 1]! - this.cumulative[lo]!;
    const within = width > 0 ? (target - this.cumulative[lo]!) / width : 0;
    return Math.min(this.endMs, this.startMs + (lo + within) * HOUR_MS);
  }
}
