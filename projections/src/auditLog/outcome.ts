import type { RecordedEvent } from '@resetline/domain';

export type Outcome = Readonly<{ result: 'success' | 'failure'; failureReason: string }>;

const success: Outcome = { result: 'success', failureReason: '' };
const failure = (reason: unknown): Outcome => ({
  result: 'failure',
  failureReason: String(reason),
});

/** Whether the event records something that worked or was refused, and the domain's reason. */
export const outcomeOf = (event: RecordedEvent): Outcome => {
  const data = event.data;
  switch (event.type) {
    case 'PasswordResetStarted':
      return data['eligible'] === false
        ? failure(data['ineligibleReason'] ?? 'ineligible')
        : success;
    case 'ResetPasswordRejected':
      return failure((data['reasons'] as string[] | undefined)?.join(',') ?? 'rejected');
    case 'PasswordResetAbandoned':
      return failure(`abandoned:${String(data['step'])}`);
    case 'SecurityInfoVerificationFailed':
      return failure('wrongCode');
    case 'PasswordChangeFailed':
    case 'ResetGateFailed':
    case 'PasswordResetFailed':
    case 'SignInFailed':
    case 'SelfServiceResetBlocked':
    case 'NotificationFailed':
      return failure(data['reason']);
    case 'AccountLocked':
      return failure('locked');
    case 'UnknownUserSignInFailed':
      return failure('unknownUser');
    default:
      return success;
  }
};
