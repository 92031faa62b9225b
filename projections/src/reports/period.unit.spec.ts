import { describe, expect, it } from 'vitest';
import { MAX_CUSTOM_SPAN_DAYS, resolvePeriod } from './period.js';

const now = new Date('2026-03-15T13:45:10.123Z');
const iso = (range: { from: Date; to: Date }) => [range.from.toISOString(), range.to.toISOString()];

describe('report periods at a fixed time', () => {
  it('covers whole UTC days, up to the end of today', () => {
    expect(iso(resolvePeriod({ kind: 'today' }, now))).toEqual([
      '2026-03-15T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
    ]);
    expect(iso(resolvePeriod({ kind: 'yesterday' }, now))).toEqual([
      '2026-03-14T00:00:00.000Z',
      '2026-03-15T00:00:00.000Z',
    ]);
    expect(iso(resolvePeriod({ kind: 'last7Days' }, now))).toEqual([
      '2026-03-09T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
    ]);
    expect(iso(resolvePeriod({ kind: 'last30Days' }, now))).toEqual([
      '2026-02-14T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
    ]);
    expect(iso(resolvePeriod({ kind: 'thisMonth' }, now))).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
    ]);
  });

  it('crosses month and year boundaries', () => {
    const newYear = new Date('2026-01-01T00:00:00.000Z');
    expect(iso(resolvePeriod({ kind: 'yesterday' }, newYear))).toEqual([
      '2025-12-31T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(iso(resolvePeriod({ kind: 'thisMonth' }, newYear))[0]).toBe('2026-01-01T00:00:00.000Z');
  });

  it('takes a custom range as given when it is valid', () => {
    const from = new Date('2026-01-01T08:00:00.000Z');
    const to = new Date('2026-02-01T08:00:00.000Z');
    expect(resolvePeriod({ kind: 'custom', from, to }, now)).toEqual({ from, to });
  });

  it.each([
    ['PeriodRangeMissing', {}],
    ['PeriodRangeMissing', { from: new Date('nope'), to: now }],
    ['PeriodRangeInverted', { from: now, to: now }],
    ['PeriodRangeInverted', { from: now, to: new Date('2026-03-01T00:00:00.000Z') }],
    [
      'PeriodRangeTooLong',
      { from: new Date(now.getTime() - (MAX_CUSTOM_SPAN_DAYS + 1) * 86_400_000), to: now },
    ],
  ])('refuses a custom range: %s', (reason, range) => {
    expect(() => resolvePeriod({ kind: 'custom', ...range }, now)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', reason }),
    );
  });
});
