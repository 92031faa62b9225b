import { MAX_EVENT_BYTES, ValidationError } from '@resetline/domain';
import type { EventToAppend, ExpectedRevision } from '@resetline/domain';

/** An event checked and serialized once, before any adapter writes it. */
export type SerializedEvent = Readonly<{
  id: string;
  type: string;
  version: number;
  data: string;
  metadata: string;
  occurredAt: Date;
}>;

// Any RFC 4122 UUID: KurrentDB requires UUID event ids, so the SQLite store does too.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const validateStreamId = (streamId: unknown): string => {
  if (typeof streamId !== 'string' || streamId.trim() === '') {
    throw new ValidationError('InvalidStreamId', 'Stream id must be a non-empty string');
  }
  return streamId;
};

export const validateExpectedRevision = (expected: unknown): ExpectedRevision => {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') {
    return expected;
  }
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) {
    return expected;
  }
  throw new ValidationError(
    'InvalidExpectedRevision',
    `Expected revision must be 'no_stream', 'stream_exists', 'any' or a revision >= 0, got ${String(expected)}`,
  );
};

const serializeEvent = (streamId: string, event: EventToAppend, index: number): SerializedEvent => {
  const where = `event #${index} of the append to stream ${streamId}`;
  if (typeof event?.id !== 'string' || !UUID.test(event.id)) {
    throw new ValidationError('InvalidEventId', `The id of ${where} must be a UUID`);
  }
  if (typeof event.type !== 'string' || event.type.trim() === '') {
    throw new ValidationError(
      'InvalidEventType',
      `The type of ${where} must be a non-empty string`,
    );
  }
  const version = event.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new ValidationError(
      'InvalidEventVersion',
      `The version of ${where} must be an integer >= 1`,
    );
  }
  if (!(event.occurredAt instanceof Date) || Number.isNaN(event.occurredAt.getTime())) {
    throw new ValidationError(
      'InvalidOccurredAt',
      `The occurredAt of ${where} must be a valid Date`,
    );
  }
  if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) {
    throw new ValidationError('InvalidEventData', `The data of ${where} must be an object`);
  }
  if (typeof event.metadata !== 'object' || event.metadata === null) {
    throw new ValidationError('InvalidEventMetadata', `The metadata of ${where} must be an object`);
  }
  const data = JSON.stringify(event.data);
  const metadata = JSON.stringify(event.metadata);
  const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
  if (size > MAX_EVENT_BYTES) {
    throw new ValidationError(
      'EventTooLarge',
      `Event ${event.type} for stream ${streamId} is ${size} bytes of data and metadata, over the limit of ${MAX_EVENT_BYTES} bytes`,
      { streamId, type: event.type, size, limit: MAX_EVENT_BYTES },
    );
  }
  return { id: event.id, type: event.type, version, data, metadata, occurredAt: event.occurredAt };
};

/**
 * Checks a whole append before anything is written: one bad event rejects all of them.
 * Throws a ValidationError naming the stream, the event and what is wrong.
 */
export const serializeAppend = (
  streamId: string,
  events: readonly EventToAppend[],
): SerializedEvent[] => {
  validateStreamId(streamId);
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError(
      'NoEventsToAppend',
      `An append to stream ${streamId} needs at least one event`,
    );
  }
  const serialized = events.map((event, index) => serializeEvent(streamId, event, index));
  const ids = new Set(serialized.map((e) => e.id.toLowerCase()));
  if (ids.size !== serialized.length) {
    throw new ValidationError(
      'DuplicateEventIdInAppend',
      `The append to stream ${streamId} holds the same event id twice`,
    );
  }
  return serialized;
};

const positiveInteger = (name: string, value: number | undefined): void => {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
    throw new ValidationError(
      'InvalidReadOption',
      `${name} must be an integer >= 1, got ${String(value)}`,
    );
  }
};

const nonNegativeInteger = (name: string, value: number | undefined): void => {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new ValidationError(
      'InvalidReadOption',
      `${name} must be an integer >= 0, got ${String(value)}`,
    );
  }
};

export const validateReadOptions = (
  options: Readonly<{
    maxCount?: number;
    fromRevision?: number;
    after?: number;
    batchSize?: number;
  }>,
): void => {
  positiveInteger('maxCount', options.maxCount);
  positiveInteger('batchSize', options.batchSize);
  nonNegativeInteger('fromRevision', options.fromRevision);
  nonNegativeInteger('after', options.after);
};
