import type { z } from 'zod';
import { ValidationError } from '../core/index.js';
import { parseInput } from './parseInput.js';

/** A partial policy: nested objects (securityQuestions, helpdesk) may be partial too. */
export type PolicyPatch<P> = {
  [K in keyof P]?: P[K] extends readonly unknown[]
    ? P[K]
    : P[K] extends object
      ? Partial<P[K]>
      : P[K];
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Merges a patch over the current policy, one level deep into nested objects; arrays replace.
 * A key the policy does not have is refused, so a typo never passes silently.
 */
export const mergePolicyPatch = <P extends object>(
  current: P,
  patch: PolicyPatch<P>,
  label: string,
): unknown => {
  const known = new Set(Object.keys(current));
  const merged: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (!known.has(key)) {
      throw new ValidationError('UnknownPolicyField', `${label} has no field "${key}"`, {
        field: key,
      });
    }
    if (value === undefined) continue;
    const before = merged[key];
    merged[key] = isPlainObject(before) && isPlainObject(value) ? { ...before, ...value } : value;
  }
  return merged;
};

/** Validates a merged policy; the error names every bad field. */
export const parsePolicy = <P>(
  schema: z.ZodType<P>,
  value: unknown,
  reason: string,
  label: string,
): P => parseInput(schema, value, reason, label);

/** Dotted paths of the leaves that differ (`securityQuestions.toRegister`), in key order. */
export const changedFields = (previous: unknown, next: unknown, prefix = ''): string[] => {
  if (isPlainObject(previous) && isPlainObject(next)) {
    const keys = [...new Set([...Object.keys(previous), ...Object.keys(next)])];
    return keys.flatMap((key) =>
      changedFields(previous[key], next[key], prefix ? `${prefix}.${key}` : key),
    );
  }
  return JSON.stringify(previous) === JSON.stringify(next) ? [] : [prefix || '(policy)'];
};
