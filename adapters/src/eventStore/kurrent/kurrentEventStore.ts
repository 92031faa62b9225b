import type {
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@resetline/domain';
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  excludeSystemEvents,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent, ResolvedEvent } from '@kurrent/kurrentdb-client';
import {
  serializeAppend,
  validateExpectedRevision,
  validateReadOptions,
  validateStreamId,
} from '../appendValidation.js';
import {
  fromPosition,
  toPosition,
  toRecordedEvent,
  toStoredMetadata,
  toStreamState,
  translateError,
} from './mapping.js';

export type KurrentEventStoreOptions = Readonly<{
  /** A connection string, e.g. `kurrentdb://localhost:2113?tls=false`. */
  url: string;
}>;

const collect = async (
  source: AsyncIterable<ResolvedEvent | AllStreamResolvedEvent>,
  accept: (event: RecordedEvent) => boolean = () => true,
  maxCount = Number.MAX_SAFE_INTEGER,
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const resolved of source) {
    const event = toRecordedEvent(resolved);
    if (event && accept(event)) events.push(event);
    if (events.length >= maxCount) break;
  }
  return events;
};

const wrapSubscription = (client: KurrentDBClient, options: SubscribeOptions): Subscription => {
  const after = options.after ?? 0;
  const source = client.subscribeToAll({
    fromPosition: after === 0 ? START : toPosition(after),
    filter: excludeSystemEvents(),
  });
  return {
    async *[Symbol.asyncIterator]() {
      for await (const resolved of source) {
        const event = toRecordedEvent(resolved);
        if (event && event.position > after) yield event;
      }
    },
    stop: async () => {
      await source.unsubscribe();
    },
  };
};

/**
 * The production event store on KurrentDB (EventStoreDB's successor). Selected when
 * EVENTSTORE_URL is set. The server enforces expected revisions and dedupes a retried append
 * (same event ids on the same stream); positions are $all commit positions, not contiguous.
 */
export const openKurrentEventStore = (options: KurrentEventStoreOptions): EventStore => {
  const client = KurrentDBClient.connectionString(options.url);

  const readAllAfter = async (after: number, maxCount?: number): Promise<RecordedEvent[]> =>
    collect(
      client.readAll({
        direction: FORWARDS,
        fromPosition: after === 0 ? START : toPosition(after),
        filter: excludeSystemEvents(),
        // The read may start at `after` itself: one extra so maxCount still holds after it.
        ...(maxCount === undefined ? {} : { maxCount: maxCount + 1 }),
      }),
      (event) => event.position > after,
      maxCount,
    );

  return {
    async appendToStream(
      streamId: string,
      events: readonly EventToAppend[],
      appendOptions?: Readonly<{ expectedRevision?: ExpectedRevision }>,
    ) {
      const expected = validateExpectedRevision(appendOptions?.expectedRevision ?? 'any');
      const serialized = serializeAppend(streamId, events);
      const toAppend = events.map((event, index) =>
        jsonEvent({
          id: event.id,
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: toStoredMetadata(
            event.metadata,
            event.occurredAt,
            serialized[index]?.version ?? 1,
          ),
        }),
      );
      try {
        const result = await client.appendToStream(streamId, toAppend, {
          streamState: toStreamState(expected),
        });
        return {
          nextExpectedRevision: Number(result.nextExpectedRevision),
          position: fromPosition(result.position),
        };
      } catch (error) {
        throw translateError(error, streamId, expected);
      }
    },

    async readStream(streamId: string, readOptions: ReadStreamOptions = {}) {
      validateStreamId(streamId);
      validateReadOptions(readOptions);
      const backwards = readOptions.direction === 'backwards';
      const from = readOptions.fromRevision;
      try {
        return await collect(
          client.readStream(streamId, {
            direction: backwards ? BACKWARDS : FORWARDS,
            fromRevision: from === undefined ? (backwards ? END : START) : BigInt(from),
            ...(readOptions.maxCount === undefined ? {} : { maxCount: readOptions.maxCount }),
          }),
        );
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
    },

    async readAll(readOptions: ReadAllOptions = {}) {
      validateReadOptions(readOptions);
      return readAllAfter(readOptions.after ?? 0, readOptions.maxCount);
    },

    subscribeToAll(subscribeOptions: SubscribeOptions = {}) {
      validateReadOptions(subscribeOptions);
      return wrapSubscription(client, subscribeOptions);
    },

    async headPosition() {
      const [last] = await collect(
        client.readAll({
          direction: BACKWARDS,
          fromPosition: END,
          maxCount: 1,
          filter: excludeSystemEvents(),
        }),
      );
      return last?.position ?? 0;
    },

    async close() {
      await client.dispose();
    },
  };
};
