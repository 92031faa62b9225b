import { ValidationError } from '@resetline/domain';
import { periodKinds } from '@resetline/projections';
import { z } from 'zod';
import type { ReportArgs } from '../reports/reportCatalog.js';

const optionalDate = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .optional();

const querySchema = z.object({
  period: z.enum(periodKinds).default('last30Days'),
  from: optionalDate,
  to: optionalDate,
  asOf: optionalDate,
  user: z.string().max(256).optional(),
  actor: z.string().max(256).optional(),
  activity: z.string().max(256).optional(),
  method: z.string().max(64).optional(),
  result: z.enum(['success', 'failure']).optional(),
});

/** The report arguments of an export URL's query string; a bad one names the field. */
export const parseExportQuery = (query: unknown): ReportArgs => {
  const parsed = querySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new ValidationError('InvalidExportQuery', `Invalid export parameter(s): ${fields}`);
  }
  const q = parsed.data;
  return {
    period: { kind: q.period, from: q.from, to: q.to },
    filter: {
      user: q.user,
      actor: q.actor,
      activity: q.activity,
      method: q.method,
      result: q.result,
    },
    asOf: q.asOf,
  };
};
