import type { RecordedEvent, ResetlineEventType } from '@resetline/domain';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { Projection, Row } from '../projector/projection.js';
import { dataText, occurredAtSql, tenantIdSql } from '../projector/storedEventSql.js';

/**
 * `provisioned` and `deleted` bound a user's life (the coverage denominator); `registered` and
 * `removed` change one method; `reviewed` and `reregistrationRequired` concern all of them.
 */
export type RegistrationChange =
  'provisioned' | 'deleted' | 'registered' | 'removed' | 'reviewed' | 'reregistrationRequired';

const changes: Partial<Record<ResetlineEventType, RegistrationChange>> = {
  UserProvisioned: 'provisioned',
  UserDeleted: 'deleted',
  SecurityInfoRegistered: 'registered',
  SecurityInfoRemoved: 'removed',
  SecurityInfoReviewed: 'reviewed',
  ReregistrationRequired: 'reregistrationRequired',
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const toRow = (event: RecordedEvent, change: RegistrationChange): Row => ({
  tenant_id: event.metadata.tenantId,
  user_id: event.streamId.slice('user-'.length),
  occurred_at: toClickHouseTime(event.occurredAt),
  position: event.position,
  change,
  method: text(event.data['method']),
  // Only the masked form: the clear target never leaves the event store.
  masked_target: text(event.data['maskedTarget']),
  by_admin: event.data['byAdmin'] === true ? 1 : 0,
});

/** Who registered which methods, change by change, so coverage can be read as of any date. */
export const registrationStateProjection: Projection = {
  name: 'registration_state',
  version: 1,
  table: 'registration_changes',
  tables: ['registration_changes'],
  rowsKeyedByPosition: true,
  handles: Object.keys(changes) as ResetlineEventType[],
  toRows: (event) => {
    const change = changes[event.type as ResetlineEventType];
    return change ? [toRow(event, change)] : [];
  },
  sql: {
    columns: [
      'tenant_id',
      'user_id',
      'occurred_at',
      'position',
      'change',
      'method',
      'masked_target',
      'by_admin',
    ],
    select: `${tenantIdSql}, substring(stream_id, ${'user-'.length + 1}), ${occurredAtSql}, position,
      transform(type, {registration_types:Array(String)}, {registration_changes:Array(String)}, ''),
      ${dataText('method')}, ${dataText('maskedTarget')}, JSONExtractBool(data, 'byAdmin')`,
    params: {
      registration_types: Object.keys(changes),
      registration_changes: Object.values(changes),
    },
  },
};
