import {
  ForbiddenError,
  handleCommand,
  loadStream,
  NotFoundError,
  type CommandMetadata,
  type ServiceDeps,
} from '../core/index.js';
import type { PasswordPolicy } from '../password/index.js';
import type { AuditPolicy, LockoutPolicy, SsprPolicy, Tier } from '../policy/index.js';
import type { ActingAdmin } from '../user/businessLogic.js';
import { resolveActingAdmin } from '../user/acting.js';
import {
  changeTenantTierSchema,
  createTenant,
  createTenantSchema,
  decideTenant,
  updateBrandingSchema,
  type TenantCommand,
} from './businessLogic.js';
import { configureDirectoryWritebackSchema } from './directory.js';
import { parseInput } from './parseInput.js';
import type { PolicyPatch } from './policyPatch.js';
import {
  evolveTenant,
  initialTenantState,
  tenantStreamId,
  type ActiveTenant,
  type TenantEvent,
  type TenantState,
} from './tenant.js';

const tenantFold = { evolve: evolveTenant, initialState: initialTenantState };

export type TenantResult = Readonly<{ changed: boolean; tenant: ActiveTenant }>;

/** Tenant settings are a global administrator's (or the system's, at bootstrap). */
const assertGlobalAdmin = (acting: ActingAdmin): void => {
  if (acting.kind === 'admin' && !acting.roles.includes('globalAdmin')) {
    throw new ForbiddenError(
      'GlobalAdminOnly',
      'Only a global administrator changes tenant settings',
    );
  }
};

const decideAndAppend = async (
  deps: ServiceDeps,
  metadata: CommandMetadata,
  decide: (state: TenantState) => TenantEvent[],
): Promise<TenantResult> => {
  const streamId = tenantStreamId(metadata.tenantId);
  const { state, newEvents } = await handleCommand(deps, streamId, tenantFold, metadata, decide);
  return { changed: newEvents.length > 0, tenant: state as ActiveTenant };
};

const runTenantCommand = async (
  deps: ServiceDeps,
  command: TenantCommand,
): Promise<TenantResult> => {
  const acting = await resolveActingAdmin(deps.eventStore, command.metadata);
  assertGlobalAdmin(acting);
  return decideAndAppend(deps, command.metadata, (state) => decideTenant(command, state));
};

/** Only the system creates tenants (the bootstrap CLI); their first admin is provisioned next. */
export const handleCreateTenant = async (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
): Promise<TenantResult> => {
  const data = parseInput(createTenantSchema, input, 'InvalidTenant', 'tenant');
  if (metadata.actor.kind !== 'system')
    throw new ForbiddenError('SystemOnly', 'Tenants are created by the system');
  return decideAndAppend(deps, metadata, (state) =>
    createTenant({ type: 'CreateTenant', data, metadata }, state),
  );
};

export const handleChangeTenantTier = (
  deps: ServiceDeps,
  input: { tier: Tier },
  metadata: CommandMetadata,
) =>
  runTenantCommand(deps, {
    type: 'ChangeTenantTier',
    data: parseInput(changeTenantTierSchema, input, 'InvalidTier', 'tier'),
    metadata,
  });

export const handleUpdateSsprPolicy = (
  deps: ServiceDeps,
  patch: PolicyPatch<SsprPolicy>,
  metadata: CommandMetadata,
) => runTenantCommand(deps, { type: 'UpdateSsprPolicy', data: { patch }, metadata });

export const handleUpdatePasswordPolicy = (
  deps: ServiceDeps,
  patch: PolicyPatch<PasswordPolicy>,
  metadata: CommandMetadata,
) => runTenantCommand(deps, { type: 'UpdatePasswordPolicy', data: { patch }, metadata });

export const handleUpdateLockoutPolicy = (
  deps: ServiceDeps,
  patch: PolicyPatch<LockoutPolicy>,
  metadata: CommandMetadata,
) => runTenantCommand(deps, { type: 'UpdateLockoutPolicy', data: { patch }, metadata });

export const handleUpdateAuditPolicy = (
  deps: ServiceDeps,
  patch: PolicyPatch<AuditPolicy>,
  metadata: CommandMetadata,
) => runTenantCommand(deps, { type: 'UpdateAuditPolicy', data: { patch }, metadata });

export const handleUpdateBranding = (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
) =>
  runTenantCommand(deps, {
    type: 'UpdateBranding',
    data: parseInput(updateBrandingSchema, input, 'InvalidBranding', 'branding'),
    metadata,
  });

/**
 * Stores the tenant's directory for password writeback. The bind secret is sealed here, before
 * the decider or any event sees it; validation errors name fields and never echo a value.
 */
export const handleConfigureDirectoryWriteback = async (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
): Promise<TenantResult> => {
  const { bindPassword, ...settings } = parseInput(
    configureDirectoryWritebackSchema,
    input,
    'InvalidDirectoryConfig',
    'directory writeback configuration',
  );
  const directory = { ...settings, sealedBindPassword: deps.secretBox.seal(bindPassword) };
  return runTenantCommand(deps, {
    type: 'ConfigureDirectoryWriteback',
    data: { directory },
    metadata,
  });
};

export const handleRemoveDirectoryWriteback = (deps: ServiceDeps, metadata: CommandMetadata) =>
  runTenantCommand(deps, { type: 'RemoveDirectoryWriteback', data: {}, metadata });

/** The tenant as it is now, or null when it does not exist. */
export const getTenant = async (
  deps: Pick<ServiceDeps, 'eventStore'>,
  tenantId: string,
): Promise<ActiveTenant | null> => {
  const { state } = await loadStream(deps.eventStore, tenantStreamId(tenantId), tenantFold);
  return state.status === 'active' ? state : null;
};

export const loadActiveTenant = async (
  deps: Pick<ServiceDeps, 'eventStore'>,
  tenantId: string,
): Promise<ActiveTenant> => {
  const tenant = await getTenant(deps, tenantId);
  if (!tenant) throw new NotFoundError('TenantNotFound', `Tenant ${tenantId} does not exist`);
  return tenant;
};

/**
 * The tenant's tier and policies as they were at `time` (events up to and including it), or null
 * when the tenant did not exist yet: what an audit of a past decision needs.
 */
export const policyAt = async (
  deps: Pick<ServiceDeps, 'eventStore'>,
  tenantId: string,
  time: Date,
): Promise<ActiveTenant | null> => {
  const events = await deps.eventStore.readStream(tenantStreamId(tenantId));
  const state = events
    .filter((e) => e.occurredAt.getTime() <= time.getTime())
    .reduce((s, e) => evolveTenant(s, e as unknown as TenantEvent), initialTenantState());
  return state.status === 'active' ? state : null;
};
