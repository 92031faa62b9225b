import { z } from 'zod';

/**
 * A tenant's on-premises directory for password writeback. The domain checks the shape; the LDAP
 * adapter parses the same settings again (filter syntax) before it connects.
 */
export const directoryKindSchema = z.enum(['openldap', 'activeDirectory']);
export type DirectoryKind = z.infer<typeof directoryKindSchema>;

/** Where the escaped username goes in a user filter template (the adapter's placeholder). */
export const USERNAME_PLACEHOLDER = '{username}';

const MAX_TEXT = 1_000;
const text = () => z.string().min(1, 'must not be empty').max(MAX_TEXT);

export const directoryTlsSchema = z.strictObject({
  /** PEM of the CA (or bundle) that signed the directory's certificate. */
  ca: z.string().min(1).max(20_000).optional(),
  servername: z.string().min(1).max(255).optional(),
  rejectUnauthorized: z.boolean().optional(),
  minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).optional(),
});
export type DirectoryTls = z.infer<typeof directoryTlsSchema>;

const directoryFields = {
  kind: directoryKindSchema,
  url: z
    .string()
    .max(MAX_TEXT)
    .regex(/^ldaps?:\/\/[^/?#\s]+\/?$/i, 'must be ldap://host[:port] or ldaps://host[:port]'),
  bindDn: text(),
  baseDn: text(),
  userFilter: text()
    .refine((filter) => filter.includes(USERNAME_PLACEHOLDER), {
      message: `must contain the placeholder ${USERNAME_PLACEHOLDER}`,
    })
    .optional(),
  timeoutMs: z.number().int().min(100).max(60_000).optional(),
  tls: directoryTlsSchema.optional(),
};

// AD refuses unicodePwd on a clear connection: refusing the configuration gives the clearer message.
const adNeedsLdaps = (settings: { kind: DirectoryKind; url: string }) =>
  settings.kind !== 'activeDirectory' || /^ldaps:/i.test(settings.url);
const adNeedsLdapsIssue = {
  message: 'Active Directory only accepts password changes over LDAPS: use an ldaps:// URL',
  path: ['url'],
};

/** What a tenant's events hold: the bind secret only sealed with the server's secret box. */
export const directorySettingsSchema = z
  .strictObject({ ...directoryFields, sealedBindPassword: z.string().min(1) })
  .refine(adNeedsLdaps, adNeedsLdapsIssue);
export type DirectorySettings = z.infer<typeof directorySettingsSchema>;

/** What an administrator submits: the bind secret in clear, sealed before it reaches an event. */
export const configureDirectoryWritebackSchema = z
  .strictObject({
    ...directoryFields,
    bindPassword: z.string().min(1, 'must not be empty').max(MAX_TEXT),
  })
  .refine(adNeedsLdaps, adNeedsLdapsIssue);
export type ConfigureDirectoryWritebackInput = z.infer<typeof configureDirectoryWritebackSchema>;

/** The settings without the sealed secret: what an administrator may read back. */
export type DirectorySettingsView = Omit<DirectorySettings, 'sealedBindPassword'>;
export const withoutBindSecret = ({
  sealedBindPassword: _sealed,
  ...view
}: DirectorySettings): DirectorySettingsView => view;
