import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import {
  handleCreateTenant,
  handleProvisionUser,
  type CommandMetadata,
  type Role,
} from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';

const PASSWORD = 'Lantern-Orchard-Violet-93';
const TENANT = 'adminco';

type UserPageBody = {
  nodes: { username: string }[];
  pageInfo: { endCursor: string; hasNextPage: boolean };
  totalCount: number;
};

const asSystem = (tenantId: string): CommandMetadata => ({
  now: new Date(),
  tenantId,
  actor: { kind: 'system', id: 'e2e' },
  correlationId: randomUUID(),
});

describe('the admin API', () => {
  let server: TestServer;
  let adminToken: string;
  let adminId: string;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions check the answers
  const gql = async <T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token = adminToken,
  ) => {
    const result = await server.graphql<T>(query, variables, { token });
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
  const provision = (username: string, roles: Role[] = ['user']) =>
    handleProvisionUser(
      server.services.deps,
      {
        username,
        displayName: username,
        roles,
        initialPassword: PASSWORD,
        mustChangeAtNextSignIn: false,
      },
      asSystem(TENANT),
    );
  const createUser = async (username: string, extra: Record<string, unknown> = {}) => {
    const r = await gql<{ createUser: { userId: string } }>(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { userId username ssprEnabled } }',
      { i: { username, displayName: `User ${username}`, ...extra } },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.createUser.userId;
  };

  beforeAll(async () => {
    server = await startTestServer();
    await handleCreateTenant(
      server.services.deps,
      { tenantId: TENANT, name: 'Admin Co', tier: 'premium' },
      asSystem(TENANT),
    );
    adminId = (await provision('root@adminco.test', ['globalAdmin'])).userId;
    adminToken = (await signIn('root@adminco.test', PASSWORD)).session!.token;
  });
  afterAll(async () => {
    // chDB may still be flushing parts when the directory is removed: retry the removal.
    await server
      ?.stop()
      .catch(() =>
        rmSync(server.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
      );
  });

  describe('users', () => {
    it('lists a created user at once, shows its detail, and refuses a taken username', async () => {
      const id = await createUser('ada@adminco.test', {
        firstName: 'Ada',
        groups: ['engineering'],
      });
      const list = await gql(
        '{ users(filter: { search: "ada@" }) { totalCount nodes { id username status roles groups } } }',
      );
      expect(list.data!.users).toEqual({
        totalCount: 1,
        nodes: [
          {
            id,
            username: 'ada@adminco.test',
            status: 'active',
            roles: ['user'],
            groups: ['engineering'],
          },
        ],
      });
      const detail = await gql(
        'query($id: ID!) { user(id: $id) { firstName hasPassword mustChangePassword lockedUntil securityInfo { method } } }',
        { id },
      );
      expect(detail.data!.user).toEqual({
        firstName: 'Ada',
        hasPassword: false,
        mustChangePassword: false,
        lockedUntil: null,
        securityInfo: [],
      });
      const again = await gql(
        'mutation { createUser(input: { username: "ADA@adminco.test", displayName: "Twin" }) { userId } }',
      );
      expect([again.code, again.reason]).toEqual(['CONFLICT', 'UsernameTaken']);
    });

    it('refuses invalid input with BAD_USER_INPUT naming the field', async () => {
      const r = await gql(
        'mutation { createUser(input: { username: "x@adminco.test", displayName: "   " }) { userId } }',
      );
      expect(r.code).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toMatch(/displayName/);
      const page = await gql('{ users(first: 0) { totalCount } }');
      expect([page.code, page.reason]).toEqual(['BAD_USER_INPUT', 'InvalidPageSize']);
    });

    it('updates, disables, enables and deletes a user, and the list follows each step', async () => {
      const id = await createUser('bob@adminco.test');
      const statusOf = async () =>
        (await gql('{ users(filter: { search: "bob@" }) { nodes { status displayName } } }')).data!
          .users.nodes;
      const update = await gql(
        'mutation($id: ID!) { updateUser(id: $id, changes: { displayName: "Robert" }) { changed status } }',
        { id },
      );
      expect(update.data!.updateUser).toEqual({ changed: true, status: 'active' });
      expect(await statusOf()).toEqual([{ status: 'active', displayName: 'Robert' }]);

      expect(
        (
          await gql('mutation($id: ID!) { disableUser(id: $id, reason: "left") { status } }', {
            id,
          })
        ).data!.disableUser.status,
      ).toBe('disabled');
      expect(await statusOf()).toEqual([{ status: 'disabled', displayName: 'Robert' }]);
      const disabledOnly = await gql('{ users(filter: { status: disabled }) { nodes { id } } }');
      expect(disabledOnly.data!.users.nodes).toEqual([{ id }]);
      const twice = await gql('mutation($id: ID!) { disableUser(id: $id) { changed } }', { id });
      expect(twice.data!.disableUser.changed).toBe(false);

      expect(
        (await gql('mutation($id: ID!) { enableUser(id: $id) { status } }', { id })).data!
          .enableUser.status,
      ).toBe('active');
      expect(
        (await gql('mutation($id: ID!) { deleteUser(id: $id) { status } }', { id })).data!
          .deleteUser.status,
      ).toBe('deleted');
      expect(await statusOf()).toEqual([]);
      const gone = await gql('query($id: ID!) { user(id: $id) { id } }', { id });
      expect([gone.code, gone.reason]).toEqual(['NOT_FOUND', 'UserNotFound']);
      const reuse = await gql(
        'mutation { createUser(input: { username: "bob@adminco.test", displayName: "New Bob" }) { userId } }',
      );
      expect(reuse.code).toBe('CONFLICT');
    });

    it('answers unknown ids with NOT_FOUND and malformed ones with BAD_USER_INPUT', async () => {
      const unknown = await gql(
        'mutation { updateUser(id: "0190aaaa-0000-7000-8000-000000000000", changes: { displayName: "X" }) { changed } }',
      );
      expect(unknown.code).toBe('NOT_FOUND');
      const malformed = await gql('query { user(id: "../tenant-adminco") { id } }');
      expect([malformed.code, malformed.reason]).toEqual(['BAD_USER_INPUT', 'InvalidId']);
    });

    it("ends a disabled user's sessions at once", async () => {
      const { userId } = await provision('sessions@adminco.test');
      const token = (await signIn('sessions@adminco.test', PASSWORD)).session!.token;
      expect((await gql('{ me { __typename } }', undefined, token)).code).toBeUndefined();
      await gql('mutation($id: ID!) { disableUser(id: $id) { status } }', { id: userId });
      const after = await gql('{ me { __typename } }', undefined, token);
      expect([after.code, after.reason]).toEqual(['UNAUTHENTICATED', 'SessionRevoked']);
    });

    it('refuses to let an admin disable or delete their own account', async () => {
      const r = await gql('mutation($id: ID!) { disableUser(id: $id) { status } }', {
        id: adminId,
      });
      expect([r.code, r.reason]).toEqual(['FORBIDDEN', 'CannotActOnSelf']);
    });

    it('pages through users by username with cursors', async () => {
      for (const name of ['page-c', 'page-a', 'page-e', 'page-b', 'page-d'])
        await createUser(`${name}@adminco.test`);
      const names: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const r: { data: { users: UserPageBody } | null } = await gql<{ users: UserPageBody }>(
          'query($after: String) { users(filter: { search: "page-" }, first: 2, after: $after) { totalCount nodes { username } pageInfo { endCursor hasNextPage } } }',
          { after },
        );
        const page: UserPageBody = r.data!.users;
        expect(page.totalCount).toBe(5);
        names.push(...page.nodes.map((n) => n.username.slice(0, 6)));
        pages++;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(names).toEqual(['page-a', 'page-b', 'page-c', 'page-d', 'page-e']);
      expect(pages).toBe(3);
      const forged = await gql('{ users(after: "not a cursor!") { totalCount } }');
      expect(forged.reason).toBe('InvalidCursor');
    });
  });

  describe('tenant and policies', () => {
    it('reads the tenant and its policy', async () => {
      const r = await gql(
        '{ tenant { id name tier } policy { version tier sspr { scope gatesRequired } lockout { threshold } } }',
      );
      expect(r.data).toEqual({
        tenant: { id: TENANT, name: 'Admin Co', tier: 'premium' },
        policy: {
          version: 1,
          tier: 'premium',
          sspr: { scope: 'none', gatesRequired: 1 },
          lockout: { threshold: 10 },
        },
      });
    });

    it('patches the SSPR policy (nested fields too), keeps the old one readable with policyAt, and refuses invalid values', async () => {
      const before = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      const r = await gql(
        'mutation { updateSsprPolicy(patch: { scope: "all", securityQuestions: { toRegister: 4 } }) { changed policy { version sspr { scope securityQuestions { toRegister toAnswer } } } } }',
      );
      expect(r.data!.updateSsprPolicy).toEqual({
        changed: true,
        policy: {
          version: 2,
          sspr: { scope: 'all', securityQuestions: { toRegister: 4, toAnswer: 3 } },
        },
      });
      const same = await gql('mutation { updateSsprPolicy(patch: { scope: "all" }) { changed } }');
      expect(same.data!.updateSsprPolicy.changed).toBe(false);
      const past = await gql(
        'query($t: DateTimeISO!) { policyAt(time: $t) { version sspr { scope } } }',
        { t: before },
      );
      expect(past.data!.policyAt).toEqual({ version: 1, sspr: { scope: 'none' } });
      const beforeTenant = await gql('{ policyAt(time: "2000-01-01T00:00:00Z") { version } }');
      expect(beforeTenant.data!.policyAt).toBeNull();
      const bad = await gql(
        'mutation { updateSsprPolicy(patch: { gatesRequired: 3 }) { changed } }',
      );
      expect([bad.code, bad.reason]).toEqual(['BAD_USER_INPUT', 'InvalidSsprPolicy']);
    });

    it('patches the password and lockout policies', async () => {
      const pw = await gql(
        'mutation { updatePasswordPolicy(patch: { minLength: 12 }) { policy { password { minLength historyDepth } } } }',
      );
      expect(pw.data!.updatePasswordPolicy.policy.password).toEqual({
        minLength: 12,
        historyDepth: 1,
      });
      const tooShort = await gql(
        'mutation { updatePasswordPolicy(patch: { minLength: 4 }) { changed } }',
      );
      expect(tooShort.code).toBe('BAD_USER_INPUT');
      const lock = await gql(
        'mutation { updateLockoutPolicy(patch: { threshold: 5 }) { policy { lockout { threshold durationSeconds } } } }',
      );
      expect(lock.data!.updateLockoutPolicy.policy.lockout).toEqual({
        threshold: 5,
        durationSeconds: 60,
      });
    });

    it('patches the audit policy without a new policy version, and refuses a non-globalAdmin', async () => {
      const before = (await gql('{ policy { version audit { retentionDays legalHold } } }')).data!
        .policy;
      expect(before.audit).toEqual({ retentionDays: 365, legalHold: false });
      const r = await gql(
        'mutation { updateAuditPolicy(patch: { retentionDays: 90, legalHold: true }) { changed policy { version audit { retentionDays legalHold } } } }',
      );
      expect(r.data!.updateAuditPolicy).toEqual({
        changed: true,
        policy: { version: before.version, audit: { retentionDays: 90, legalHold: true } },
      });
      const same = await gql(
        'mutation { updateAuditPolicy(patch: { legalHold: true }) { changed } }',
      );
      expect(same.data!.updateAuditPolicy.changed).toBe(false);
      const tooShort = await gql(
        'mutation { updateAuditPolicy(patch: { retentionDays: 6 }) { changed } }',
      );
      expect([tooShort.code, tooShort.reason]).toEqual(['BAD_USER_INPUT', 'InvalidAuditPolicy']);
      expect(tooShort.errors![0]!.message).toMatch(/retentionDays/);

      await provision('helpdesk@adminco.test', ['passwordAdmin']);
      const helpdesk = (await signIn('helpdesk@adminco.test', PASSWORD)).session!.token;
      const refused = await gql(
        'mutation { updateAuditPolicy(patch: { legalHold: false }) { changed } }',
        undefined,
        helpdesk,
      );
      expect([refused.code, refused.reason]).toEqual(['FORBIDDEN', 'RoleRequired']);
      expect((await gql('{ policy { audit { legalHold } } }')).data!.policy.audit).toEqual({
        legalHold: true,
      });
    });

    it('changes the tier; a downgrade from premium switches writeback off', async () => {
      await gql('mutation { updateSsprPolicy(patch: { writebackEnabled: true }) { changed } }');
      const down = await gql('mutation { setTenantTier(tier: basic) { changed tenant { tier } } }');
      expect(down.data!.setTenantTier).toEqual({ changed: true, tenant: { tier: 'basic' } });
      expect(
        (await gql('{ policy { sspr { writebackEnabled } } }')).data!.policy.sspr.writebackEnabled,
      ).toBe(false);
      const bad = await gql('mutation { setTenantTier(tier: gold) { changed } }');
      expect(bad.code).toBe('GRAPHQL_VALIDATION_FAILED');
      await gql('mutation { setTenantTier(tier: premium) { changed } }');
    });
  });
});
