import { openSqliteEventStore } from '@resetline/adapters';
import { defaultSsprPolicy, type EventStore } from '@resetline/domain';
import {
  auditLogSearch,
  insertRows,
  paged,
  readModels,
  registrationActivity,
  registrationCoverage,
  registrationDetails,
  resetActivity,
  resetFunnel,
  runReport,
  selectRows,
  toAuditLogPage,
  usageInsights,
} from '@resetline/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadSide, projectAll, type ReadSide } from './readSide.js';
import { appendReportStory, at, DAY, SECRET_HASH, SECRET_TARGET } from './reportStory.js';

const day = { from: DAY, to: at(24 * 60) };

describe('report queries over the projected story', () => {
  let readSide: ReadSide;
  let store: EventStore;
  const run = <Row>(query: Parameters<typeof runReport<Row>>[1]) =>
    runReport(readSide.client, query);

  beforeAll(async () => {
    readSide = await openReadSide();
    store = openSqliteEventStore({ path: ':memory:' });
    await appendReportStory(store);
    await projectAll(readSide.client, store);
  });
  afterAll(async () => {
    await readSide?.close();
    await store?.close();
  });

  it('lists reset activity: one row per flow, plus changes and admin resets, newest first', async () => {
    const rows = await run(resetActivity('t1', day));
    expect(
      rows.map((r) => [
        r.date.toISOString(),
        r.userName,
        r.user,
        r.role,
        r.feature,
        r.methodsUsed.join('+'),
        r.status,
        r.failureReason,
      ]),
    ).toEqual([
      [
        at(95).toISOString(),
        'Bob Example',
        'bob',
        'Global administrator',
        'Reset',
        '',
        'Success',
        '',
      ],
      [
        at(91).toISOString(),
        'Alice Example',
        'alice',
        'User',
        'Change',
        '',
        'Failure',
        'FuzzyPolicyViolationInvalidPassword',
      ],
      [at(90).toISOString(), 'Alice Example', 'alice', 'User', 'Change', '', 'Success', ''],
      [
        at(60).toISOString(),
        'Bob Example',
        'bob',
        'Global administrator',
        'Reset',
        'Email+SMS',
        'Abandoned',
        'abandoned',
      ],
      [at(40).toISOString(), 'Alice Example', 'alice', 'User', 'Unlock', 'SMS', 'Success', ''],
      [at(20).toISOString(), '', 'mallory', '', 'Reset', '', 'Failure', 'unknownUser'],
      [at(10).toISOString(), 'Alice Example', 'alice', 'User', 'Reset', 'Email', 'Success', ''],
    ]);
  });

  it('keeps to the period and the tenant', async () => {
    expect(await run(resetActivity('t1', { from: at(30), to: at(70) }))).toHaveLength(2);
    const t2 = await run(resetActivity('t2', day));
    expect(t2.map((r) => r.user)).toEqual(['eve']);
    expect(await run(resetActivity('t3', day))).toEqual([]);
  });

  it('lists registration activity with methods and failures', async () => {
    const rows = await run(registrationActivity('t1', day));
    expect(rows.map((r) => [r.user, r.activity, r.methodsUsed.join(), r.status])).toEqual([
      ['bob', 'User registered security info', 'Email', 'Success'],
      ['alice', 'User started security info registration', '', 'Failure'],
      ['alice', 'User registered security info', 'SMS', 'Success'],
      ['alice', 'User registered security info', 'Email', 'Success'],
    ]);
  });

  it('searches the audit log by user, actor, activity, method and result', async () => {
    const search = (filter: Parameters<typeof auditLogSearch>[2]) =>
      run(auditLogSearch('t1', day, filter));
    expect((await search({ user: 'u3' })).map((r) => r.eventType)).toEqual([
      'UserDisabled',
      'UserProvisioned',
    ]);
    expect((await search({ user: 'mallory' })).map((r) => r.flowId)).toEqual(['f2']);
    expect((await search({ actor: 'u9' })).map((r) => r.eventType)).toEqual([
      'PasswordResetByAdmin',
    ]);
    expect(
      (await search({ activity: 'Change password (self-service)', result: 'failure' })).map(
        (r) => r.failureReason,
      ),
    ).toEqual(['FuzzyPolicyViolationInvalidPassword']);
    expect((await search({ method: 'mobilePhone' })).map((r) => r.eventType)).toEqual([
      'ResetCodeSent',
      'ResetGatePassed',
      'ResetCodeSent',
      'SecurityInfoRegistered',
    ]);
    const dump = JSON.stringify(await search({}));
    expect(dump).not.toContain(SECRET_TARGET);
    expect(dump).not.toContain(SECRET_HASH);
    expect(dump).not.toContain('sealed-SECRET');
  });

  it('pages the audit log by cursor without repeats or gaps', async () => {
    const all = await run(auditLogSearch('t1', day));
    const seen: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = toAuditLogPage(await run(auditLogSearch('t1', day, {}, { first: 4, after })), 4);
      seen.push(...page.rows.map((r) => r.position));
      if (!page.endCursor) break;
      after = page.endCursor;
    }
    expect(seen).toEqual(all.map((r) => r.position));
    expect(new Set(seen).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(20);
  });

  it('gives usage per day by feature, method and result', async () => {
    const points = await run(usageInsights('t1', day));
    expect(points.map((p) => `${p.feature}|${p.method}|${p.result}|${p.count}`)).toEqual([
      'Change||failure|1',
      'Change||success|1',
      'Registration|Email|success|2',
      'Registration|SMS|success|1',
      'Reset|Email|abandoned|1',
      'Reset|Email|success|1',
      'Reset|SMS|abandoned|1',
      'Unlock|SMS|success|1',
    ]);
    expect(new Set(points.map((p) => p.day))).toEqual(new Set(['2026-03-10']));
  });

  it('shows the funnel per gate and method with the median time to verify', async () => {
    const steps = await run(resetFunnel('t1', day));
    expect(steps).toEqual([
      {
        gate: 1,
        method: 'Email',
        started: 2,
        verified: 2,
        completed: 1,
        abandoned: 1,
        failed: 0,
        medianSecondsToVerify: 150,
      },
      {
        gate: 1,
        method: 'SMS',
        started: 1,
        verified: 1,
        completed: 1,
        abandoned: 0,
        failed: 0,
        medianSecondsToVerify: 180,
      },
      {
        gate: 2,
        method: 'SMS',
        started: 1,
        verified: 0,
        completed: 0,
        abandoned: 1,
        failed: 0,
        medianSecondsToVerify: null,
      },
    ]);
  });

  it('answers registration coverage as of any date', async () => {
    const [early] = await run(registrationCoverage('t1', at(1.5)));
    expect(early).toMatchObject({
      users: 3,
      registered: 1,
      byMethod: [{ method: 'Email', users: 1 }],
    });
    const [later] = await run(registrationCoverage('t1', at(200)));
    expect(later?.registered).toBe(2);
    expect(later?.byMethod).toEqual([
      { method: 'Email', users: 2 },
      { method: 'SMS', users: 1 },
    ]);
  });

  it('details each user: registered, enabled, capable under the current policy', async () => {
    const tenant = {
      tier: 'premium' as const,
      ssprPolicy: {
        ...defaultSsprPolicy,
        scope: 'all' as const,
        gatesRequired: 1 as const,
        allowedMethods: ['email' as const, 'mobilePhone' as const],
      },
    };
    const rows = await run(registrationDetails('t1', tenant));
    expect(
      rows.map((r) => [
        r.userName,
        r.name,
        r.ssprRegistered,
        r.ssprEnabled,
        r.ssprCapable,
        r.methodsRegistered.join('+'),
        r.lastUpdated?.toISOString() ?? null,
      ]),
    ).toEqual([
      ['alice', 'Alice Example', true, true, true, 'Email+SMS', at(2).toISOString()],
      // An admin needs two methods whatever the policy says.
      ['bob', 'Bob Example', false, true, false, 'Email', at(5).toISOString()],
      // Disabled: not capable even if registered; carol has nothing registered.
      ['carol', 'Carol Example', false, true, false, '', null],
    ]);
    const basicScopeNone = {
      ...tenant,
      ssprPolicy: { ...tenant.ssprPolicy, scope: 'none' as const },
    };
    const [alice] = await run(registrationDetails('t1', basicScopeNone));
    expect(alice).toMatchObject({ ssprRegistered: true, ssprEnabled: false, ssprCapable: false });
  });

  it('cuts each page of registration details from the whole list, methods and all', async () => {
    const tenant = { tier: 'premium' as const, ssprPolicy: defaultSsprPolicy };
    const all = await run(registrationDetails('t1', tenant));
    expect(all.map((r) => r.methodsRegistered.length)).toEqual([2, 1, 0]);
    for (const limit of [1, 2])
      for (let offset = 0; offset <= all.length; offset++)
        expect(await run(paged(registrationDetails('t1', tenant), { limit, offset }))).toEqual(
          all.slice(offset, offset + limit),
        );
  });

  it('gives the same answers after every event is delivered twice (a replay past dedup)', async () => {
    const reports = async () =>
      JSON.stringify([
        await run(resetActivity('t1', day)),
        await run(registrationActivity('t1', day)),
        await run(auditLogSearch('t1', day)),
        await run(usageInsights('t1', day)),
        await run(resetFunnel('t1', day)),
        await run(registrationCoverage('t1', at(200))),
      ]);
    const before = await reports();
    const events = await store.readAll({ after: 0, maxCount: 1000 });
    // Merges stopped, so the copies surely sit side by side while the reports read them.
    await readSide.client.command({ query: 'SYSTEM STOP MERGES' });
    for (const projection of readModels) {
      const rows = events.flatMap((e) =>
        (projection.handles as readonly string[]).includes(e.type) ? projection.toRows(e) : [],
      );
      await insertRows(readSide.client, projection.table, rows, `replay-${projection.name}`);
    }
    const [raw] = await selectRows<{ n: string }>(
      readSide.client,
      "SELECT count() AS n FROM audit_log WHERE tenant_id = 't1'",
    );
    expect(Number(raw?.n)).toBe(2 * events.filter((e) => e.metadata.tenantId === 't1').length);
    expect(await reports()).toBe(before);
    await readSide.client.command({ query: 'SYSTEM START MERGES' });
  });
});
