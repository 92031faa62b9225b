import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows, selectRows } from '../clickhouse/createClickHouse.js';
import { catchUpProjections } from '../projector/catchUpProjections.js';
import { aliceStory, appendStory } from '../testing/sampleEvents.js';
import { count, openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { resetFlowsProjection } from './resetFlowsProjection.js';

type FlowRow = Record<string, string | string[]>;

describe('reset flows read model', () => {
  let ch: TestClickHouse;
  let store: EventStore;

  beforeAll(async () => {
    ch = await openTestClickHouse();
    store = openSqliteEventStore({ path: ':memory:' });
    await appendStory(store, aliceStory('t1'));
    // Flows straddle batches: each event's partial row must merge with the others.
    await catchUpProjections({ client: ch.client, eventStore: store }, [resetFlowsProjection], {
      batchSize: 3,
    });
  });

  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  const flows = () =>
    selectRows<FlowRow>(
      ch.client,
      `SELECT flow_id, username, user_id, purpose, eligible, ineligible_reason, gates_required,
              arraySort(methods_offered) AS offered, arraySort(methods_used) AS used,
              methods_passed, gates_passed, wrong_attempts, outcome, failure_reason, drop_off_step,
              dateDiff('second', started_at, ended_at) AS duration_s, last_position
       FROM reset_flows FINAL WHERE tenant_id = {t:String} ORDER BY flow_id`,
      { t: 't1' },
    );

  it('keeps one row per flow with outcome, gates, methods and duration', async () => {
    const [f1, f2] = await flows();
    expect(f1).toMatchObject({
      flow_id: 'f1',
      username: 'alice',
      user_id: 'u1',
      purpose: 'reset',
      eligible: 1,
      gates_required: 1,
      offered: ['email', 'securityQuestions'],
      used: ['email'],
      methods_passed: ['email'],
      gates_passed: 1,
      wrong_attempts: 1,
      outcome: 'completed',
      failure_reason: '',
      duration_s: '300',
    });
    expect(f2).toMatchObject({
      flow_id: 'f2',
      username: 'mallory',
      eligible: 0,
      ineligible_reason: 'unknownUser',
      outcome: 'abandoned',
      drop_off_step: 'chooseMethod',
      duration_s: '900',
    });
  });

  it('changes nothing when events are delivered again', async () => {
    const before = await flows();
    const events = await store.readAll();
    const rows = events
      .filter((e) => e.streamId.startsWith('reset-'))
      .flatMap(resetFlowsProjection.toRows);
    await insertRows(ch.client, 'reset_flows', rows.slice(1), 'replay-a');
    await insertRows(ch.client, 'reset_flows', rows, 'replay-b');
    expect(await flows()).toEqual(before);
    expect(await count(ch.client, 'SELECT count() AS n FROM reset_flows FINAL')).toBe(2);
  });
});
