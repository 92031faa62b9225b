import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  handleCreateTenant,
  handleProvisionUser,
  type CommandMetadata,
  type Role,
} from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';

const PASSWORD = 'Lantern-Orchard-Violet-93';
const TENANT = 'resetco';

const asSystem = (tenantId: string): CommandMetadata => ({
  now: new Date(),
  tenantId,
  actor: { kind: 'system', id: 'e2e' },
  correlationId: randomUUID(),
});

describe('admin reset, unlock and security info', () => {
  let server: TestServer;
  let adminToken: string;

  const gql = async (query: string, variables?: Record<string, unknown>, token = adminToken) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions check the answers
    const result = await server.graphql<Record<string, any>>(query, variables, { token });
    return {
      ...result,
      code: result.errors?.[0]?.extensions?.code,
      reason: result.errors?.[0]?.extensions?.reason,
    };
  };
  const signIn = async (username: string, password: string) => {
    const r = await server.graphql<{ signIn: { token: string; mustChangePassword: boolean } }>(
      'mutation($t: String!, $u: String!, $p: String!) { signIn(tenant: $t, username: $u, password: $p) { token mustChangePassword } }',
      { t: TENANT, u: username, p: password },
    );
    return { session: r.data?.signIn, code: r.errors?.[0]?.extensions?.code };
  };
  const provision = async (username: string, roles: Role[] = ['user']) =>
    (
      await handleProvisionUser(
        server.services.deps,
        {
          username,
          displayName: username,
          roles,
          initialPassword: PASSWORD,
          mustChangeAtNextSignIn: false,
        },
        asSystem(TENANT),
      )
    ).userId;
  const resetMutation =
    'mutation($id: ID!) { adminResetPassword(userId: $id) { userId mode temporaryPassword } }';

  beforeAll(async () => {
    server = await startTestServer();
    await handleCreateTenant(
      server.services.deps,
      { tenantId: TENANT, name: 'Reset Co', tier: 'premium' },
      asSystem(TENANT),
    );
    await provision('root@resetco.test', ['globalAdmin']);
    adminToken = (await signIn('root@resetco.test', PASSWORD)).session!.token;
  });
  afterAll(async () => {
    // chDB may still be flushing parts when the directory is removed: retry the removal.
    await server
      ?.stop()
      .catch(() =>
        rmSync(server.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
      );
  });

  it('by default sends the user a reset and shows the admin no password', async () => {
    const id = await provision('dora@resetco.test');
    const r = await gql(resetMutation, { id });
    expect(r.data!.adminResetPassword).toEqual({
      userId: id,
      mode: 'invitationSent',
      temporaryPassword: null,
    });
    const history = await gql('query($id: ID!) { userHistory(userId: $id) { type actorKind } }', {
      id,
    });
    expect(history.data!.userHistory.at(-1)).toEqual({
      type: 'AdminResetRequested',
      actorKind: 'admin',
    });
    expect((await signIn('dora@resetco.test', PASSWORD)).session).toBeDefined();
  });

  it('under the opt-in policy shows a temporary password once, ends old sessions, and keeps it out of every later answer', async () => {
    const id = await provision('erin@resetco.test');
    const oldToken = (await signIn('erin@resetco.test', PASSWORD)).session!.token;
    expect((await gql('{ me { __typename } }', undefined, oldToken)).code).not.toBe(
      'UNAUTHENTICATED',
    );
    await gql('mutation { updateSsprPolicy(patch: { adminTemporaryPassword: true }) { changed } }');

    const r = await gql(resetMutation, { id });
    const { mode, temporaryPassword } = r.data!.adminResetPassword;
    expect(mode).toBe('temporaryPassword');
    expect(temporaryPassword).toMatch(/^.{16,}$/);

    const stale = await gql('{ me { __typename } }', undefined, oldToken);
    expect([stale.code, stale.reason]).toEqual(['UNAUTHENTICATED', 'SessionRevoked']);
    expect((await signIn('erin@resetco.test', PASSWORD)).code).toBe('UNAUTHENTICATED');
    const fresh = await signIn('erin@resetco.test', temporaryPassword);
    expect(fresh.session!.mustChangePassword).toBe(true);

    const later = await gql(
      'query($id: ID!) { user(id: $id) { mustChangePassword hasPassword } userHistory(userId: $id) { type data } }',
      { id },
    );
    expect(later.data!.user).toEqual({ mustChangePassword: true, hasPassword: true });
    const reset = later.data!.userHistory.find(
      (e: { type: string }) => e.type === 'PasswordResetByAdmin',
    );
    expect(reset.data).toEqual({ temporary: true, mustChangeAtNextSignIn: true });
    const everything = JSON.stringify(later.data);
    expect(everything).not.toContain(temporaryPassword);
    expect(everything).not.toMatch(/argon2|"hash"/);

    const second = await gql(resetMutation, { id });
    expect(second.data!.adminResetPassword.temporaryPassword).not.toBe(temporaryPassword);
    await gql(
      'mutation { updateSsprPolicy(patch: { adminTemporaryPassword: false }) { changed } }',
    );
  });

  it('refuses an admin resetting their own password', async () => {
    const me = (await gql('{ users(filter: { search: "root@" }) { nodes { id } } }')).data!.users
      .nodes[0].id;
    const r = await gql(resetMutation, { id: me });
    expect([r.code, r.reason]).toEqual(['FORBIDDEN', 'OwnPassword']);
  });

  it('unlocks an account that smart lockout locked', async () => {
    await gql('mutation { updateLockoutPolicy(patch: { threshold: 3 }) { changed } }');
    const id = await provision('finn@resetco.test');
    for (const wrong of ['Wrong-Guess-One-11', 'Wrong-Guess-Two-22', 'Wrong-Guess-Three-33']) {
      expect((await signIn('finn@resetco.test', wrong)).code).toBe('UNAUTHENTICATED');
    }
    const locked = await gql('query($id: ID!) { user(id: $id) { lockedUntil } }', { id });
    expect(locked.data!.user.lockedUntil).not.toBeNull();
    expect((await signIn('finn@resetco.test', PASSWORD)).code).toBe('UNAUTHENTICATED');

    const r = await gql('mutation($id: ID!) { adminUnlockAccount(userId: $id) { userId } }', {
      id,
    });
    expect(r.data!.adminUnlockAccount).toEqual({ userId: id });
    expect(
      (await gql('query($id: ID!) { user(id: $id) { lockedUntil } }', { id })).data!.user
        .lockedUntil,
    ).toBeNull();
    expect((await signIn('finn@resetco.test', PASSWORD)).session).toBeDefined();
  });

  it('requires re-registration and revokes security info', async () => {
    const id = await provision('gail@resetco.test');
    const r = await gql('mutation($id: ID!) { requireReregistration(userId: $id) { changed } }', {
      id,
    });
    expect(r.data!.requireReregistration.changed).toBe(true);
    expect(
      (await gql('query($id: ID!) { user(id: $id) { reregistrationRequired } }', { id })).data!.user
        .reregistrationRequired,
    ).toBe(true);
    const none = await gql(
      'mutation($id: ID!) { revokeSecurityInfo(userId: $id, methodId: "m-1") { changed } }',
      { id },
    );
    expect([none.code, none.reason]).toEqual(['NOT_FOUND', 'SecurityInfoNotFound']);
    const all = await gql('mutation($id: ID!) { revokeSecurityInfo(userId: $id) { changed } }', {
      id,
    });
    expect(all.data!.revokeSecurityInfo.changed).toBe(false);
  });

  it('counts adminResetPassword as a sensitive mutation: one per operation', async () => {
    const a = await provision('hank@resetco.test');
    const r = await gql(
      `mutation { a: adminResetPassword(userId: "${a}") { mode } b: adminResetPassword(userId: "${a}") { mode } }`,
    );
    expect(r.status).toBe(400);
    expect(r.errors![0]!.message).toMatch(/one sensitive mutation/);
  });

  it('shows a redacted history: no hash of the initial password', async () => {
    const id = await provision('ivy@resetco.test');
    const r = await gql('query($id: ID!) { userHistory(userId: $id) { type data } }', { id });
    expect(r.data!.userHistory.map((e: { type: string }) => e.type)).toEqual([
      'UserProvisioned',
      'InitialPasswordSet',
    ]);
    expect(r.data!.userHistory[1].data).toEqual({ mustChangeAtNextSignIn: false });
  });
});
