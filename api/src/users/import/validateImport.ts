import {
  findUserByUsername,
  normalizeUsername,
  provisionUserSchema,
  usernameStreamId,
  type ExistingUser,
  type ServiceDeps,
} from '@resetline/domain';
import type { RawRow } from './parseImportText.js';

/** A row as the domain's provisioning takes it (admins never set passwords in an import). */
const importRowSchema = provisionUserSchema
  .omit({ initialPassword: true, mustChangeAtNextSignIn: true })
  .strict();
export type ImportRow = ReturnType<typeof importRowSchema.parse>;

export type RowError = Readonly<{ row: number; field: string; reason: string; message: string }>;
export type PlannedRow = Readonly<{ row: number; user: ImportRow; existingUserId?: string }>;
export type ImportPlan = Readonly<{ rows: PlannedRow[]; errors: RowError[] }>;

const sameProfile = (row: ImportRow, user: ExistingUser): boolean =>
  JSON.stringify([
    row.username,
    row.displayName,
    row.firstName,
    row.lastName,
    row.source,
    [...row.roles].sort(),
    [...row.groups].sort(),
    row.language,
  ]) ===
  JSON.stringify([
    user.username,
    user.displayName,
    user.firstName,
    user.lastName,
    user.source,
    [...user.roles].sort(),
    [...user.groups].sort(),
    user.language,
  ]);

/** Where a valid row stands in the tenant: new, already imported (a re-run), or a clash. */
const checkAgainstTenant = async (
  deps: ServiceDeps,
  tenantId: string,
  planned: PlannedRow,
): Promise<PlannedRow | RowError> => {
  const { username } = planned.user;
  const reservation = await deps.eventStore.readStream(usernameStreamId(tenantId, username), {
    maxCount: 1,
  });
  if (reservation.length === 0) return planned;
  const holder = await findUserByUsername(deps, tenantId, username);
  if (holder && sameProfile(planned.user, holder))
    return { ...planned, existingUserId: holder.userId };
  return {
    row: planned.row,
    field: 'username',
    reason: 'UsernameTaken',
    message: holder
      ? `The username ${username} is already taken in this tenant`
      : `The username ${username} is reserved (held by a deleted or unfinished account)`,
  };
};

/**
 * Validates every row before anything is written: the field rules, unique usernames within the
 * file, and usernames against the tenant. A row identical to an existing user is not an error:
 * it was imported by an earlier run of the same file, which makes a re-run finish the job.
 */
export const validateImport = async (
  deps: ServiceDeps,
  tenantId: string,
  rawRows: readonly RawRow[],
): Promise<ImportPlan> => {
  const errors: RowError[] = [];
  const valid: PlannedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, fields } of rawRows) {
    const parsed = importRowSchema.safeParse(fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.') || '(row)';
        errors.push({ row, field, reason: 'InvalidUser', message: `${field}: ${issue.message}` });
      }
      continue;
    }
    const key = normalizeUsername(parsed.data.username);
    const earlier = firstRowOf.get(key);
    if (earlier !== undefined) {
      errors.push({
        row,
        field: 'username',
        reason: 'DuplicateInFile',
        message: `The username ${parsed.data.username} also appears in row ${earlier}`,
      });
      continue;
    }
    firstRowOf.set(key, row);
    valid.push({ row, user: parsed.data });
  }
  const rows: PlannedRow[] = [];
  for (const planned of valid) {
    const checked = await checkAgainstTenant(deps, tenantId, planned);
    if ('user' in checked) rows.push(checked);
    else errors.push(checked);
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors };
};
