import { z } from 'zod';

export const auditPolicySchema = z.object({
  /** Days audit records and report rows are kept; the pruning applies to existing rows too. */
  retentionDays: z.number().int().min(7).max(3_650),
  /** While on, nothing is deleted for the tenant whatever its retention. */
  legalHold: z.boolean(),
});
export type AuditPolicy = z.infer<typeof auditPolicySchema>;

/** A year of audit history, no legal hold. */
export const defaultAuditPolicy: AuditPolicy = {
  retentionDays: 365,
  legalHold: false,
};
