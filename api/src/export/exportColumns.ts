import type { CsvColumn } from './csv.js';

const columns = (pairs: readonly (readonly [string, string])[]): CsvColumn[] =>
  pairs.map(([key, header]) => ({ key, header }));

const activity = columns([
  ['date', 'Date'],
  ['userName', 'User name'],
  ['user', 'User'],
  ['role', 'Role'],
  ['feature', 'Feature'],
  ['activity', 'Activity'],
  ['methodsUsed', 'Method used'],
  ['status', 'Status'],
  ['failureReason', 'Reason for failure'],
]);

/** The CSV columns of each report, with the headers product.md names. */
export const exportColumns: Readonly<Record<string, readonly CsvColumn[]>> = {
  resetActivity: activity,
  registrationActivity: activity,
  auditLog: columns([
    ['occurredAt', 'Date'],
    ['service', 'Service'],
    ['category', 'Category'],
    ['activity', 'Activity'],
    ['result', 'Result'],
    ['failureReason', 'Reason for failure'],
    ['actorKind', 'Actor type'],
    ['actorId', 'Actor'],
    ['targetUserId', 'Target user'],
    ['targetUsername', 'Target user name'],
    ['method', 'Method'],
    ['flowId', 'Flow'],
    ['ip', 'IP address'],
    ['userAgent', 'User agent'],
    ['correlationId', 'Correlation id'],
    ['eventType', 'Event type'],
    ['position', 'Position'],
    ['details', 'Details'],
  ]),
  registrationDetails: columns([
    ['userName', 'User name'],
    ['name', 'Name'],
    ['ssprRegistered', 'SSPR registered'],
    ['ssprEnabled', 'SSPR enabled'],
    ['ssprCapable', 'SSPR capable'],
    ['methodsRegistered', 'Methods registered'],
    ['lastUpdated', 'Last updated'],
  ]),
  usageInsights: columns([
    ['day', 'Day'],
    ['feature', 'Feature'],
    ['method', 'Method'],
    ['result', 'Result'],
    ['count', 'Count'],
  ]),
  resetFunnel: columns([
    ['gate', 'Gate'],
    ['method', 'Method'],
    ['started', 'Started'],
    ['verified', 'Verified'],
    ['completed', 'Completed'],
    ['abandoned', 'Abandoned'],
    ['failed', 'Failed'],
    ['medianSecondsToVerify', 'Median seconds to verify'],
  ]),
  registrationCoverage: columns([
    ['asOf', 'As of'],
    ['users', 'Users'],
    ['registered', 'Registered'],
  ]).concat({
    key: 'byMethod',
    header: 'By method',
    format: (value) =>
      (value as readonly { method: string; users: number }[]).map((m) => `${m.method}: ${m.users}`),
  }),
};
