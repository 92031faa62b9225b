import type { RecordedEvent, ResetlineEventType } from '@resetline/domain';

/** Entra's audit services. */
export const services = {
  sspr: 'Self-service Password Management',
  authenticationMethods: 'Authentication Methods',
  directory: 'Core Directory',
  signIn: 'Sign-in activity',
  notifications: 'Notifications',
} as const;

/** The feature column of the reset and registration activity reports. */
export type Feature =
  'Registration' | 'Reset' | 'Change' | 'Unlock' | 'Policy' | 'Account' | 'SignIn';

export type Activity = Readonly<{
  activity: string;
  service: string;
  category: string;
  feature: Feature;
}>;

const sspr = (activity: string, feature: Feature, category = 'UserManagement'): Activity => ({
  activity,
  service: services.sspr,
  category,
  feature,
});
const methods = (activity: string): Activity => ({
  activity,
  service: services.authenticationMethods,
  category: 'UserManagement',
  feature: 'Registration',
});
const directory = (activity: string, category = 'UserManagement'): Activity => ({
  activity,
  service: services.directory,
  category,
  feature: 'Account',
});
const signIn = (activity: string): Activity => ({
  activity,
  service: services.signIn,
  category: 'SignIn',
  feature: 'SignIn',
});

const notification = (activity: string): Activity => ({
  activity,
  service: services.notifications,
  category: 'Notification',
  feature: 'Account',
});

const flowProgress = sspr('Self-service password reset flow activity progress', 'Reset');

/**
 * Entra's exact activity strings where Entra has one (product.md); otherwise a name in the same
 * style, so every event has a readable row in the audit log.
 */
const activities: Readonly<Record<ResetlineEventType, Activity>> = {
  TenantCreated: directory('Create tenant', 'DirectoryManagement'),
  TenantTierChanged: directory('Change tenant licence tier', 'DirectoryManagement'),
  SsprPolicyUpdated: sspr('Self-service password reset policy changes', 'Policy', 'Policy'),
  PasswordPolicyUpdated: sspr('Password policy changes', 'Policy', 'Policy'),
  LockoutPolicyUpdated: sspr('Smart lockout policy changes', 'Policy', 'Policy'),
  AuditPolicyUpdated: sspr('Audit log retention policy changes', 'Policy', 'Policy'),
  TenantBrandingUpdated: directory('Update company branding', 'DirectoryManagement'),
  DirectoryWritebackConfigured: sspr('Update password writeback configuration', 'Policy', 'Policy'),
  DirectoryWritebackRemoved: sspr('Remove password writeback configuration', 'Policy', 'Policy'),
  UsernameReserved: directory('Reserve user name'),
  UserProvisioned: directory('Add user'),
  UserUpdated: directory('Update user'),
  UserDisabled: directory('Disable account'),
  UserEnabled: directory('Enable account'),
  UserDeleted: directory('Delete user'),
  SecurityInfoVerificationRequested: methods('User started security info registration'),
  SecurityInfoVerificationFailed: methods('User started security info registration'),
  SecurityInfoRegistered: methods('User registered security info'),
  RequiredSecurityInfoRegistered: methods('User registered all required security info'),
  SecurityInfoReviewed: methods('User reviewed security info'),
  SecurityInfoRemoved: methods('User deleted security info'),
  ReregistrationRequired: methods('Require re-register security info'),
  InitialPasswordSet: directory('Set initial password'),
  PasswordChanged: sspr('Change password (self-service)', 'Change'),
  PasswordChangeFailed: sspr('Change password (self-service)', 'Change'),
  PasswordReset: sspr('Reset password (self-service)', 'Reset'),
  PasswordResetByAdmin: sspr('Reset password (by admin)', 'Reset'),
  AdminResetRequested: sspr('Reset password (by admin)', 'Reset'),
  PasswordRehashed: directory('Upgrade password hash'),
  SignInSucceeded: signIn('Sign-in'),
  SignInFailed: signIn('Sign-in'),
  AccountLocked: signIn('Lock user account'),
  AccountUnlocked: sspr('Unlock user account (self-service)', 'Unlock'),
  ResetAttemptCounted: flowProgress,
  SelfServiceResetBlocked: sspr('Blocked from self-service password reset', 'Reset'),
  AuthenticatorCodeAccepted: flowProgress,
  UnknownUserSignInFailed: signIn('Sign-in'),
  PasswordResetStarted: flowProgress,
  ResetCodeSent: flowProgress,
  ResetGatePassed: flowProgress,
  ResetGateFailed: flowProgress,
  ResetPasswordRejected: flowProgress,
  PasswordResetCompleted: flowProgress,
  AccountUnlockCompleted: sspr('Unlock user account (self-service)', 'Unlock'),
  PasswordResetFailed: flowProgress,
  PasswordResetAbandoned: flowProgress,
  NotificationSent: notification('Send notification'),
  NotificationFailed: notification('Send notification'),
};

/** An unlock's activity by who unlocked (`by`); another value gets AccountUnlocked's. */
export const unlockBy: Readonly<Record<string, Activity>> = {
  self: activities.AccountUnlocked,
  admin: sspr('Unlock user account (by admin)', 'Unlock'),
  reset: sspr('Unlock user account (by reset)', 'Unlock'),
};

/** The activity of an event; unknown (future) types get their type name, never an error. */
export const activityOf = (event: RecordedEvent): Activity => {
  if (event.type === 'AccountUnlocked') {
    return unlockBy[String(event.data['by'])] ?? activities.AccountUnlocked;
  }
  if (event.type === 'PasswordResetStarted' && event.data['purpose'] === 'unlock') {
    return { ...flowProgress, feature: 'Unlock' };
  }
  return (
    (activities as Readonly<Record<string, Activity>>)[event.type] ?? directory(event.type, 'Other')
  );
};
