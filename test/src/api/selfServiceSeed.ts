import { randomUUID } from 'node:crypto';
import {
  handleCreateTenant,
  handleDisableUser,
  handleProvisionUser,
  handleUpdateLockoutPolicy,
  handleUpdateSsprPolicy,
  type CommandMetadata,
  type LockoutPolicy,
  type PolicyPatch,
  type ProvisionUserInput,
  type SsprPolicy,
  type Tier,
} from '@resetline/domain';
import type { TestServer } from '../support/resetlineServer.js';

/*
 * Test set-up straight through the domain services on the server's own deps (the admin API is
 * written separately); everything under test goes over HTTP.
 */

const asSystem = (server: TestServer, tenantId: string): CommandMetadata => ({
  now: server.services.deps.clock.now(),
  tenantId,
  actor: { kind: 'system', id: 'e2e-seed' },
  correlationId: randomUUID(),
});

/** A tenant with self-service reset on for everyone, email + mobile phone, one gate. */
export const seedTenant = async (
  server: TestServer,
  tenantId: string,
  options: Readonly<{
    tier?: Tier;
    sspr?: PolicyPatch<SsprPolicy>;
    lockout?: PolicyPatch<LockoutPolicy>;
  }> = {},
): Promise<string> => {
  const metadata = asSystem(server, tenantId);
  await handleCreateTenant(
    server.services.deps,
    { tenantId, name: 'Contoso', tier: options.tier ?? 'premium' },
    metadata,
  );
  await handleUpdateSsprPolicy(
    server.services.deps,
    { scope: 'all', requireRegistrationAtSignIn: false, ...options.sspr },
    asSystem(server, tenantId),
  );
  if (options.lockout) {
    await handleUpdateLockoutPolicy(
      server.services.deps,
      options.lockout,
      asSystem(server, tenantId),
    );
  }
  return tenantId;
};

export const updateSsprPolicy = (
  server: TestServer,
  tenantId: string,
  patch: PolicyPatch<SsprPolicy>,
) => handleUpdateSsprPolicy(server.services.deps, patch, asSystem(server, tenantId));

/** A user with a known password that need not be changed at first sign-in. */
export const seedUser = async (
  server: TestServer,
  tenantId: string,
  user: Readonly<{ username: string; password: string }> & Partial<ProvisionUserInput>,
): Promise<string> => {
  const { password, ...profile } = user;
  const { userId } = await handleProvisionUser(
    server.services.deps,
    {
      displayName: user.username,
      firstName: 'Pat',
      lastName: 'Jansen',
      mustChangeAtNextSignIn: false,
      ...profile,
      initialPassword: password,
    },
    asSystem(server, tenantId),
  );
  return userId;
};

export const disableUser = (server: TestServer, tenantId: string, userId: string) =>
  handleDisableUser(server.services.deps, userId, 'e2e', asSystem(server, tenantId));

/** Signs in over HTTP and returns the session token (throws with the error code otherwise). */
export const signIn = async (
  server: TestServer,
  tenant: string,
  username: string,
  password: string,
  ip = '203.0.113.10',
): Promise<string> => {
  const result = await server.graphql<{ signIn: { token: string } }>(
    'mutation($t: String!, $u: String!, $p: String!) { signIn(tenant: $t, username: $u, password: $p) { token } }',
    { t: tenant, u: username, p: password },
    { headers: { 'x-forwarded-for': ip } },
  );
  if (!result.data) throw new Error(`signIn failed: ${result.errors?.[0]?.extensions?.code}`);
  return result.data.signIn.token;
};
