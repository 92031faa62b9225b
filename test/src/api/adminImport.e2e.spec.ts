import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { handleCreateTenant, handleProvisionUser, type CommandMetadata } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';

const PASSWORD = 'Lantern-Orchard-Violet-93';
const TENANT = 'importco';
const IMPORT = `mutation($format: ImportFormat!, $data: String!, $dryRun: Boolean) {
  importUsers(format: $format, data: $data, dryRun: $dryRun) {
    dryRun rows created alreadyPresent users { row username created } errors { row field reason message }
  }
}`;

const asSystem = (tenantId: string): CommandMetadata => ({
  now: new Date(),
  tenantId,
  actor: { kind: 'system', id: 'e2e' },
  correlationId: randomUUID(),
});

describe('importUsers', () => {
  let server: TestServer;
  let token: string;

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions check the answers
    const result = await server.graphql<Record<string, any>>(query, variables, { token });
    return {
      ...result,
      code: result.errors?.[0]?.extensions?.code,
      reason: result.errors?.[0]?.extensions?.reason,
    };
  };
  const userCount = async () =>
    (await gql('{ users { totalCount } }')).data!.users.totalCount as number;

  beforeAll(async () => {
    server = await startTestServer();
    await handleCreateTenant(
      server.services.deps,
      { tenantId: TENANT, name: 'Import Co', tier: 'premium' },
      asSystem(TENANT),
    );
    await handleProvisionUser(
      server.services.deps,
      {
        username: 'root@importco.test',
        displayName: 'Root',
        roles: ['globalAdmin'],
        initialPassword: PASSWORD,
        mustChangeAtNextSignIn: false,
      },
      asSystem(TENANT),
    );
    await handleProvisionUser(
      server.services.deps,
      { username: 'taken@importco.test', displayName: 'Taken' },
      asSystem(TENANT),
    );
    const r = await server.graphql<{ signIn: { token: string } }>(
      'mutation { signIn(tenant: "importco", username: "root@importco.test", password: "Lantern-Orchard-Violet-93") { token } }',
    );
    token = r.data!.signIn.token;
  });
  afterAll(async () => {
    // chDB may still be flushing parts when the directory is removed: retry the removal.
    await server
      ?.stop()
      .catch(() =>
        rmSync(server.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
      );
  });

  it('reports every bad row with its number and imports nothing', async () => {
    const csv = [
      'username,displayName,roles,groups,password',
      'good@importco.test,Good,user,sales,',
      'bad-role@importco.test,Bad Role,superuser,,',
      'twin@importco.test,Twin One,,,',
      'TWIN@importco.test,Twin Two,,,',
      'taken@importco.test,Taken Again,,,',
      ',No Name,,,',
      'leak@importco.test,Leak,,,Secret-Value-123',
    ].join('\n');
    const before = await userCount();
    const r = await gql(IMPORT, { format: 'csv', data: csv });
    const result = r.data!.importUsers;
    expect(result).toMatchObject({
      dryRun: false,
      rows: 7,
      created: 0,
      alreadyPresent: 0,
      users: [],
    });
    expect(
      result.errors.map((e: { row: number; field: string; reason: string }) => [
        e.row,
        e.field,
        e.reason,
      ]),
    ).toEqual([
      [2, 'roles.0', 'InvalidUser'],
      [4, 'username', 'DuplicateInFile'],
      [5, 'username', 'UsernameTaken'],
      [6, 'username', 'InvalidUser'],
      [7, '(row)', 'InvalidUser'],
    ]);
    expect(JSON.stringify(result.errors)).not.toContain('Secret-Value-123');
    expect(result.errors[1].message).toMatch(/row 3/);
    expect(await userCount()).toBe(before);
  });

  it('refuses a malformed file as a whole with BAD_USER_INPUT', async () => {
    expect((await gql(IMPORT, { format: 'json', data: '{"not": "an array"}' })).reason).toBe(
      'InvalidJson',
    );
    expect(
      (await gql(IMPORT, { format: 'csv', data: 'username,displayName\n"unterminated,x' })).reason,
    ).toBe('InvalidCsv');
    expect((await gql(IMPORT, { format: 'csv', data: 'username,displayName\n' })).reason).toBe(
      'EmptyImport',
    );
  });

  it('validates without writing on a dry run', async () => {
    const before = await userCount();
    const r = await gql(IMPORT, {
      format: 'json',
      data: JSON.stringify([{ username: 'dry@importco.test', displayName: 'Dry' }]),
      dryRun: true,
    });
    expect(r.data!.importUsers).toMatchObject({ dryRun: true, rows: 1, created: 0, errors: [] });
    expect(await userCount()).toBe(before);
  });

  it('imports two thousand users from CSV, lists them at once, and a re-run of the same file is a no-op', async () => {
    const lines = Array.from(
      { length: 2000 },
      (_, i) =>
        `bulk-${String(i).padStart(4, '0')}@importco.test,"Bulk, User ${i}",Bulk,${i},user,staff;bulk`,
    );
    const csv = ['username,displayName,firstName,lastName,roles,groups', ...lines].join('\r\n');
    const before = await userCount();
    const first = (await gql(IMPORT, { format: 'csv', data: csv })).data!.importUsers;
    expect(first).toMatchObject({ rows: 2000, created: 2000, alreadyPresent: 0, errors: [] });
    expect(await userCount()).toBe(before + 2000);
    const page = await gql(
      '{ users(filter: { search: "bulk-0042", group: "bulk" }) { nodes { displayName groups } } }',
    );
    expect(page.data!.users.nodes).toEqual([
      { displayName: 'Bulk, User 42', groups: ['staff', 'bulk'] },
    ]);

    const again = (await gql(IMPORT, { format: 'csv', data: csv })).data!.importUsers;
    expect(again).toMatchObject({ rows: 2000, created: 0, alreadyPresent: 2000, errors: [] });
    expect(await userCount()).toBe(before + 2000);
  });

  it('finishes an interrupted import when the same file is run again', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({
      username: `resume-${i}@importco.test`,
      displayName: `Resume ${i}`,
    }));
    // The first two rows were written before an interruption.
    for (const row of rows.slice(0, 2))
      await handleProvisionUser(server.services.deps, row, asSystem(TENANT));
    const r = (await gql(IMPORT, { format: 'json', data: JSON.stringify(rows) })).data!.importUsers;
    expect(r).toMatchObject({ created: 3, alreadyPresent: 2, errors: [] });
    expect(r.users.map((u: { row: number; created: boolean }) => [u.row, u.created])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, true],
      [5, true],
    ]);
  });
});
