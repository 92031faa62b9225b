import { z } from 'zod';

/** Who caused something: an end user, an admin acting on someone, the system, or nobody known. */
export type ActorKind = 'user' | 'admin' | 'system' | 'anonymous';
export type Actor = Readonly<{ kind: ActorKind; id: string }>;

/** A domain event before it is stored: a past-tense type and its data. */
export type Event<Type extends string = string, Data = Record<string, unknown>> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** What every stored event carries besides its data (the envelope's metadata). */
export type EventMetadata = Readonly<{
  tenantId: string;
  actor: Actor;
  correlationId: string;
  causationId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}>;

/** An event as the store hands it back. Revisions count from 0 per stream, positions from 1. */
export type RecordedEvent<E extends Event = Event> = E &
  Readonly<{
    id: string;
    streamId: string;
    revision: number;
    position: number;
    version: number;
    occurredAt: Date;
    metadata: EventMetadata;
  }>;

export const actorSchema = z.object({
  kind: z.enum(['user', 'admin', 'system', 'anonymous']),
  id: z.string().min(1),
});

export const eventMetadataSchema = z.object({
  tenantId: z.string().min(1),
  actor: actorSchema,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).optional(),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
});

/** The envelope every stored event satisfies, whatever its type. */
export const envelopeSchema = z.object({
  id: z.string().min(1),
  streamId: z.string().min(1),
  revision: z.number().int().nonnegative(),
  position: z.number().int().positive(),
  version: z.number().int().positive(),
  occurredAt: z.date(),
  metadata: eventMetadataSchema,
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});
