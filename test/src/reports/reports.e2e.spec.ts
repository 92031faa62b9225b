import { randomUUID } from 'node:crypto';
import type { Role } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableUser, seedTenant, seedUser, signIn } from '../api/selfServiceSeed.js';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';

const PASSWORD = 'correct horse battery staple 42';
const CHANGE_FAILURES = 1_500; // more than the largest GraphQL page (1,000)
const period = { kind: 'last30Days' };

const resetActivityQuery = `query($p: PeriodInput!) {
  resetActivity(period: $p, limit: 1000) { user userName feature status failureReason } }`;
const auditLogQuery = `query($p: PeriodInput!) { auditLog(period: $p, first: 5) { rows { activity } endCursor } }`;

/** Failed changes straight into the store: the reports read whatever the events say. */
const appendChangeFailures = async (server: TestServer, tenantId: string, userId: string) => {
  const now = server.services.deps.clock.now();
  const events = Array.from({ length: CHANGE_FAILURES }, (_, i) => ({
    id: randomUUID(),
    type: 'PasswordChangeFailed',
    data: { reason: i === 0 ? '=HYPERLINK("http://evil.example","x")' : `Reason ${i}, "quoted"` },
    occurredAt: new Date(now.getTime() - i),
    metadata: {
      tenantId,
      actor: { kind: 'user' as const, id: userId },
      correlationId: randomUUID(),
    },
  }));
  await server.services.deps.eventStore.appendToStream(`user-${userId}`, events);
};

const csv = (server: TestServer, path: string, token?: string) =>
  fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('reports over HTTP: roles, tenants and CSV export', () => {
  let server: TestServer;
  const tokens: Partial<Record<Role | 'otherTenant', string>> = {};

  beforeAll(async () => {
    server = await startTestServer();
    await seedTenant(server, 'contoso');
    await seedTenant(server, 'fabrikam');
    const roles: Role[] = ['globalAdmin', 'reportsReader', 'auditReader', 'passwordAdmin', 'user'];
    for (const role of roles) {
      await seedUser(server, 'contoso', {
        username: role.toLowerCase(),
        password: PASSWORD,
        roles: [role],
      });
      tokens[role] = await signIn(server, 'contoso', role.toLowerCase(), PASSWORD);
    }
    const victim = await seedUser(server, 'contoso', {
      username: 'formula',
      displayName: '=cmd|/C calc|!A0',
      password: PASSWORD,
    });
    await seedUser(server, 'fabrikam', {
      username: 'boss',
      password: PASSWORD,
      roles: ['globalAdmin'],
    });
    tokens.otherTenant = await signIn(server, 'fabrikam', 'boss', PASSWORD);
    await appendChangeFailures(server, 'contoso', victim);
    await waitUntilProjected(server, tokens.globalAdmin!);
  }, 120_000);
  afterAll(async () => server?.stop());

  it('serves each query to its roles only (FORBIDDEN otherwise)', async () => {
    const allowed = async (query: string, token: string) => {
      const result = await server.graphql(query, { p: period }, { token });
      if (result.errors) return result.errors[0]?.extensions?.code;
      return 'ok';
    };
    const matrix = {
      globalAdmin: ['ok', 'ok'],
      reportsReader: ['ok', 'FORBIDDEN'],
      auditReader: ['FORBIDDEN', 'ok'],
      passwordAdmin: ['FORBIDDEN', 'FORBIDDEN'],
      user: ['FORBIDDEN', 'FORBIDDEN'],
    };
    for (const [role, expected] of Object.entries(matrix)) {
      const token = tokens[role as Role]!;
      expect(
        [await allowed(resetActivityQuery, token), await allowed(auditLogQuery, token)],
        role,
      ).toEqual(expected);
    }
    const anonymous = await server.graphql(resetActivityQuery, { p: period });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers in the caller’s tenant only', async () => {
    const ours = await server.graphql<{ resetActivity: { user: string }[] }>(
      resetActivityQuery,
      { p: period },
      { token: tokens.globalAdmin! },
    );
    expect(ours.data?.resetActivity).toHaveLength(1000);
    const theirs = await server.graphql<{ resetActivity: unknown[] }>(
      resetActivityQuery,
      { p: period },
      { token: tokens.otherTenant! },
    );
    expect(theirs.data?.resetActivity).toEqual([]);
    const theirCsv = await (
      await csv(server, '/export/resetActivity.csv', tokens.otherTenant)
    ).text();
    expect(theirCsv.trim().split('\r\n')).toHaveLength(1); // the header only
  });

  it('validates periods with a clear error', async () => {
    const result = await server.graphql(
      resetActivityQuery,
      { p: { kind: 'custom', from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' } },
      { token: tokens.globalAdmin! },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PeriodRangeInverted',
    });
  });

  it('pages the audit log with a cursor', async () => {
    const first = await server.graphql<{ auditLog: { rows: unknown[]; endCursor: string } }>(
      auditLogQuery,
      { p: period },
      { token: tokens.auditReader! },
    );
    expect(first.data?.auditLog.rows).toHaveLength(5);
    expect(first.data?.auditLog.endCursor).toEqual(expect.any(String));
  });

  it('exports every row as CSV, with formulas defused and quotes escaped', async () => {
    const response = await csv(
      server,
      '/export/resetActivity.csv?period=last7Days',
      tokens.reportsReader,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"Date","User name","User","Role","Feature","Activity","Method used","Status","Reason for failure"',
    );
    expect(lines).toHaveLength(CHANGE_FAILURES + 1);
    expect(lines.filter((l) => l.includes('"\'=cmd|/C calc|!A0"'))).toHaveLength(CHANGE_FAILURES);
    expect(lines.some((l) => l.includes('"\'=HYPERLINK(""http://evil.example"",""x"")"'))).toBe(
      true,
    );
    expect(lines.some((l) => l.includes('"Reason 7, ""quoted"""'))).toBe(true);
    expect(lines.some((l) => /(^|,)"[=+\-@]/.test(l))).toBe(false);
  });

  it('applies the same roles and session checks to CSV', async () => {
    const status = async (path: string, token?: string) => (await csv(server, path, token)).status;
    expect(await status('/export/auditLog.csv', tokens.auditReader)).toBe(200);
    expect(await status('/export/auditLog.csv', tokens.reportsReader)).toBe(403);
    expect(await status('/export/resetActivity.csv', tokens.auditReader)).toBe(403);
    expect(await status('/export/resetActivity.csv', tokens.user)).toBe(403);
    expect(await status('/export/resetActivity.csv')).toBe(401);
    expect(await status('/export/resetActivity.csv', 'forged.token.value')).toBe(401);
    expect(await status('/export/nothing.csv', tokens.globalAdmin)).toBe(404);
    expect(await status('/export/resetActivity.csv?period=fortnight', tokens.globalAdmin)).toBe(
      400,
    );
    for (const report of [
      'registrationActivity',
      'registrationDetails',
      'usageInsights',
      'resetFunnel',
      'registrationCoverage',
    ]) {
      expect(await status(`/export/${report}.csv`, tokens.globalAdmin), report).toBe(200);
    }
  });

  it('refuses a revoked session', async () => {
    const token = await signIn(server, 'contoso', 'reportsreader', PASSWORD);
    const users = await server.graphql<{ me: { userId: string } }>(
      '{ me { userId } }',
      {},
      { token },
    );
    await disableUser(server, 'contoso', users.data!.me.userId);
    expect((await csv(server, '/export/resetActivity.csv', token)).status).toBe(401);
  });

  it('reports projection lag in GraphQL and /metrics', async () => {
    const lag = await server.graphql<{
      projectionLag: { projection: string; positionsBehind: number }[];
    }>(
      '{ projectionLag { projection positionsBehind secondsBehind } }',
      {},
      { token: tokens.globalAdmin! },
    );
    expect(lag.data?.projectionLag.map((l) => l.projection)).toContain('audit_log');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/resetline_projection_lag_positions\{projection="audit_log"\} \d+/);
    expect(metrics).toMatch(/resetline_projection_lag_seconds\{projection="reset_flows"\} [\d.]+/);
  });
});

const waitUntilProjected = async (server: TestServer, token: string): Promise<void> => {
  for (let attempt = 0; attempt < 300; attempt++) {
    const lag = await server.graphql<{ projectionLag: { positionsBehind: number }[] }>(
      '{ projectionLag { positionsBehind } }',
      {},
      { token },
    );
    if (lag.data?.projectionLag.every((l) => l.positionsBehind === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('projections did not catch up');
};
