import type { Actor } from './event.js';

/** Who asks and when: every decision takes its time from here, never from a clock. */
export type CommandMetadata = Readonly<{
  now: Date;
  tenantId: string;
  actor: Actor;
  correlationId: string;
  causationId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}>;

export type Command<Type extends string = string, Data = Record<string, unknown>> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;
