import type { z } from 'zod';
import { ValidationError } from './core/index.js';
import { notificationEventSchemas, type NotificationEvent } from './notification/notification.js';
import { resetEventSchemas, type ResetEvent } from './passwordReset/passwordReset.js';
import { tenantEventSchemas, type TenantEvent } from './tenant/tenant.js';
import { userEventSchemas, type UserEvent } from './user/user.js';

/** Every event type of the product, one discriminated union. */
export type ResetlineEvent = TenantEvent | UserEvent | ResetEvent | NotificationEvent;
export type ResetlineEventType = ResetlineEvent['type'];

/** The zod schema of each event's data, by type (version 1 of each). */
export const eventSchemas: Readonly<Record<ResetlineEventType, z.ZodType>> = {
  ...tenantEventSchemas,
  ...userEventSchemas,
  ...resetEventSchemas,
  ...notificationEventSchemas,
};

export const eventTypes = Object.keys(eventSchemas) as ResetlineEventType[];

export const isResetlineEventType = (type: string): type is ResetlineEventType =>
  Object.hasOwn(eventSchemas, type);

/** Checks an event's data against its schema; throws a ValidationError naming the bad field. */
export const parseEvent = <E extends ResetlineEvent>(event: { type: string; data: unknown }): E => {
  if (!isResetlineEventType(event.type)) {
    throw new ValidationError('UnknownEventType', `Unknown event type "${event.type}"`);
  }
  const result = eventSchemas[event.type].safeParse(event.data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ValidationError(
      'InvalidEvent',
      `${event.type}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return { type: event.type, data: result.data } as E;
};

/**
 * Field names whose values are secrets at rest (hashes, sealed codes, TOTP secrets): the audit
 * projection and any export drop them.
 */
export const secretFieldNames: ReadonlySet<string> = new Set([
  'hash',
  'codeHash',
  'sealedCode',
  'sealedTotpSecret',
  'answerHash',
  'badPasswordKey',
  'sealedBindPassword',
]);
