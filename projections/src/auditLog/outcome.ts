import type { RecordedEvent, ResetlineEventType } from '@resetline/domain';

export type Outcome = Readonly<{ result: 'success' | 'failure'; failureReason: string }>;

const success: Outcome = { result: 'success', failureReason: '' };
const failure = (reason: unknown): Outcome => ({
  result: 'failure',
  failureReason: String(reason),
});

/** Failures whose reason is the event's `reason` field. */
export const reasonFieldFailures: readonly ResetlineEventType[] = [
  'PasswordChangeFailed',
  'ResetGateFailed',
  'PasswordResetFailed',
  'SignInFailed',
  'SelfServiceResetBlocked',
  'NotificationFailed',
];

/** Failures whose reason is always the same word. */
export const fixedFailures: Readonly<Partial<Record<ResetlineEventType, string>>> = {
  SecurityInfoVerificationFailed: 'wrongCode',
  AccountLocked: 'locked',
  UnknownUserSignInFailed: 'unknownUser',
};

/** Whether the event records something that worked or was refused, and the domain's reason. */
export const outcomeOf = (event: RecordedEvent): Outcome => {
  const data = event.data;
  const type = event.type as ResetlineEventType;
  const fixed = fixedFailures[type];
  if (fixed !== undefined) return failure(fixed);
  if (reasonFieldFailures.includes(type)) return failure(data['reason']);
  switch (type) {
    case 'PasswordResetStarted':
      return data['eligible'] === false
        ? failure(data['ineligibleReason'] ?? 'ineligible')
        : success;
    case 'ResetPasswordRejected':
      return failure((data['reasons'] as string[] | undefined)?.join(',') ?? 'rejected');
    case 'PasswordResetAbandoned':
      return failure(`abandoned:${String(data['step'])}`);
    default:
      return success;
  }
};
