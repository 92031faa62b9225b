import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore, EventToAppend } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEventsProjection } from '../auditLog/activityEventsProjection.js';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
import { insertRows, selectRows } from '../clickhouse/createClickHouse.js';
import { catchUpProjections } from '../projector/catchUpProjections.js';
import { resetFlowAttemptsProjection } from '../resetFlows/resetFlowAttemptsProjection.js';
import { resetFlowsProjection } from '../resetFlows/resetFlowsProjection.js';
import { appendStory, at, event } from '../testing/sampleEvents.js';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { resetActivity, type ActivityRow } from './activity.js';
import { paged, runReport, streamReport, type ReportQuery } from './reportQuery.js';
import { resetFunnel } from './resetFunnel.js';
import { usageInsights } from './usageInsights.js';

// Flows around a period, with events as the decider writes them now (each later event carries
// the flow's `startedAt`, each end its summary), some ended before ends carried a summary and
// one flow half written before `startedAt` existed.
const period = { from: at(60), to: at(120) };
const started = (flow: string, minutes: number, method: string): EventToAppend =>
  event(
    't',
    'PasswordResetStarted',
    {
      flowId: flow,
      username: `user-${flow}`,
      userId: `u-${flow}`,
      purpose: 'reset',
      eligible: true,
      gatesRequired: 1,
      methods: [{ methodId: 'm', method }],
      unlockAllowed: false,
      expiresAt: at(minutes + 15).toISOString(),
      policyVersion: 1,
    },
    at(minutes),
  );
const later = (type: string, data: Record<string, unknown>, minutes: number, start?: number) =>
  event(
    't',
    type,
    start === undefined ? data : { ...data, startedAt: at(start).toISOString() },
    at(minutes),
  );
const code = (method: string) => ({
  methodId: 'm',
  method,
  channel: 'email',
  maskedTarget: 'x***@contoso.com',
  expiresAt: at(999).toISOString(),
});
const pass = (method: string) => ({ methodId: 'm', method, gate: 1 });
/** A funnel row: counts are started, verified, completed, abandoned, failed. */
const step = (
  gate: number,
  method: string,
  [started, verified, completed, abandoned, failed]: number[],
  medianSecondsToVerify: number | null,
) => ({ gate, method, started, verified, completed, abandoned, failed, medianSecondsToVerify });
/** What an end event sums up since events carried it; the others in the story have none. */
const summary = (...methodsUsed: string[]) => ({ purpose: 'reset', methodsUsed });
/** A try at a gate as an end event sums it up (events since they carried attempts). */
const tried = (gate: number, method: string, passed: boolean, minutes: number) => ({
  gate,
  method,
  passed,
  at: at(minutes).toISOString(),
});

const story = {
  // Started before the period, ended in it: usage counts it, activity does not.
  'reset-before': [
    started('before', 50, 'email'),
    later('ResetCodeSent', code('email'), 55, 50),
    later('ResetGatePassed', pass('email'), 58, 50),
    later('PasswordResetCompleted', { userId: 'u-before', writeback: false }, 65, 50),
  ],
  // Two gates: the first passed just before the period, the second in it.
  'reset-straddling': [
    started('straddling', 55, 'email'),
    later('ResetGatePassed', pass('email'), 58, 55),
    later('ResetCodeSent', code('mobilePhone'), 61, 55),
    later('ResetGatePassed', { ...pass('mobilePhone'), gate: 2 }, 63, 55),
    later(
      'PasswordResetCompleted',
      {
        ...summary('email', 'mobilePhone'),
        attempts: [
          tried(1, 'email', true, 58),
          tried(2, 'mobilePhone', false, 61),
          tried(2, 'mobilePhone', true, 63),
        ],
        userId: 'u-straddling',
        writeback: false,
      },
      64,
      55,
    ),
  ],
  // Started in the period, abandoned long after it.
  'reset-inside': [
    started('inside', 70, 'email'),
    later('ResetCodeSent', code('email'), 72, 70),
    later(
      'ResetGateFailed',
      { methodId: 'm', method: 'email', reason: 'wrongCode', failures: 1 },
      74,
      70,
    ),
    later(
      'PasswordResetAbandoned',
      {
        ...summary('email'),
        attempts: [tried(1, 'email', false, 72), tried(1, 'email', false, 74)],
        step: 'verify',
      },
      200,
      70,
    ),
  ],
  // Its code and gate were stored before events carried startedAt; its end carries it.
  'reset-mixed': [
    started('mixed', 80, 'mobilePhone'),
    later('ResetCodeSent', code('mobilePhone'), 81),
    later('ResetGatePassed', pass('mobilePhone'), 83),
    // An end after the change carries every attempt, the older ones too.
    later(
      'PasswordResetCompleted',
      {
        userId: 'u-mixed',
        writeback: false,
        attempts: [tried(1, 'mobilePhone', false, 81), tried(1, 'mobilePhone', true, 83)],
      },
      85,
      80,
    ),
  ],
  // Started before the period, a code sent in it (with the attempts so far), not ended yet.
  'reset-open': [
    started('open', 50, 'mobilePhone'),
    later(
      'ResetCodeSent',
      { ...code('mobilePhone'), attempts: [tried(1, 'mobilePhone', false, 61)] },
      61,
      50,
    ),
  ],
  // A password change in the period: listed beside the flows.
  'user-u-inside': [later('PasswordChanged', { hash: '$argon2id$v=19$m=1,t=1,p=1$eA$eA' }, 75)],
  // Started after the period.
  'reset-after': [
    started('after', 130, 'email'),
    later('ResetCodeSent', code('email'), 131, 130),
    later('PasswordResetFailed', { reason: 'tooManyWrongCodes' }, 140, 130),
  ],
};

// Another tenant whose events all carry their attempts: one flow ended, one still open.
const qEvent = (flow: string, type: string, data: Record<string, unknown>, minutes: number) =>
  event(
    'q',
    type,
    { ...data, ...(type === 'PasswordResetStarted' ? {} : { startedAt: at(100).toISOString() }) },
    at(minutes),
  );
const qStart = (flow: string, method: string) =>
  event('q', 'PasswordResetStarted', { ...started(flow, 100, method).data }, at(100));
const quietStory = {
  'reset-q-done': [
    qStart('q-done', 'email'),
    qEvent(
      'q-done',
      'ResetCodeSent',
      { ...code('email'), attempts: [tried(1, 'email', false, 101)] },
      101,
    ),
    qEvent(
      'q-done',
      'ResetGatePassed',
      { ...pass('email'), attempts: [tried(1, 'email', false, 101), tried(1, 'email', true, 102)] },
      102,
    ),
    qEvent(
      'q-done',
      'PasswordResetCompleted',
      {
        ...summary('email'),
        attempts: [tried(1, 'email', false, 101), tried(1, 'email', true, 102)],
        userId: 'u-q',
        writeback: false,
      },
      103,
    ),
  ],
  'reset-q-open': [
    qStart('q-open', 'mobilePhone'),
    qEvent(
      'q-open',
      'ResetCodeSent',
      { ...code('mobilePhone'), attempts: [tried(1, 'mobilePhone', false, 105)] },
      105,
    ),
  ],
};

// A third tenant, for the activity report: flows whose later events carry the start's user,
// purpose and eligibility (read from their latest row), one whose code was stored before they
// did (read by grouping its rows), an unlock, a refused flow and a password change.
const cEvent = (flow: string, type: string, data: Record<string, unknown>, minutes: number) =>
  event('c', type, data, at(minutes));
const cStart = (flow: string, minutes: number, overrides: Record<string, unknown> = {}) =>
  event(
    'c',
    'PasswordResetStarted',
    { ...started(flow, minutes, 'email').data, ...overrides },
    at(minutes),
  );
/** What each event after the start carries of it. */
const context = (flow: string, minutes: number, overrides: Record<string, unknown> = {}) => ({
  startedAt: at(minutes).toISOString(),
  username: `user-${flow}`,
  userId: `u-${flow}`,
  purpose: 'reset',
  eligible: true,
  ...overrides,
});
const refused = { userId: null, eligible: false, ineligibleReason: 'unknownUser' };
const contextStory = {
  // Long before the period; its code was stored before events carried startedAt (a row of
  // unknown start, which never expires).
  'reset-c-old': [cStart('c-old', 40), cEvent('c-old', 'ResetCodeSent', code('email'), 41)],
  'reset-c-spanning': [
    cStart('c-spanning', 85),
    cEvent(
      'c-spanning',
      'ResetCodeSent',
      { ...code('email'), startedAt: at(85).toISOString() },
      86,
    ),
    cEvent(
      'c-spanning',
      'PasswordResetCompleted',
      {
        ...context('c-spanning', 85),
        methodsUsed: ['email'],
        attempts: [tried(1, 'email', false, 86)],
        writeback: false,
      },
      87,
    ),
  ],
  'reset-c-carried': [
    cStart('c-carried', 90),
    cEvent(
      'c-carried',
      'ResetCodeSent',
      { ...code('email'), ...context('c-carried', 90), attempts: [tried(1, 'email', false, 91)] },
      91,
    ),
    cEvent(
      'c-carried',
      'PasswordResetCompleted',
      {
        ...context('c-carried', 90),
        methodsUsed: ['email'],
        attempts: [tried(1, 'email', false, 91), tried(1, 'email', true, 92)],
        writeback: false,
      },
      93,
    ),
  ],
  'reset-c-refused': [
    cStart('c-refused', 95, refused),
    cEvent(
      'c-refused',
      'ResetGateFailed',
      {
        methodId: 'm',
        method: 'email',
        reason: 'wrongCode',
        failures: 1,
        ...context('c-refused', 95, refused),
        attempts: [tried(1, 'email', false, 96)],
      },
      96,
    ),
  ],
  'user-u-c': [cEvent('', 'PasswordChanged', { hash: '$argon2id$v=19$m=1,t=1,p=1$eA$eA' }, 97)],
  'reset-c-unlock': [
    cStart('c-unlock', 100, { purpose: 'unlock', unlockAllowed: true }),
    cEvent(
      'c-unlock',
      'AccountUnlockCompleted',
      {
        ...context('c-unlock', 100, { purpose: 'unlock' }),
        methodsUsed: ['authenticator'],
        attempts: [tried(1, 'authenticator', true, 101)],
        writeback: false,
      },
      102,
    ),
  ],
};

describe('flow reports read the flows of the period', () => {
  let ch: TestClickHouse;
  let store: EventStore;
  const projections = [
    resetFlowsProjection,
    resetFlowAttemptsProjection,
    auditLogProjection,
    activityEventsProjection,
  ];

  beforeAll(async () => {
    ch = await openTestClickHouse();
    store = openSqliteEventStore({ path: ':memory:' });
    await appendStory(store, story);
    await appendStory(store, quietStory);
    await appendStory(store, contextStory);
    await catchUpProjections({ client: ch.client, eventStore: store }, projections);
  });

  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  const activityRow = (r: ActivityRow) => [
    r.date.toISOString(),
    r.activity,
    r.user,
    r.methodsUsed.join('+'),
    r.status,
    r.failureReason,
  ];
  /** Every page of one and of two rows, at every offset up to one past the end. */
  const activityPages = async (count: number) => {
    const pages = [];
    for (const limit of [1, 2])
      for (let offset = 0; offset <= count; offset++) {
        const page = paged(resetActivity('t', period), { limit, offset });
        pages.push((await runReport(ch.client, page)).map(activityRow));
      }
    return pages;
  };
  const reports = async () => ({
    activity: (await runReport(ch.client, resetActivity('t', period))).map(activityRow),
    usage: (await runReport(ch.client, usageInsights('t', period))).map(
      (p) => `${p.day}|${p.feature}|${p.method}|${p.result}|${p.count}`,
    ),
    funnel: await runReport(ch.client, resetFunnel('t', period)),
    pages: await activityPages(3),
  });

  it('keys every row of a flow by its start; rows without startedAt go to the unknown bucket', async () => {
    const rows = await selectRows<{ flow_id: string; start: string; n: string }>(
      ch.client,
      `SELECT flow_id, toString(flow_started_at) AS start, count() AS n
       FROM reset_flows_by_start FINAL WHERE tenant_id = 't'
       GROUP BY flow_id, start ORDER BY flow_id, start`,
    );
    expect(rows.map((r) => [r.flow_id, r.start, Number(r.n)])).toEqual([
      ['after', '2026-03-01 11:10:00.000', 1],
      ['before', '2026-03-01 09:50:00.000', 1],
      ['inside', '2026-03-01 10:10:00.000', 1],
      ['mixed', '1970-01-01 00:00:00.000', 1],
      ['mixed', '2026-03-01 10:20:00.000', 1],
      ['open', '2026-03-01 09:50:00.000', 1],
      ['straddling', '2026-03-01 09:55:00.000', 1],
    ]);
    const ends = await selectRows<{
      flow_id: string;
      ended: string;
      start: string;
      why: string;
      used: string[];
    }>(
      ch.client,
      `SELECT flow_id, toString(ended_at) AS ended, toString(flow_started_at) AS start,
              purpose AS why, methods_used AS used
       FROM reset_flow_ends FINAL WHERE tenant_id = 't' ORDER BY ended_at`,
    );
    expect(ends.map((r) => [r.flow_id, r.ended, r.start, r.why, r.used.join('+')])).toEqual([
      [
        'straddling',
        '2026-03-01 10:04:00.000',
        '2026-03-01 09:55:00.000',
        'reset',
        'email+mobilePhone',
      ],
      ['before', '2026-03-01 10:05:00.000', '2026-03-01 09:50:00.000', '', ''],
      ['mixed', '2026-03-01 10:25:00.000', '2026-03-01 10:20:00.000', '', ''],
      ['after', '2026-03-01 11:20:00.000', '2026-03-01 11:10:00.000', '', ''],
      ['inside', '2026-03-01 12:20:00.000', '2026-03-01 10:10:00.000', 'reset', 'email'],
    ]);
  });

  it("keeps each flow's latest row, legacy when its latest event carried no attempts", async () => {
    const rows = await selectRows<Record<string, unknown>>(
      ch.client,
      `SELECT flow_id, toString(flow_started_at) AS start, legacy, outcome, gates, methods, passed,
              attempted_at
       FROM reset_flow_attempts FINAL WHERE tenant_id = 't' ORDER BY flow_started_at, flow_id`,
    );
    const legacy = (flowId: string, start: string, outcome: string) => ({
      flow_id: flowId,
      start,
      legacy: 1,
      outcome,
      gates: [],
      methods: [],
      passed: [],
      attempted_at: [],
    });
    expect(rows).toEqual([
      // its code and gate, stored without startedAt
      legacy('mixed', '1970-01-01 00:00:00.000', ''),
      legacy('before', '2026-03-01 09:50:00.000', 'completed'),
      {
        flow_id: 'open',
        start: '2026-03-01 09:50:00.000',
        legacy: 0,
        outcome: '',
        gates: [1],
        methods: ['mobilePhone'],
        passed: [0],
        attempted_at: ['2026-03-01 10:01:00.000'],
      },
      {
        flow_id: 'straddling',
        start: '2026-03-01 09:55:00.000',
        legacy: 0,
        outcome: 'completed',
        gates: [1, 2, 2],
        methods: ['email', 'mobilePhone', 'mobilePhone'],
        passed: [1, 0, 1],
        attempted_at: [
          '2026-03-01 09:58:00.000',
          '2026-03-01 10:01:00.000',
          '2026-03-01 10:03:00.000',
        ],
      },
      {
        flow_id: 'inside',
        start: '2026-03-01 10:10:00.000',
        legacy: 0,
        outcome: 'abandoned',
        gates: [1, 1],
        methods: ['email', 'email'],
        passed: [0, 0],
        attempted_at: ['2026-03-01 10:12:00.000', '2026-03-01 10:14:00.000'],
      },
      // complete here, but its rows of unknown start send it to the audit log all the same
      {
        flow_id: 'mixed',
        start: '2026-03-01 10:20:00.000',
        legacy: 0,
        outcome: 'completed',
        gates: [1, 1],
        methods: ['mobilePhone', 'mobilePhone'],
        passed: [0, 1],
        attempted_at: ['2026-03-01 10:21:00.000', '2026-03-01 10:23:00.000'],
      },
      legacy('after', '2026-03-01 11:10:00.000', 'failed'),
    ]);
  });

  it('lists the flows started in the period, with everything that happened to them since', async () => {
    expect((await reports()).activity).toEqual([
      [at(80).toISOString(), 'Reset password (self-service)', 'user-mixed', 'SMS', 'Success', ''],
      [at(75).toISOString(), 'Change password (self-service)', '', '', 'Success', ''],
      [
        at(70).toISOString(),
        'Reset password (self-service)',
        'user-inside',
        'Email',
        'Abandoned',
        'abandoned',
      ],
    ]);
  });

  it('cuts each page of activity from the whole list, newest first', async () => {
    const { activity, pages } = await reports();
    const expected = [];
    for (const limit of [1, 2])
      for (let offset = 0; offset <= activity.length; offset++)
        expected.push(activity.slice(offset, offset + limit));
    expect(pages).toEqual(expected);
  });

  it("lists flows from their latest row when their events carry the start's user", async () => {
    const rows = await selectRows<Record<string, unknown>>(
      ch.client,
      `SELECT flow_id, context, username, user_id, purpose, eligible, ineligible_reason,
              failure_reason
       FROM reset_flow_attempts FINAL WHERE tenant_id = 'c' ORDER BY flow_started_at, flow_id`,
    );
    const row = (flow: string, context: number, userId: string, why = 'reset', refusal = '') => ({
      flow_id: flow,
      context,
      username: `user-${flow}`,
      user_id: userId,
      purpose: why,
      eligible: refusal ? 0 : 1,
      ineligible_reason: refusal,
      failure_reason: '',
    });
    expect(rows).toEqual([
      { ...row('c-old', 0, ''), username: '', purpose: '', eligible: 0 },
      row('c-old', 1, 'u-c-old'),
      row('c-spanning', 1, 'u-c-spanning'),
      row('c-carried', 1, 'u-c-carried'),
      row('c-refused', 1, '', 'reset', 'unknownUser'),
      row('c-unlock', 1, 'u-c-unlock', 'unlock'),
    ]);
    const activity = resetActivity('c', period);
    const listed = (await runReport(ch.client, activity)).map(activityRow);
    expect(listed).toEqual([
      [
        at(100).toISOString(),
        'Unlock user account (self-service)',
        'user-c-unlock',
        'App code',
        'Success',
        '',
      ],
      [at(97).toISOString(), 'Change password (self-service)', '', '', 'Success', ''],
      [
        at(95).toISOString(),
        'Reset password (self-service)',
        'user-c-refused',
        'Email',
        'Failure',
        'unknownUser',
      ],
      [
        at(90).toISOString(),
        'Reset password (self-service)',
        'user-c-carried',
        'Email',
        'Success',
        '',
      ],
      // its code carried no user: grouped from its rows until a merge leaves its latest; once
      [
        at(85).toISOString(),
        'Reset password (self-service)',
        'user-c-spanning',
        'Email',
        'Success',
        '',
      ],
    ]);
    // Grouping every flow's rows, as for events without the user, gives the same list.
    for (const tenant of ['c', 't']) {
      const latest = resetActivity(tenant, period);
      const grouped = { ...latest, sql: latest.sql.replaceAll('context = 0', '1') };
      expect(grouped.sql).not.toBe(latest.sql);
      expect((await runReport(ch.client, grouped)).map(activityRow)).toEqual(
        (await runReport(ch.client, latest)).map(activityRow),
      );
    }
    for (const limit of [1, 2])
      for (let offset = 0; offset <= listed.length; offset++) {
        const page = paged(activity, { limit, offset });
        expect((await runReport(ch.client, page)).map(activityRow)).toEqual(
          listed.slice(offset, offset + limit),
        );
      }
  });

  it('answers reset activity from the latest rows alone when every flow of the period has context', async () => {
    const shortcutRows = async (q: ReportQuery<ActivityRow>) =>
      selectRows<Record<string, unknown>>(ch.client, q.shortcut!.sql, q.params);
    // t's flows have no context: their latest rows lack the user. (c-spanning's row without it
    // goes once a merge leaves the flow its latest row, which has it.)
    const legacy = resetActivity('t', period);
    expect(legacy.shortcut!.answers(await shortcutRows(legacy))).toBe(false);
    // c-old's row of unknown start stops the shortcut only for a period c-old started in.
    const old = resetActivity('c', { from: at(30), to: at(50) });
    expect(old.shortcut!.answers(await shortcutRows(old))).toBe(false);
    expect((await runReport(ch.client, old)).map(activityRow)).toEqual([
      [
        at(40).toISOString(),
        'Reset password (self-service)',
        'user-c-old',
        'Email',
        'In progress',
        '',
      ],
    ]);
    const recent = resetActivity('c', { from: at(88), to: at(120) });
    const rows = await shortcutRows(recent);
    expect(recent.shortcut!.answers(rows)).toBe(true);
    const full = await selectRows<Record<string, unknown>>(ch.client, recent.sql, recent.params);
    expect(rows.map(recent.toRow)).toEqual(full.map(recent.toRow));
    const listed = (await runReport(ch.client, recent)).map(activityRow);
    expect(listed.map((r) => r[2])).toEqual([
      'user-c-unlock',
      '',
      'user-c-refused',
      'user-c-carried',
    ]);
    for (const limit of [1, 3])
      for (let offset = 0; offset <= listed.length; offset++) {
        const page = paged(recent, { limit, offset });
        expect(page.shortcut).toBeDefined();
        expect((await runReport(ch.client, page)).map(activityRow)).toEqual(
          listed.slice(offset, offset + limit),
        );
      }
  });

  it('counts the flows that ended in the period, wherever they started', async () => {
    expect((await reports()).usage).toEqual([
      '2026-03-01|Change||success|1',
      '2026-03-01|Reset|Email|success|2',
      '2026-03-01|Reset|SMS|success|2',
    ]);
  });

  it('follows the flows with gate activity in the period to their outcome', async () => {
    expect((await reports()).funnel).toEqual([
      step(1, 'Email', [1, 0, 0, 1, 0], null),
      step(1, 'SMS', [2, 1, 1, 0, 0], 180),
      // counted at gate 2: its first gate was passed before the period
      step(2, 'SMS', [1, 1, 1, 0, 0], 480),
    ]);
  });

  it('answers from reset_flow_attempts alone when every flow carries its attempts', async () => {
    const quiet = resetFunnel('q', { from: at(100), to: at(120) });
    const [shortcut, full] = await Promise.all([
      selectRows<Record<string, unknown>>(ch.client, quiet.shortcut!.sql, quiet.params),
      selectRows<Record<string, unknown>>(ch.client, quiet.sql, quiet.params),
    ]);
    expect(quiet.shortcut!.answers(shortcut)).toBe(true);
    expect(shortcut).toEqual(full);
    expect(await runReport(ch.client, quiet)).toEqual([
      step(1, 'Email', [1, 1, 1, 0, 0], 120),
      step(1, 'SMS', [1, 0, 0, 0, 0], null),
    ]);
    // Tenant t has flows stored before events carried attempts: the full query answers.
    const busy = resetFunnel('t', period);
    const rows = await selectRows<Record<string, unknown>>(
      ch.client,
      busy.shortcut!.sql,
      busy.params,
    );
    expect(busy.shortcut!.answers(rows)).toBe(false);
    // Tenant c's flows carry their attempts, but c-old has a row of unknown start: its period
    // is read from the audit log. (So is every other period of c: such a row is in every one.)
    const old = resetFunnel('c', { from: at(30), to: at(50) });
    const oldRows = await selectRows<Record<string, unknown>>(
      ch.client,
      old.shortcut!.sql,
      old.params,
    );
    expect(old.shortcut!.answers(oldRows)).toBe(false);
    expect(await runReport(ch.client, old)).toEqual([step(1, 'Email', [1, 0, 0, 0, 0], null)]);
    // A CSV export takes the same way; a page does without the shortcut.
    for (const query of [quiet, busy]) {
      const streamed = [];
      for await (const row of streamReport(ch.client, query)) streamed.push(row);
      expect(streamed).toEqual(await runReport(ch.client, query));
    }
    expect(paged(quiet, { limit: 1 }).shortcut).toBeUndefined();
    expect(await runReport(ch.client, paged(quiet, { limit: 1 }))).toEqual([
      step(1, 'Email', [1, 1, 1, 0, 0], 120),
    ]);
  });

  it('gives the same answers after every event is delivered twice', async () => {
    const before = await reports();
    const events = await store.readAll();
    await ch.client.command({ query: 'SYSTEM STOP MERGES' });
    for (const projection of projections) {
      const rows = events.flatMap((e) =>
        (projection.handles as readonly string[]).includes(e.type) ? projection.toRows(e) : [],
      );
      await insertRows(ch.client, projection.table, rows, `replay-${projection.name}`);
    }
    const [copies] = await selectRows<{ n: string }>(
      ch.client,
      "SELECT count() AS n FROM reset_flow_ends WHERE tenant_id = 't'",
    );
    expect(Number(copies?.n)).toBe(10);
    expect(await reports()).toEqual(before);
    await ch.client.command({ query: 'SYSTEM START MERGES' });
  });
});
