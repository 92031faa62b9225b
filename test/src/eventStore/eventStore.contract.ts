import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  MAX_EVENT_BYTES,
  ValidationError,
  WrongExpectedRevisionError,
} from '@resetline/domain';
import type {
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
} from '@resetline/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** One store under test and a way to close it and open the same data again. */
export type OpenedStore = Readonly<{ store: EventStore; reopen: () => Promise<EventStore> }>;

export type EventStoreFixture = Readonly<{
  open: () => Promise<OpenedStore>;
  /** SQLite numbers events 1, 2, 3…; KurrentDB positions are log offsets with holes. */
  contiguousPositions: boolean;
  /**
   * SQLite refuses an event id reused with other contents or in another stream; KurrentDB only
   * dedupes a retry on the same stream and otherwise ignores the id.
   */
  refusesReusedEventIds: boolean;
}>;

const metadata: EventMetadata = {
  tenantId: 'tenant-contract',
  actor: { kind: 'system', id: 'contract-suite' },
  correlationId: 'correlation-1',
};

const anEvent = (
  type = 'SomethingHappened',
  data: Record<string, unknown> = { n: 1 },
): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata,
  occurredAt: new Date('2025-03-04T05:06:07.089Z'),
});

const events = (count: number, type = 'Counted'): EventToAppend[] =>
  Array.from({ length: count }, (_, n) => anEvent(type, { n }));

const uniqueStream = (kind: string): string => `${kind}-${randomUUID()}`;

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the promise to reject, it resolved');
    },
    (error: unknown) => error,
  );

const expectWrongRevision = async (
  promise: Promise<unknown>,
  expected: ExpectedRevision,
  actual: string,
): Promise<void> => {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ code: 'CONFLICT', expected: String(expected), actual });
};

const collect = async (
  iterable: AsyncIterable<RecordedEvent>,
  until: (received: RecordedEvent[]) => boolean,
  onEvent: (event: RecordedEvent, received: RecordedEvent[]) => Promise<void> | void = () => {},
): Promise<RecordedEvent[]> => {
  const received: RecordedEvent[] = [];
  for await (const event of iterable) {
    received.push(event);
    await onEvent(event, received);
    if (until(received)) break;
  }
  return received;
};

const expectStrictlyIncreasing = (values: readonly number[]): void => {
  values.slice(1).forEach((value, index) => expect(value).toBeGreaterThan(values[index] as number));
};

/** The behaviour every EventStore adapter must have; run it once per adapter. */
export const eventStoreContract = (name: string, fixture: EventStoreFixture): void => {
  describe(name, () => {
    let opened: OpenedStore;
    let store: EventStore;

    beforeEach(async () => {
      opened = await fixture.open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
    });

    describe('appending and reading a stream', () => {
      it('stores events with revisions from 0, increasing positions and the envelope intact', async () => {
        const stream = uniqueStream('user');
        const toAppend = [
          anEvent('A', { x: 'é', nested: { list: [1, 2] } }),
          { ...anEvent('B'), version: 3 },
        ];
        const result = await store.appendToStream(stream, toAppend, {
          expectedRevision: 'no_stream',
        });
        const read = await store.readStream(stream);

        expect(read.map((e) => [e.id, e.type, e.revision, e.version])).toEqual([
          [toAppend[0]?.id, 'A', 0, 1],
          [toAppend[1]?.id, 'B', 1, 3],
        ]);
        expect(read[0]?.data).toEqual({ x: 'é', nested: { list: [1, 2] } });
        expect(read[0]?.metadata).toEqual(metadata);
        expect(read[0]?.occurredAt).toBeInstanceOf(Date);
        expect(read[0]?.occurredAt.toISOString()).toBe('2025-03-04T05:06:07.089Z');
        expect(read.every((e) => e.streamId === stream)).toBe(true);
        expectStrictlyIncreasing(read.map((e) => e.position));
        expect(result).toEqual({ nextExpectedRevision: 1, position: read[1]?.position });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(uniqueStream('nobody'))).toEqual([]);
      });

      it('reads forwards from a revision, at most maxCount events', async () => {
        const stream = uniqueStream('fwd');
        await store.appendToStream(stream, events(10));
        const read = await store.readStream(stream, { fromRevision: 4, maxCount: 3 });
        expect(read.map((e) => e.revision)).toEqual([4, 5, 6]);
        expect(read.map((e) => e.data['n'])).toEqual([4, 5, 6]);
      });

      it('reads backwards from the end or from a revision', async () => {
        const stream = uniqueStream('bwd');
        await store.appendToStream(stream, events(10));
        const fromEnd = await store.readStream(stream, { direction: 'backwards', maxCount: 3 });
        expect(fromEnd.map((e) => e.revision)).toEqual([9, 8, 7]);
        const fromFive = await store.readStream(stream, {
          direction: 'backwards',
          fromRevision: 5,
        });
        expect(fromFive.map((e) => e.revision)).toEqual([5, 4, 3, 2, 1, 0]);
      });

      it('orders positions by append across streams and revisions within each stream', async () => {
        const a = uniqueStream('a');
        const b = uniqueStream('b');
        const before = await store.headPosition();
        await store.appendToStream(a, events(2));
        await store.appendToStream(b, events(1));
        await store.appendToStream(a, events(1));
        const all = (await store.readAll({ after: before })).filter((e) =>
          [a, b].includes(e.streamId),
        );
        expect(all.map((e) => [e.streamId, e.revision])).toEqual([
          [a, 0],
          [a, 1],
          [b, 0],
          [a, 2],
        ]);
        expectStrictlyIncreasing(all.map((e) => e.position));
      });
    });

    describe('expected revision', () => {
      it('no_stream: appends to a new stream, refuses an existing one and writes nothing', async () => {
        const stream = uniqueStream('ns');
        await store.appendToStream(stream, events(1), { expectedRevision: 'no_stream' });
        await expectWrongRevision(
          store.appendToStream(stream, events(1), { expectedRevision: 'no_stream' }),
          'no_stream',
          '0',
        );
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('stream_exists: refuses a missing stream, appends to an existing one', async () => {
        const stream = uniqueStream('se');
        await expectWrongRevision(
          store.appendToStream(stream, events(1), { expectedRevision: 'stream_exists' }),
          'stream_exists',
          'no_stream',
        );
        expect(await store.readStream(stream)).toEqual([]);
        await store.appendToStream(stream, events(1), { expectedRevision: 'any' });
        const result = await store.appendToStream(stream, events(1), {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).toBe(1);
      });

      it('an exact revision: appends when it matches, refuses stale, ahead and missing', async () => {
        const stream = uniqueStream('exact');
        await expectWrongRevision(
          store.appendToStream(stream, events(1), { expectedRevision: 0 }),
          0,
          'no_stream',
        );
        await store.appendToStream(stream, events(2), { expectedRevision: 'no_stream' });
        await expectWrongRevision(
          store.appendToStream(stream, events(1), { expectedRevision: 0 }),
          0,
          '1',
        );
        await expectWrongRevision(
          store.appendToStream(stream, events(1), { expectedRevision: 5 }),
          5,
          '1',
        );
        const result = await store.appendToStream(stream, events(1), { expectedRevision: 1 });
        expect(result.nextExpectedRevision).toBe(2);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('any: appends whether or not the stream exists', async () => {
        const stream = uniqueStream('any');
        await store.appendToStream(stream, events(1), { expectedRevision: 'any' });
        await store.appendToStream(stream, events(1), { expectedRevision: 'any' });
        await store.appendToStream(stream, events(1));
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('names the stream and both revisions in the error (the stream in details only)', async () => {
        const stream = uniqueStream('named');
        await store.appendToStream(stream, events(1));
        const error = await rejection(
          store.appendToStream(stream, events(1), { expectedRevision: 'no_stream' }),
        );
        expect(error).toMatchObject({
          reason: 'WrongExpectedRevision',
          streamId: stream,
          details: { streamId: stream, expected: 'no_stream', actual: '0' },
        });
        // A stream id can be a capability (reset-{flowId}); messages may reach a client.
        expect((error as Error).message).not.toContain(stream);
      });
    });

    describe('idempotent append by event id', () => {
      it('a retried append succeeds with the first result and writes nothing twice', async () => {
        const stream = uniqueStream('retry');
        const batch = events(3);
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const retried = await store.appendToStream(stream, batch, {
          expectedRevision: 'no_stream',
        });
        const retriedAny = await store.appendToStream(stream, batch, { expectedRevision: 'any' });

        expect(retried).toEqual(first);
        expect(retriedAny).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(3);
        expect(await store.headPosition()).toBe(head);
      });

      it.skipIf(!fixture.refusesReusedEventIds)(
        'the same id with other contents is a conflict',
        async () => {
          const stream = uniqueStream('reuse');
          const original = anEvent('A', { n: 1 });
          await store.appendToStream(stream, [original]);
          const error = await rejection(
            store.appendToStream(stream, [{ ...original, data: { n: 2 } }], {
              expectedRevision: 'any',
            }),
          );
          expect(error).toBeInstanceOf(ConflictError);
          expect((error as Error).message).toContain(original.id);
          expect(await store.readStream(stream)).toHaveLength(1);
        },
      );

      it.skipIf(!fixture.refusesReusedEventIds)(
        'the same id in another stream is a conflict',
        async () => {
          const original = anEvent();
          await store.appendToStream(uniqueStream('first'), [original]);
          const other = uniqueStream('second');
          const error = await rejection(store.appendToStream(other, [original]));
          expect(error).toBeInstanceOf(ConflictError);
          expect(error).toMatchObject({ reason: 'DuplicateEventId' });
          expect(await store.readStream(other)).toEqual([]);
        },
      );
    });

    describe('reading all events', () => {
      it('pages through every event in batches, each exactly once and in order', async () => {
        const streams = [uniqueStream('p'), uniqueStream('q'), uniqueStream('r')];
        const before = await store.headPosition();
        for (let round = 0; round < 7; round++) {
          for (const stream of streams) await store.appendToStream(stream, events(1 + (round % 2)));
        }
        const paged: RecordedEvent[] = [];
        let after = before;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 4 });
          expect(page.length).toBeLessThanOrEqual(4);
          if (page.length === 0) break;
          paged.push(...page);
          after = page.at(-1)?.position ?? after;
        }
        const ours = paged.filter((e) => streams.includes(e.streamId));
        expect(ours).toHaveLength(3 * (4 * 1 + 3 * 2));
        expect(new Set(ours.map((e) => e.id)).size).toBe(ours.length);
        expectStrictlyIncreasing(paged.map((e) => e.position));
        expect(await store.headPosition()).toBe(paged.at(-1)?.position);
        if (fixture.contiguousPositions) {
          expect(paged.map((e) => e.position)).toEqual(paged.map((_, i) => before + i + 1));
        }
      });

      it('reports head position 0 for an empty store and the last position after appends', async () => {
        if (fixture.contiguousPositions) expect(await store.headPosition()).toBe(0);
        const result = await store.appendToStream(uniqueStream('head'), events(2));
        expect(await store.headPosition()).toBe(result.position);
      });
    });

    describe('catch-up subscription', () => {
      it('delivers stored events after a position, then live appends, in order', async () => {
        const stream = uniqueStream('sub');
        await store.appendToStream(stream, events(5));
        const third = (await store.readStream(stream))[2] as RecordedEvent;
        const subscription = store.subscribeToAll({ after: third.position, batchSize: 2 });
        const received = collect(
          subscription,
          (r) => r.filter((e) => e.streamId === stream).length >= 6,
        );
        await store.appendToStream(stream, events(2));
        await new Promise((resolve) => setTimeout(resolve, 20));
        await store.appendToStream(stream, events(2));
        const ours = (await received).filter((e) => e.streamId === stream);
        await subscription.stop();

        expect(ours.map((e) => e.revision)).toEqual([3, 4, 5, 6, 7, 8]);
        expect((await received).every((e) => e.position > third.position)).toBe(true);
        expectStrictlyIncreasing((await received).map((e) => e.position));
      });

      it('delivers appends made while it is catching up, without gaps or duplicates', async () => {
        const stream = uniqueStream('catchup');
        const before = await store.headPosition();
        for (let i = 0; i < 10; i++) await store.appendToStream(stream, events(30));
        const subscription = store.subscribeToAll({ after: before, batchSize: 7 });
        let appended = 0;
        const received = await collect(
          subscription,
          (r) => r.filter((e) => e.streamId === stream).length >= 400,
          async (_event, r) => {
            // Append from inside the catch-up loop, long before it reaches the head.
            if (r.length % 25 === 0 && appended < 100) {
              appended += 10;
              await store.appendToStream(stream, events(10));
            }
          },
        );
        await subscription.stop();
        const ours = received.filter((e) => e.streamId === stream);
        expect(appended).toBe(100);
        expect(ours.map((e) => e.revision)).toEqual(Array.from({ length: 400 }, (_, i) => i));
        expectStrictlyIncreasing(received.map((e) => e.position));
      });

      it('stop() ends an iteration that is waiting for live events', async () => {
        const stream = uniqueStream('stop');
        await store.appendToStream(stream, events(2));
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const seen: RecordedEvent[] = [];
        const iteration = (async () => {
          for await (const event of subscription) seen.push(event);
          return 'ended';
        })();
        await new Promise((resolve) => setTimeout(resolve, 30));
        await subscription.stop();
        expect(await iteration).toBe('ended');
        expect(seen).toEqual([]);
      });

      it('stop() from inside the loop ends it after the current event', async () => {
        const stream = uniqueStream('stop-inside');
        const before = await store.headPosition();
        await store.appendToStream(stream, events(20));
        const subscription = store.subscribeToAll({ after: before, batchSize: 5 });
        const seen: RecordedEvent[] = [];
        for await (const event of subscription) {
          seen.push(event);
          if (seen.length === 3) await subscription.stop();
        }
        expect(seen).toHaveLength(3);
      });
    });

    describe('concurrent writers', () => {
      it('on one stream, exactly one append wins each revision', async () => {
        const stream = uniqueStream('race');
        await store.appendToStream(stream, events(1));
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () =>
            store.appendToStream(stream, events(1), { expectedRevision: 0 }),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o) => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const o of lost)
          expect((o as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
      });

      it('a refused append does not spoil the appends committed with it', async () => {
        const good = uniqueStream('good');
        const bad = uniqueStream('bad');
        await store.appendToStream(bad, events(1));
        const outcomes = await Promise.allSettled([
          store.appendToStream(good, events(1), { expectedRevision: 'no_stream' }),
          store.appendToStream(bad, events(1), { expectedRevision: 'no_stream' }),
          store.appendToStream(bad, [{ ...anEvent(), data: { big: 'x'.repeat(MAX_EVENT_BYTES) } }]),
          store.appendToStream(good, events(1), { expectedRevision: 0 }),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual([
          'fulfilled',
          'rejected',
          'rejected',
          'fulfilled',
        ]);
        expect(await store.readStream(good)).toHaveLength(2);
        expect(await store.readStream(bad)).toHaveLength(1);
      });

      it('on many streams, every append lands with a unique position', async () => {
        const streams = Array.from({ length: 50 }, () => uniqueStream('many'));
        const before = await store.headPosition();
        const results = await Promise.all(
          streams.flatMap((stream) => [
            store.appendToStream(stream, events(2), { expectedRevision: 'no_stream' }),
            store.appendToStream(stream, events(1), { expectedRevision: 1 }),
          ]),
        );
        const ours = (await store.readAll({ after: before })).filter((e) =>
          streams.includes(e.streamId),
        );
        expect(ours).toHaveLength(150);
        expect(new Set(ours.map((e) => e.position)).size).toBe(150);
        expect(new Set(results.map((r) => r.position)).size).toBe(100);
        for (const stream of streams) {
          expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
        }
        if (fixture.contiguousPositions) {
          expect(ours.map((e) => e.position)).toEqual(ours.map((_, i) => before + i + 1));
        }
      });
    });

    describe('refused input', () => {
      it('rejects an event over MAX_EVENT_BYTES, naming type, stream and size, and writes nothing', async () => {
        const stream = uniqueStream('large');
        const head = await store.headPosition();
        const huge = anEvent('HugeThingHappened', { blob: 'x'.repeat(MAX_EVENT_BYTES) });
        const error = await rejection(store.appendToStream(stream, [anEvent(), huge]));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EventTooLarge' });
        const message = (error as Error).message;
        expect(message).toContain('HugeThingHappened');
        expect(message).toContain(stream);
        expect(message).toMatch(/\d{7} bytes/);
        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.headPosition()).toBe(head);
      });

      it.each([
        ['an empty stream id', '', [anEvent()], 'InvalidStreamId'],
        [
          'an event id that is not a UUID',
          's',
          [{ ...anEvent(), id: 'not-a-uuid' }],
          'InvalidEventId',
        ],
        ['an empty event type', 's', [{ ...anEvent(), type: '' }], 'InvalidEventType'],
        ['no events', 's', [], 'NoEventsToAppend'],
      ] as const)('rejects %s', async (_what, stream, toAppend, reason) => {
        const error = await rejection(
          store.appendToStream(stream, toAppend as readonly EventToAppend[]),
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ reason });
      });

      it('rejects read options that are not positive counts or revisions', async () => {
        await expect(store.readAll({ maxCount: 0 })).rejects.toMatchObject({
          reason: 'InvalidReadOption',
        });
        await expect(store.readStream('s', { fromRevision: -1 })).rejects.toMatchObject({
          reason: 'InvalidReadOption',
        });
        expect(() => store.subscribeToAll({ batchSize: 1.5 })).toThrow(ValidationError);
      });

      it('rejects the same event id twice in one append', async () => {
        const event = anEvent();
        const error = await rejection(store.appendToStream(uniqueStream('twice'), [event, event]));
        expect(error).toMatchObject({ reason: 'DuplicateEventIdInAppend' });
      });
    });

    describe('durability', () => {
      it('a reopened store keeps every event and continues from them', async () => {
        const stream = uniqueStream('reopen');
        await store.appendToStream(stream, events(3), { expectedRevision: 'no_stream' });
        const before = await store.readStream(stream);
        const head = await store.headPosition();
        store = await opened.reopen();

        expect(await store.readStream(stream)).toEqual(before);
        expect(await store.headPosition()).toBe(head);
        const next = await store.appendToStream(stream, events(1), { expectedRevision: 2 });
        expect(next.nextExpectedRevision).toBe(3);
        expect(next.position).toBeGreaterThan(head);
      });
    });
  });
};
