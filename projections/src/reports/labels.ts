import type { MethodKind, Role } from '@resetline/domain';

/** The "Method used" labels of Entra's reports. */
export type MethodLabel =
  'App code' | 'Phone call' | 'Office call' | 'SMS' | 'Email' | 'Security questions';

const methodLabels: Readonly<Record<MethodKind, MethodLabel>> = {
  authenticator: 'App code',
  mobilePhone: 'SMS',
  officePhone: 'Office call',
  email: 'Email',
  securityQuestions: 'Security questions',
};

/**
 * A method's label. The report rows carry no delivery channel (only codes sent do, and no report
 * lists them), so a mobile phone is shown as SMS, its default.
 */
export const methodLabel = (method: string): string =>
  (methodLabels as Readonly<Record<string, string>>)[method] ?? method;

const roleLabels: readonly (readonly [Role, string])[] = [
  ['globalAdmin', 'Global administrator'],
  ['passwordAdmin', 'Password administrator'],
  ['reportsReader', 'Reports reader'],
  ['auditReader', 'Audit reader'],
];

/** The "Role" column: the user's most powerful role, as Entra names it. */
export const roleLabel = (roles: readonly string[]): string =>
  roleLabels.find(([role]) => roles.includes(role))?.[1] ?? 'User';

/** "Status" column values. */
export const statusLabel = (status: string): string =>
  ({
    completed: 'Success',
    success: 'Success',
    failed: 'Failure',
    failure: 'Failure',
    abandoned: 'Abandoned',
  })[status] ?? 'In progress';
