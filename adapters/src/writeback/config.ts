import { ValidationError } from '@resetline/domain';
import { FilterParser } from 'ldapts';
import { z } from 'zod';
import { USERNAME_PLACEHOLDER } from './escape.js';

export type DirectoryKind = 'openldap' | 'activeDirectory';

const defaultUserFilters: Readonly<Record<DirectoryKind, string>> = {
  openldap: `(uid=${USERNAME_PLACEHOLDER})`,
  activeDirectory: `(sAMAccountName=${USERNAME_PLACEHOLDER})`,
};

const tlsOptionsSchema = z.strictObject({
  ca: z.union([z.string(), z.array(z.string())]).optional(),
  servername: z.string().min(1).optional(),
  rejectUnauthorized: z.boolean().optional(),
  minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).optional(),
});

const userFilterSchema = z
  .string()
  .refine((filter) => filter.includes(USERNAME_PLACEHOLDER), {
    message: `must contain the placeholder ${USERNAME_PLACEHOLDER}`,
  })
  .refine(isParsableFilter, { message: 'is not a valid LDAP filter (RFC 4515)' });

export const ldapWritebackConfigSchema = z
  .strictObject({
    kind: z.enum(['openldap', 'activeDirectory']),
    url: z
      .string()
      .regex(/^ldaps?:\/\/[^/?#\s]+\/?$/i, 'must be ldap://host[:port] or ldaps://host[:port]'),
    bindDn: z.string().min(1, 'must not be empty'),
    bindPassword: z.string().min(1, 'must not be empty'),
    baseDn: z.string().min(1, 'must not be empty'),
    userFilter: userFilterSchema.optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    tlsOptions: tlsOptionsSchema.optional(),
  })
  .refine((config) => config.kind !== 'activeDirectory' || /^ldaps:/i.test(config.url), {
    // AD refuses unicodePwd on a clear connection; refusing here gives the clearer message.
    message: 'Active Directory only accepts password changes over LDAPS: use an ldaps:// URL',
    path: ['url'],
  })
  .transform((config) => ({
    ...config,
    userFilter: config.userFilter ?? defaultUserFilters[config.kind],
  }));

/** What a tenant stores (before defaults). */
export type LdapWritebackConfigInput = z.input<typeof ldapWritebackConfigSchema>;
/** The validated configuration, defaults filled in. */
export type LdapWritebackConfig = z.output<typeof ldapWritebackConfigSchema>;

/**
 * Validates a tenant's directory configuration. The error names every bad field and never
 * repeats a value (the bind password is one of them).
 */
export function parseLdapWritebackConfig(input: unknown): LdapWritebackConfig {
  const result = ldapWritebackConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`,
  );
  throw new ValidationError(
    'InvalidDirectoryConfig',
    `Invalid directory writeback configuration: ${problems.join('; ')}`,
    { fields: result.error.issues.map((issue) => issue.path.join('.')) },
  );
}

function isParsableFilter(template: string): boolean {
  try {
    FilterParser.parseString(template.split(USERNAME_PLACEHOLDER).join('x'));
    return true;
  } catch {
    return false;
  }
}
