import type { CommandMetadata } from './command.js';
import { asArray } from './decider.js';
import { WrongExpectedRevisionError } from './errors.js';
import type { Event, EventMetadata, RecordedEvent } from './event.js';
import type { EventStore, ExpectedRevision } from './eventStore.js';
import type { Random } from './ports.js';

export type StreamState<State> = Readonly<{
  state: State;
  /** Revision of the last event read, or -1 for a stream that does not exist. */
  revision: number;
  events: readonly RecordedEvent[];
}>;

export type Fold<State, E extends Event> = Readonly<{
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}>;

export const loadStream = async <State, E extends Event>(
  store: EventStore,
  streamId: string,
  fold: Fold<State, E>,
): Promise<StreamState<State>> => {
  const events = await store.readStream(streamId);
  const state = events.reduce(
    (s, e) => fold.evolve(s, e as unknown as E),
    fold.initialState(),
  );
  return { state, revision: events.at(-1)?.revision ?? -1, events };
};

export const toEventMetadata = (meta: CommandMetadata): EventMetadata => ({
  tenantId: meta.tenantId,
  actor: meta.actor,
  correlationId: meta.correlationId,
  ...(meta.causationId ? { causationId: meta.causationId } : {}),
  ...(meta.ip ? { ip: meta.ip } : {}),
  ...(meta.userAgent ? { userAgent: meta.userAgent } : {}),
});

export type HandleResult<State, E extends Event> = Readonly<{
  state: State;
  newEvents: readonly E[];
  nextExpectedRevision: number;
  position?: number | undefined;
}>;

const MAX_ATTEMPTS = 5;

/**
 * Load → decide → append with optimistic concurrency. When another writer got there first the
 * stream is reloaded and the decision taken again, at most MAX_ATTEMPTS times.
 * `decide` may throw a ResetlineError: nothing is appended then.
 */
export const handleCommand = async <State, E extends Event>(
  deps: Readonly<{ eventStore: EventStore; random: Random }>,
  streamId: string,
  fold: Fold<State, E>,
  metadata: CommandMetadata,
  decide: (state: State, loaded: StreamState<State>) => E | readonly E[],
): Promise<HandleResult<State, E>> => {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadStream(deps.eventStore, streamId, fold);
    const newEvents = asArray(decide(loaded.state, loaded));
    if (newEvents.length === 0) {
      return { state: loaded.state, newEvents, nextExpectedRevision: loaded.revision };
    }
    const expectedRevision: ExpectedRevision = loaded.revision < 0 ? 'no_stream' : loaded.revision;
    try {
      const eventMetadata = toEventMetadata(metadata);
      const result = await deps.eventStore.appendToStream(
        streamId,
        newEvents.map((e) => ({
          id: deps.random.uuidv7(),
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: eventMetadata,
          occurredAt: metadata.now,
        })),
        { expectedRevision },
      );
      // New events carry the command's time, as the stored ones do (evolve may read it).
      const state = newEvents.reduce(
        (acc, e) => fold.evolve(acc, { ...e, occurredAt: metadata.now } as E),
        loaded.state,
      );
      return {
        state,
        newEvents,
        nextExpectedRevision: result.nextExpectedRevision,
        position: result.position,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
};
