import { ValidationError } from '@resetline/domain';

/** The report periods of product.md (ManageEngine's set); days are UTC days. */
export const periodKinds = [
  'today',
  'yesterday',
  'last7Days',
  'last30Days',
  'thisMonth',
  'custom',
] as const;
export type PeriodKind = (typeof periodKinds)[number];

export type PeriodInput = Readonly<{
  kind: PeriodKind;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}>;

/** A half-open time range `[from, to)`. */
export type TimeRange = Readonly<{ from: Date; to: Date }>;

/** A custom range may span at most this many days (a year and a leap day). */
export const MAX_CUSTOM_SPAN_DAYS = 366;

const DAY_MS = 24 * 60 * 60 * 1000;

const startOfDay = (date: Date): Date =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

const daysBefore = (date: Date, days: number): Date => new Date(date.getTime() - days * DAY_MS);

const isValidDate = (date: Date | null | undefined): date is Date =>
  date instanceof Date && !Number.isNaN(date.getTime());

const customRange = (from: Date | null | undefined, to: Date | null | undefined): TimeRange => {
  if (!isValidDate(from) || !isValidDate(to)) {
    throw new ValidationError(
      'PeriodRangeMissing',
      'A custom period needs both "from" and "to" as valid dates',
    );
  }
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError('PeriodRangeInverted', 'A custom period needs "from" before "to"', {
      from: from.toISOString(),
      to: to.toISOString(),
    });
  }
  if (to.getTime() - from.getTime() > MAX_CUSTOM_SPAN_DAYS * DAY_MS) {
    throw new ValidationError(
      'PeriodRangeTooLong',
      `A custom period spans at most ${MAX_CUSTOM_SPAN_DAYS} days`,
      { maxDays: MAX_CUSTOM_SPAN_DAYS },
    );
  }
  return { from, to };
};

/**
 * The time range a period covers at `now`. "Last 7 days" is today and the 6 days before it,
 * so a report run at any hour covers 7 whole calendar days (ManageEngine, Entra's day buckets).
 */
export const resolvePeriod = (period: PeriodInput, now: Date): TimeRange => {
  const today = startOfDay(now);
  const tomorrow = daysBefore(today, -1);
  switch (period.kind) {
    case 'today':
      return { from: today, to: tomorrow };
    case 'yesterday':
      return { from: daysBefore(today, 1), to: today };
    case 'last7Days':
      return { from: daysBefore(today, 6), to: tomorrow };
    case 'last30Days':
      return { from: daysBefore(today, 29), to: tomorrow };
    case 'thisMonth':
      return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: tomorrow };
    case 'custom':
      return customRange(period.from, period.to);
  }
};
