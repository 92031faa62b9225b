import {
  handleProvisionUser,
  loadActiveTenant,
  ResetlineError,
  type CommandMetadata,
  type ServiceDeps,
} from '@resetline/domain';
import { parseImportText, type ImportFormat } from './parseImportText.js';
import { validateImport, type PlannedRow, type RowError } from './validateImport.js';

export type ImportedRow = Readonly<{
  row: number;
  userId: string;
  username: string;
  created: boolean;
}>;
export type ImportOutcome = Readonly<{
  dryRun: boolean;
  rows: number;
  created: number;
  alreadyPresent: number;
  users: ImportedRow[];
  errors: RowError[];
}>;

/** Users written at once; the SQLite store group-commits concurrent appends. */
const APPEND_CONCURRENCY = 32;

const appendRow = async (
  deps: ServiceDeps,
  planned: PlannedRow,
  metadata: CommandMetadata,
): Promise<ImportedRow | RowError> => {
  if (planned.existingUserId) {
    return {
      row: planned.row,
      userId: planned.existingUserId,
      username: planned.user.username,
      created: false,
    };
  }
  try {
    const result = await handleProvisionUser(deps, planned.user, metadata);
    return { row: planned.row, userId: result.userId, username: result.username, created: true };
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
    return { row: planned.row, field: 'username', reason: error.reason, message: error.message };
  }
};

/**
 * Imports users all or nothing as far as validation goes: every row is checked (fields, unique
 * names in the file and in the tenant) before the first write, and one bad row refuses the file.
 * The event store has no transaction across streams, so the append phase cannot be atomic: if
 * it is interrupted (a crash, a name taken by a concurrent admin in the meantime), the rows
 * written so far stay. Running the same file again is safe and finishes the job: rows that
 * match an existing user exactly count as already present.
 */
export const importUsers = async (
  deps: ServiceDeps,
  input: Readonly<{ format: ImportFormat; data: string; dryRun: boolean }>,
  metadata: CommandMetadata,
): Promise<ImportOutcome> => {
  const rawRows = parseImportText(input.format, input.data);
  await loadActiveTenant(deps, metadata.tenantId);
  const plan = await validateImport(deps, metadata.tenantId, rawRows);
  const base = { dryRun: input.dryRun, rows: rawRows.length };
  if (plan.errors.length > 0 || input.dryRun) {
    return { ...base, created: 0, alreadyPresent: 0, users: [], errors: plan.errors };
  }
  const outcomes: (ImportedRow | RowError)[] = [];
  for (let i = 0; i < plan.rows.length; i += APPEND_CONCURRENCY) {
    const batch = plan.rows.slice(i, i + APPEND_CONCURRENCY);
    outcomes.push(...(await Promise.all(batch.map((row) => appendRow(deps, row, metadata)))));
    if (outcomes.some((o) => 'reason' in o)) break;
  }
  const users = outcomes.filter((o): o is ImportedRow => 'userId' in o);
  return {
    ...base,
    created: users.filter((u) => u.created).length,
    alreadyPresent: users.filter((u) => !u.created).length,
    users,
    errors: outcomes.filter((o): o is RowError => 'reason' in o),
  };
};
