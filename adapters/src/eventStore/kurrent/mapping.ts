import { ValidationError, WrongExpectedRevisionError } from '@resetline/domain';
import type { EventMetadata, ExpectedRevision, RecordedEvent } from '@resetline/domain';
import {
  ANY,
  AppendRecordSizeExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type {
  AllStreamResolvedEvent,
  AppendStreamState,
  Position,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';

/**
 * KurrentDB has no fields for our occurredAt and schema version, so the stored metadata wraps
 * ours. `$correlationId`/`$causationId` are the server's own conventions (system projections).
 */
export type StoredMetadata = Readonly<{
  metadata: EventMetadata;
  occurredAt: string;
  version: number;
  $correlationId: string;
  $causationId?: string;
}>;

export const toStoredMetadata = (
  metadata: EventMetadata,
  occurredAt: Date,
  version: number,
): StoredMetadata => ({
  metadata,
  occurredAt: occurredAt.toISOString(),
  version,
  $correlationId: metadata.correlationId,
  ...(metadata.causationId ? { $causationId: metadata.causationId } : {}),
});

export const toStreamState = (expected: ExpectedRevision): AppendStreamState => {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  return BigInt(expected);
};

/**
 * Our positions are the commit position as a number. Events of one append are written as
 * self-committing records in current servers, so commit = prepare for each of them and the
 * pair can be rebuilt from the number.
 */
export const toPosition = (position: number): Position => ({
  commit: BigInt(position),
  prepare: BigInt(position),
});

export const fromPosition = (position: Position | undefined): number =>
  position === undefined ? 0 : Number(position.commit);

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

/** Our events only: links, system events and non-JSON records are skipped. */
export const toRecordedEvent = (resolved: AnyResolvedEvent): RecordedEvent | undefined => {
  const event = resolved.event;
  if (!event || !event.isJson || event.type.startsWith('$')) return undefined;
  const stored = event.metadata as Partial<StoredMetadata> | undefined;
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: fromPosition(event.position) || Number(resolved.commitPosition ?? 0),
    type: event.type,
    version: stored?.version ?? 1,
    data: event.data as Record<string, unknown>,
    metadata: stored?.metadata as EventMetadata,
    occurredAt: stored?.occurredAt ? new Date(stored.occurredAt) : event.created,
  };
};

const describeState = (state: unknown): string =>
  typeof state === 'bigint' ? state.toString() : String(state);

/** Translates the client's errors into ours; anything else passes through unchanged. */
export const translateError = (
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
): unknown => {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(
      streamId,
      String(expected),
      describeState(error.actualState),
    );
  }
  if (
    error instanceof MaxAppendSizeExceededError ||
    error instanceof AppendRecordSizeExceededError
  ) {
    return new ValidationError(
      'EventTooLarge',
      `The append to stream ${streamId} is over the server's maximum append size`,
      { streamId },
    );
  }
  return error;
};
