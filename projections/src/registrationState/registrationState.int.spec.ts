import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../clickhouse/createClickHouse.js';
import { catchUpProjections } from '../projector/catchUpProjections.js';
import {
  aliceStory,
  appendStory,
  at,
  event,
  SECRET_PHONE,
  SECRET_TARGET,
} from '../testing/sampleEvents.js';
import { openTestClickHouse, type TestClickHouse } from '../testing/testClickHouse.js';
import { registeredMethodsAsOf } from './registeredMethodsAsOf.js';
import { registrationStateProjection } from './registrationStateProjection.js';

describe('registration state read model', () => {
  let ch: TestClickHouse;
  let store: EventStore;

  beforeAll(async () => {
    ch = await openTestClickHouse();
    store = openSqliteEventStore({ path: ':memory:' });
    await appendStory(store, aliceStory('t1'));
    await store.appendToStream('user-u2', [
      event('t1', 'UserProvisioned', { userId: 'u2', username: 'bob' }, at(10)),
      event('t1', 'UserDeleted', {}, at(90)),
    ]);
    const deps = { client: ch.client, eventStore: store };
    await catchUpProjections(deps, [registrationStateProjection]);
    await catchUpProjections(deps, [registrationStateProjection]); // from the checkpoint: nothing
  });

  afterAll(async () => {
    await ch?.close();
    await store?.close();
  });

  it('records one row per change, with masked targets only', async () => {
    const rows = await selectRows<Record<string, string>>(
      ch.client,
      `SELECT user_id, change, method, masked_target FROM registration_changes FINAL
       WHERE tenant_id = {t:String} ORDER BY position`,
      { t: 't1' },
    );
    expect(rows.map((r) => `${r.user_id}:${r.change}:${r.method}`)).toEqual([
      'u1:provisioned:',
      'u1:registered:email',
      'u1:registered:mobilePhone',
      'u1:registered:securityQuestions',
      'u1:removed:mobilePhone',
      'u2:provisioned:',
      'u2:deleted:',
    ]);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(SECRET_TARGET);
    expect(dump).not.toContain(SECRET_PHONE);
  });

  it('answers which methods each user had registered as of a date', async () => {
    expect(await registeredMethodsAsOf(ch.client, 't1', at(30))).toEqual([
      { userId: 'u1', methods: ['email', 'mobilePhone', 'securityQuestions'] },
      { userId: 'u2', methods: [] },
    ]);
    expect(await registeredMethodsAsOf(ch.client, 't1', at(100))).toEqual([
      { userId: 'u1', methods: ['email', 'securityQuestions'] },
    ]);
    expect(await registeredMethodsAsOf(ch.client, 't2', at(100))).toEqual([]);
  });
});
