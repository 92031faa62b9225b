import {
  createTenantSchema,
  handleCreateTenant,
  handleProvisionUser,
  parseInput,
  provisionUserSchema,
  type CommandMetadata,
  type ServiceDeps,
  type Tier,
} from '@resetline/domain';
import { temporaryPassword } from './temporaryPassword.js';

export type BootstrapInput = Readonly<{
  tenantId: string;
  name: string;
  tier: Tier;
  adminUsername: string;
  language?: 'en' | 'nl' | undefined;
}>;

export type BootstrapResult = Readonly<{
  tenantId: string;
  adminUserId: string;
  adminUsername: string;
  /** Exists only here: print it once; the admin must change it at first sign-in. */
  temporaryPassword: string;
}>;

/**
 * Creates a tenant and its first global administrator, acting as the system (the only actor
 * allowed to create tenants). The admin gets a one-time temporary password, stored only as an
 * argon2id hash and flagged to change at the next sign-in.
 */
export const bootstrapTenant = async (
  deps: ServiceDeps,
  input: BootstrapInput,
): Promise<BootstrapResult> => {
  const metadata: CommandMetadata = {
    now: deps.clock.now(),
    tenantId: input.tenantId,
    actor: { kind: 'system', id: 'tenant-cli' },
    correlationId: deps.random.uuidv7(),
  };
  const tenant = {
    tenantId: input.tenantId,
    name: input.name,
    tier: input.tier,
    language: input.language,
  };
  const secret = temporaryPassword(deps.random);
  const admin = {
    username: input.adminUsername,
    displayName: input.adminUsername,
    roles: ['globalAdmin'],
    initialPassword: secret,
    mustChangeAtNextSignIn: true,
    language: input.language,
  };
  // Both checked before the first write, so a bad admin name never leaves a tenant without admin.
  parseInput(createTenantSchema, tenant, 'InvalidTenant', 'tenant');
  parseInput(provisionUserSchema, admin, 'InvalidUser', 'administrator');
  await handleCreateTenant(deps, tenant, metadata);
  const created = await handleProvisionUser(deps, admin, metadata);
  return {
    tenantId: input.tenantId,
    adminUserId: created.userId,
    adminUsername: created.username,
    temporaryPassword: secret,
  };
};
