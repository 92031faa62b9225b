import { z } from 'zod';

export const lockoutPolicySchema = z
  .object({
    /** Failed sign-ins before the account locks (NIST: never more than 100). */
    threshold: z.number().int().min(1).max(100),
    /** First lockout duration; each further lockout doubles it up to maxDurationSeconds. */
    durationSeconds: z.number().int().min(5).max(86_400),
    maxDurationSeconds: z.number().int().min(5).max(7 * 86_400),
    /** Distinct recent wrong passwords remembered so repeating one does not count again. */
    rememberedBadPasswords: z.number().int().min(0).max(10),
  })
  .refine((p) => p.maxDurationSeconds >= p.durationSeconds, {
    message: 'maxDurationSeconds must be at least durationSeconds',
    path: ['maxDurationSeconds'],
  });
export type LockoutPolicy = z.infer<typeof lockoutPolicySchema>;

/** Entra smart lockout: 10 failures lock for 60 s, longer each time; last 3 bad passwords remembered. */
export const defaultLockoutPolicy: LockoutPolicy = {
  threshold: 10,
  durationSeconds: 60,
  maxDurationSeconds: 3_600,
  rememberedBadPasswords: 3,
};
