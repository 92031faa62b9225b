import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { codePointLength, passwordMaxLength } from './normalize.js';

/** Entra's limits on the custom banned password list. */
export const customBannedPasswordsMax = 1000;
export const customBannedTermMinLength = 4;
export const customBannedTermMaxLength = 16;

const customBannedTerm = z.string().superRefine((term, ctx) => {
  const length = codePointLength(term.normalize('NFKC').trim());
  if (length < customBannedTermMinLength || length > customBannedTermMaxLength) {
    ctx.addIssue({
      code: 'custom',
      message:
        `custom banned term "${term}" has ${length} characters; ` +
        `terms must be ${customBannedTermMinLength} to ${customBannedTermMaxLength} characters`,
    });
  }
});

export const passwordPolicySchema = z.strictObject({
  /** Code points. 8 is Entra's floor; NIST recommends 15 where the password is the only factor. */
  minLength: z.number().int().min(8).max(passwordMaxLength).default(8),
  /** Fixed at Entra's 256; present so clients can read the limit from the policy. */
  maxLength: z.literal(passwordMaxLength).default(passwordMaxLength),
  /**
   * Entra compatibility: demand 3 of lowercase, uppercase, digits, symbols. Weaker practice:
   * NIST SP 800-63B forbids composition rules, which push users to predictable patterns.
   */
  requireThreeOfFourClasses: z.boolean().default(false),
  /** How many previous passwords cannot be reused on change (Entra: the last one). */
  historyDepth: z.number().int().min(1).max(24).default(1),
  /** The global list of common passwords and Entra's scoring. */
  enableBannedPasswordCheck: z.boolean().default(true),
  /** Tenant terms (brands, places, products), matched like the global list when enforced. */
  customBannedPasswords: z.array(customBannedTerm).max(customBannedPasswordsMax).default([]),
  enforceCustomList: z.boolean().default(false),
});

export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;
export type PasswordPolicyInput = z.input<typeof passwordPolicySchema>;

export const defaultPasswordPolicy: PasswordPolicy = Object.freeze(
  passwordPolicySchema.parse({}),
) as PasswordPolicy;

/**
 * Validates a tenant's password policy, filling defaults. Throws a ValidationError
 * (`InvalidPasswordPolicy`) whose message names every bad field.
 */
export function parsePasswordPolicy(input: unknown): PasswordPolicy {
  const result = passwordPolicySchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(policy)',
    message: issue.message,
  }));
  throw new ValidationError(
    'InvalidPasswordPolicy',
    `Invalid password policy: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    { issues },
  );
}
