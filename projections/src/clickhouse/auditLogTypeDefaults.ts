/**
 * What the audit log's type-derived columns hold for each event type, frozen when migration 7 made
 * them column DEFAULTs: an audit row sends an empty field where its value equals this entry, and
 * ClickHouse fills it in from `event_type` (~75 of an audit row's ~475 TabSeparated bytes). A value
 * that differs (an unlock by an admin, a refused start, a name changed since) is sent as it is,
 * so the stored rows are the same either way. Never edit: a new snapshot needs a new migration.
 */
export const auditLogTypeDefaults: Readonly<
  Record<
    string,
    readonly [service: string, category: string, activity: string, feature: string, result: string]
  >
> = {
  TenantCreated: ['Core Directory', 'DirectoryManagement', 'Create tenant', 'Account', 'success'],
  TenantTierChanged: [
    'Core Directory',
    'DirectoryManagement',
    'Change tenant licence tier',
    'Account',
    'success',
  ],
  SsprPolicyUpdated: [
    'Self-service Password Management',
    'Policy',
    'Self-service password reset policy changes',
    'Policy',
    'success',
  ],
  PasswordPolicyUpdated: [
    'Self-service Password Management',
    'Policy',
    'Password policy changes',
    'Policy',
    'success',
  ],
  LockoutPolicyUpdated: [
    'Self-service Password Management',
    'Policy',
    'Smart lockout policy changes',
    'Policy',
    'success',
  ],
  TenantBrandingUpdated: [
    'Core Directory',
    'DirectoryManagement',
    'Update company branding',
    'Account',
    'success',
  ],
  DirectoryWritebackConfigured: [
    'Self-service Password Management',
    'Policy',
    'Update password writeback configuration',
    'Policy',
    'success',
  ],
  DirectoryWritebackRemoved: [
    'Self-service Password Management',
    'Policy',
    'Remove password writeback configuration',
    'Policy',
    'success',
  ],
  UsernameReserved: ['Core Directory', 'UserManagement', 'Reserve user name', 'Account', 'success'],
  UserProvisioned: ['Core Directory', 'UserManagement', 'Add user', 'Account', 'success'],
  UserUpdated: ['Core Directory', 'UserManagement', 'Update user', 'Account', 'success'],
  UserDisabled: ['Core Directory', 'UserManagement', 'Disable account', 'Account', 'success'],
  UserEnabled: ['Core Directory', 'UserManagement', 'Enable account', 'Account', 'success'],
  UserDeleted: ['Core Directory', 'UserManagement', 'Delete user', 'Account', 'success'],
  SecurityInfoVerificationRequested: [
    'Authentication Methods',
    'UserManagement',
    'User started security info registration',
    'Registration',
    'success',
  ],
  SecurityInfoVerificationFailed: [
    'Authentication Methods',
    'UserManagement',
    'User started security info registration',
    'Registration',
    'failure',
  ],
  SecurityInfoRegistered: [
    'Authentication Methods',
    'UserManagement',
    'User registered security info',
    'Registration',
    'success',
  ],
  RequiredSecurityInfoRegistered: [
    'Authentication Methods',
    'UserManagement',
    'User registered all required security info',
    'Registration',
    'success',
  ],
  SecurityInfoReviewed: [
    'Authentication Methods',
    'UserManagement',
    'User reviewed security info',
    'Registration',
    'success',
  ],
  SecurityInfoRemoved: [
    'Authentication Methods',
    'UserManagement',
    'User deleted security info',
    'Registration',
    'success',
  ],
  ReregistrationRequired: [
    'Authentication Methods',
    'UserManagement',
    'Require re-register security info',
    'Registration',
    'success',
  ],
  InitialPasswordSet: [
    'Core Directory',
    'UserManagement',
    'Set initial password',
    'Account',
    'success',
  ],
  PasswordChanged: [
    'Self-service Password Management',
    'UserManagement',
    'Change password (self-service)',
    'Change',
    'success',
  ],
  PasswordChangeFailed: [
    'Self-service Password Management',
    'UserManagement',
    'Change password (self-service)',
    'Change',
    'failure',
  ],
  PasswordReset: [
    'Self-service Password Management',
    'UserManagement',
    'Reset password (self-service)',
    'Reset',
    'success',
  ],
  PasswordResetByAdmin: [
    'Self-service Password Management',
    'UserManagement',
    'Reset password (by admin)',
    'Reset',
    'success',
  ],
  AdminResetRequested: [
    'Self-service Password Management',
    'UserManagement',
    'Reset password (by admin)',
    'Reset',
    'success',
  ],
  PasswordRehashed: [
    'Core Directory',
    'UserManagement',
    'Upgrade password hash',
    'Account',
    'success',
  ],
  SignInSucceeded: ['Sign-in activity', 'SignIn', 'Sign-in', 'SignIn', 'success'],
  SignInFailed: ['Sign-in activity', 'SignIn', 'Sign-in', 'SignIn', 'failure'],
  AccountLocked: ['Sign-in activity', 'SignIn', 'Lock user account', 'SignIn', 'failure'],
  AccountUnlocked: [
    'Self-service Password Management',
    'UserManagement',
    'Unlock user account (self-service)',
    'Unlock',
    'success',
  ],
  ResetAttemptCounted: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'success',
  ],
  SelfServiceResetBlocked: [
    'Self-service Password Management',
    'UserManagement',
    'Blocked from self-service password reset',
    'Reset',
    'failure',
  ],
  AuthenticatorCodeAccepted: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'success',
  ],
  UnknownUserSignInFailed: ['Sign-in activity', 'SignIn', 'Sign-in', 'SignIn', 'failure'],
  PasswordResetStarted: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'success',
  ],
  ResetCodeSent: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'success',
  ],
  ResetGatePassed: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'success',
  ],
  ResetGateFailed: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'failure',
  ],
  ResetPasswordRejected: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'failure',
  ],
  PasswordResetCompleted: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'success',
  ],
  AccountUnlockCompleted: [
    'Self-service Password Management',
    'UserManagement',
    'Unlock user account (self-service)',
    'Unlock',
    'success',
  ],
  PasswordResetFailed: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'failure',
  ],
  PasswordResetAbandoned: [
    'Self-service Password Management',
    'UserManagement',
    'Self-service password reset flow activity progress',
    'Reset',
    'failure',
  ],
  NotificationSent: ['Notifications', 'Notification', 'Send notification', 'Account', 'success'],
  NotificationFailed: ['Notifications', 'Notification', 'Send notification', 'Account', 'failure'],
};

export const auditLogDerivedColumns = [
  'service',
  'category',
  'activity',
  'feature',
  'result',
] as const;

const literal = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `ALTER TABLE audit_log MODIFY COLUMN … DEFAULT transform(event_type, …)`, one per column. */
export const auditLogTypeDefaultStatements = (): string[] => {
  const types = Object.keys(auditLogTypeDefaults);
  return auditLogDerivedColumns.map((column, i) => {
    const values = types.map((t) =>
      literal((auditLogTypeDefaults[t] as readonly string[])[i] as string),
    );
    return `ALTER TABLE audit_log MODIFY COLUMN ${column} LowCardinality(String)
      DEFAULT transform(toString(event_type), [${types.map(literal).join(', ')}], [${values.join(', ')}], '')`;
  });
};
