import type { RecordedEvent } from '@resetline/domain';
import type { Projection, Row } from '../projector/projection.js';

const toRows = (event: RecordedEvent): readonly Row[] => {
  const policy = event.data['policy'] as { retentionDays: number; legalHold: boolean };
  return [
    {
      tenant_id: event.metadata.tenantId,
      position: event.position,
      retention_days: policy.retentionDays,
      legal_hold: policy.legalHold ? 1 : 0,
    },
  ];
};

/** Each tenant's audit retention and legal hold, which the retention sweep deletes by. */
export const tenantRetentionProjection: Projection = {
  name: 'tenant_retention',
  version: 1,
  table: 'tenant_retention',
  tables: ['tenant_retention'],
  handles: ['AuditPolicyUpdated'],
  toRows,
};
