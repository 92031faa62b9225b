import {
  toEventMetadata,
  type CommandMetadata,
  type Event,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
} from '@resetline/domain';
import type { Prng } from './prng.js';
import { seededUuidv7 } from './seededRandom.js';

/** A stream the generator writes to, with its folded state and the revision of its last event. */
export type Tracked<S> = { readonly streamId: string; state: S; revision: number };

export const track = <S>(streamId: string, state: S): Tracked<S> => ({
  streamId,
  state,
  revision: -1,
});

type PendingAppend = Readonly<{
  streamId: string;
  events: EventToAppend[];
  expectedRevision: ExpectedRevision;
}>;

/** Events counted by tenant and type, as seed-summary.json reports them. */
export type EventCounts = Record<string, Record<string, number>>;

/**
 * Buffers decided events and appends them in large concurrent batches: the SQLite store commits
 * every append queued in one event-loop turn in one transaction. Each stream's expected revision
 * is tracked here, so every append is still checked by the store's optimistic concurrency.
 */
export class EventWriter {
  readonly counts: EventCounts = {};
  total = 0;
  private pending: PendingAppend[] = [];
  private pendingEvents = 0;

  constructor(
    private readonly store: EventStore,
    private readonly prng: Prng,
    private readonly batchEvents: number,
  ) {}

  /**
   * Appends the events a decider returned and folds them into the stream's state, stamped with
   * the command's time (as handleCommand does). Returns the events for the caller to inspect.
   */
  record<S, E extends Event>(
    stream: Tracked<S>,
    events: readonly E[],
    evolve: (state: S, event: E & { occurredAt: Date }) => S,
    metadata: CommandMetadata,
  ): readonly E[] {
    if (events.length === 0) return events;
    const eventMetadata = toEventMetadata(metadata);
    const at = metadata.now.getTime();
    const toAppend = events.map((e): EventToAppend => ({
      id: seededUuidv7(this.prng, at),
      type: e.type,
      data: e.data as Record<string, unknown>,
      metadata: eventMetadata,
      occurredAt: metadata.now,
    }));
    this.pending.push({
      streamId: stream.streamId,
      events: toAppend,
      expectedRevision: stream.revision < 0 ? 'no_stream' : stream.revision,
    });
    let state = stream.state;
    for (const e of events) state = evolve(state, { ...e, occurredAt: metadata.now });
    stream.state = state;
    stream.revision += events.length;
    const perType = (this.counts[metadata.tenantId] ??= {});
    for (const e of events) perType[e.type] = (perType[e.type] ?? 0) + 1;
    this.total += events.length;
    this.pendingEvents += events.length;
    return events;
  }

  get shouldFlush(): boolean {
    return this.pendingEvents >= this.batchEvents;
  }

  /** Hands every buffered append to the store at once and waits for the commit. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingEvents = 0;
    await Promise.all(
      batch.map((a) =>
        this.store.appendToStream(a.streamId, a.events, { expectedRevision: a.expectedRevision }),
      ),
    );
  }
}
