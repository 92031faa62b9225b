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

const asSystem = (tenantId: string): CommandMetadata => ({
  now: new Date(),
  tenantId,
  actor: { kind: 'system', id: 'e2e' },
  correlationId: randomUUID(),
});

type Who = 'globalAdmin' | 'passwordAdmin' | 'reportsReader' | 'auditReader' | 'user';
const everyone: readonly Who[] = [
  'globalAdmin',
  'passwordAdmin',
  'reportsReader',
  'auditReader',
  'user',
];

describe('the role matrix and tenant isolation', () => {
  let server: TestServer;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Who | 'target' | 'otherAdmin' | 'foreignUser', string>;
  let foreignAdminToken: string;

  const gql = async (
    query: string,
    variables: Record<string, unknown> | undefined,
    token: string | undefined,
  ) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions check the answers
    const result = await server.graphql<Record<string, any>>(
      query,
      variables,
      token ? { token } : {},
    );
    return {
      ...result,
      code: result.errors?.[0]?.extensions?.code,
      reason: result.errors?.[0]?.extensions?.reason,
    };
  };
  const provision = async (tenantId: string, username: string, roles: Role[]) =>
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
        asSystem(tenantId),
      )
    ).userId;
  const signIn = async (tenant: string, username: string) => {
    const r = await server.graphql<{ signIn: { token: string } }>(
      'mutation($t: String!, $u: String!, $p: String!) { signIn(tenant: $t, username: $u, password: $p) { token } }',
      { t: tenant, u: username, p: PASSWORD },
    );
    return r.data!.signIn.token;
  };

  beforeAll(async () => {
    server = await startTestServer();
    for (const [tenantId, name] of [
      ['rolesco', 'Roles Co'],
      ['otherco', 'Other Co'],
    ] as const) {
      await handleCreateTenant(
        server.services.deps,
        { tenantId, name, tier: 'premium' },
        asSystem(tenantId),
      );
    }
    for (const who of everyone) {
      ids[who] = await provision('rolesco', `${who}@rolesco.test`, [who]);
      tokens[who] = await signIn('rolesco', `${who}@rolesco.test`);
    }
    ids.target = await provision('rolesco', 'target@rolesco.test', ['user']);
    ids.otherAdmin = await provision('rolesco', 'second-admin@rolesco.test', ['globalAdmin']);
    await provision('otherco', 'admin@otherco.test', ['globalAdmin']);
    ids.foreignUser = await provision('otherco', 'someone@otherco.test', ['user']);
    foreignAdminToken = await signIn('otherco', 'admin@otherco.test');
  });
  afterAll(async () => {
    // chDB may still be flushing parts when the directory is removed: retry the removal.
    await server
      ?.stop()
      .catch(() =>
        rmSync(server.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
      );
  });

  const matrix: ReadonlyArray<readonly [string, string, readonly Who[]]> = [
    ['users', '{ users(first: 1) { totalCount } }', ['globalAdmin', 'passwordAdmin']],
    ['user', 'query($target: ID!) { user(id: $target) { id } }', ['globalAdmin', 'passwordAdmin']],
    [
      'userHistory',
      'query($target: ID!) { userHistory(userId: $target) { type } }',
      ['globalAdmin', 'passwordAdmin', 'auditReader'],
    ],
    [
      'tenant',
      '{ tenant { id } }',
      ['globalAdmin', 'passwordAdmin', 'reportsReader', 'auditReader'],
    ],
    [
      'policy',
      '{ policy { version } }',
      ['globalAdmin', 'passwordAdmin', 'reportsReader', 'auditReader'],
    ],
    [
      'createUser',
      'mutation($n: String!) { createUser(input: { username: $n, displayName: "N" }) { userId } }',
      ['globalAdmin'],
    ],
    [
      'importUsers',
      'mutation($csv: String!) { importUsers(format: csv, data: $csv, dryRun: true) { rows } }',
      ['globalAdmin'],
    ],
    [
      'updateUser',
      'mutation($target: ID!) { updateUser(id: $target, changes: { groups: ["g"] }) { userId } }',
      ['globalAdmin'],
    ],
    [
      'updateSsprPolicy',
      'mutation { updateSsprPolicy(patch: { reconfirmAfterDays: 90 }) { changed } }',
      ['globalAdmin'],
    ],
    [
      'updateAuditPolicy',
      'mutation { updateAuditPolicy(patch: { retentionDays: 400 }) { changed } }',
      ['globalAdmin'],
    ],
    ['setTenantTier', 'mutation { setTenantTier(tier: premium) { changed } }', ['globalAdmin']],
    [
      'adminUnlockAccount',
      'mutation($target: ID!) { adminUnlockAccount(userId: $target) { userId } }',
      ['globalAdmin', 'passwordAdmin'],
    ],
    [
      'requireReregistration',
      'mutation($target: ID!) { requireReregistration(userId: $target) { userId } }',
      ['globalAdmin', 'passwordAdmin'],
    ],
  ];

  for (const [operation, query, allowed] of matrix) {
    it(`${operation}: allowed for ${allowed.join(', ')}; FORBIDDEN for the other roles; UNAUTHENTICATED without a session`, async () => {
      const outcomes: Record<string, string> = {};
      for (const who of everyone) {
        const r = await gql(
          query,
          {
            target: ids.target,
            n: `new-${operation}-${who}@rolesco.test`,
            csv: 'username,displayName\nx@rolesco.test,X',
          },
          tokens[who],
        );
        outcomes[who] = r.code ?? 'ok';
      }
      const expected = Object.fromEntries(
        everyone.map((who) => [who, allowed.includes(who) ? 'ok' : 'FORBIDDEN']),
      );
      expect(outcomes).toEqual(expected);
      expect(
        (
          await gql(
            query,
            {
              target: ids.target,
              n: 'anon@rolesco.test',
              csv: 'username,displayName\nx@rolesco.test,X',
            },
            undefined,
          )
        ).code,
      ).toBe('UNAUTHENTICATED');
    });
  }

  it('a passwordAdmin resets a plain user but not an administrator', async () => {
    const plain = await gql(
      'mutation($id: ID!) { adminResetPassword(userId: $id) { mode } }',
      { id: ids.target },
      tokens.passwordAdmin,
    );
    expect(plain.data!.adminResetPassword.mode).toBe('invitationSent');
    const admin = await gql(
      'mutation($id: ID!) { adminResetPassword(userId: $id) { mode } }',
      { id: ids.otherAdmin },
      tokens.passwordAdmin,
    );
    expect([admin.code, admin.reason]).toEqual(['FORBIDDEN', 'PrivilegedTarget']);
    const unlock = await gql(
      'mutation($id: ID!) { adminUnlockAccount(userId: $id) { userId } }',
      { id: ids.otherAdmin },
      tokens.passwordAdmin,
    );
    expect(unlock.code).toBe('FORBIDDEN');
    const byGlobal = await gql(
      'mutation($id: ID!) { adminResetPassword(userId: $id) { mode } }',
      { id: ids.otherAdmin },
      tokens.globalAdmin,
    );
    expect(byGlobal.data!.adminResetPassword.mode).toBe('invitationSent');
  });

  it("answers another tenant's user ids with NOT_FOUND, whatever the operation", async () => {
    const id = ids.foreignUser;
    const operations = [
      'query($id: ID!) { user(id: $id) { id } }',
      'query($id: ID!) { userHistory(userId: $id) { type } }',
      'mutation($id: ID!) { updateUser(id: $id, changes: { displayName: "Mine" }) { changed } }',
      'mutation($id: ID!) { disableUser(id: $id) { changed } }',
      'mutation($id: ID!) { deleteUser(id: $id) { changed } }',
      'mutation($id: ID!) { adminResetPassword(userId: $id) { mode } }',
      'mutation($id: ID!) { adminUnlockAccount(userId: $id) { userId } }',
      'mutation($id: ID!) { requireReregistration(userId: $id) { changed } }',
      'mutation($id: ID!) { revokeSecurityInfo(userId: $id) { changed } }',
    ];
    for (const query of operations) {
      const r = await gql(query, { id }, tokens.globalAdmin);
      expect({ query, code: r.code }).toEqual({ query, code: 'NOT_FOUND' });
    }
    const foreign = await gql(
      'query($id: ID!) { user(id: $id) { username } }',
      { id },
      foreignAdminToken,
    );
    expect(foreign.data!.user.username).toBe('someone@otherco.test');
  });

  it("lists only the caller's tenant's users and reads only its tenant", async () => {
    const mine = await gql(
      '{ users(first: 500) { nodes { username } } tenant { id } }',
      undefined,
      tokens.globalAdmin,
    );
    const names = mine.data!.users.nodes.map((n: { username: string }) => n.username);
    expect(names).toContain('target@rolesco.test');
    expect(names.filter((n: string) => n.endsWith('@otherco.test'))).toEqual([]);
    expect(mine.data!.tenant.id).toBe('rolesco');
    const theirs = await gql(
      '{ users(first: 500) { totalCount } tenant { id } }',
      undefined,
      foreignAdminToken,
    );
    expect(theirs.data).toEqual({ users: { totalCount: 2 }, tenant: { id: 'otherco' } });
  });

  it('judges roles from the store, not from the token: a demoted helpdesk loses access at once', async () => {
    const helpdesk = await provision('rolesco', 'temp-helpdesk@rolesco.test', ['passwordAdmin']);
    const token = await signIn('rolesco', 'temp-helpdesk@rolesco.test');
    expect(
      (await gql('{ users(first: 1) { totalCount } }', undefined, token)).code,
    ).toBeUndefined();
    await gql(
      'mutation($id: ID!) { updateUser(id: $id, changes: { roles: [user] }) { changed } }',
      { id: helpdesk },
      tokens.globalAdmin,
    );
    expect((await gql('{ users(first: 1) { totalCount } }', undefined, token)).code).toBe(
      'FORBIDDEN',
    );
  });
});
