import type { EventMetadata, RecordedEvent } from './event.js';

/**
 * How an append constrains the stream's current state:
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: it must exist, at any revision;
 * - `any`: no check;
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

/** An event handed to the store. `id` (UUIDv7) makes a retried append idempotent. */
export type EventToAppend = Readonly<{
  id: string;
  type: string;
  version?: number;
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
  occurredAt: Date;
}>;

export type AppendResult = Readonly<{
  /** Revision of the stream's last event after the append: pass it as the next expectation. */
  nextExpectedRevision: number;
  /** Global position of the last event appended. */
  position: number;
}>;

export type ReadStreamOptions = Readonly<{
  direction?: 'forwards' | 'backwards';
  /** Start here (inclusive); defaults to the first (forwards) or last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}>;

export type ReadAllOptions = Readonly<{
  /** Return events strictly after this global position (0 = from the beginning). */
  after?: number;
  maxCount?: number;
}>;

export type SubscribeOptions = Readonly<{
  /** Deliver events strictly after this position: a checkpoint, or 0 for everything. */
  after?: number;
  /** How many events one read fetches while catching up. */
  batchSize?: number;
}>;

/**
 * A catch-up subscription: yields every stored event after the start position in global order,
 * then keeps yielding live appends until `stop()`.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

/** The maximum size of one event's serialized data and metadata, in bytes. */
export const MAX_EVENT_BYTES = 1024 * 1024;

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: Readonly<{ expectedRevision?: ExpectedRevision }>,
  ): Promise<AppendResult>;
  /** The stream's events; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** The position of the last stored event (0 when empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}
