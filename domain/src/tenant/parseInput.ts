import type { z } from 'zod';
import { ValidationError } from '../core/index.js';

/** Parses input with a zod schema; the ValidationError names every bad field, never echoes a value. */
export const parseInput = <T>(
  schema: z.ZodType<T>,
  value: unknown,
  reason: string,
  label: string,
): T => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
  throw new ValidationError(
    reason,
    `Invalid ${label}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    { issues },
  );
};
