import type { RecordedEvent, ResetlineEventType } from '@resetline/domain';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { Projection, Row, SqlTwin } from '../projector/projection.js';
import { dataText, occurredAtSql, tenantIdSql } from '../projector/storedEventSql.js';

/** A profile field an event can set; `changed` lists the ones it did. */
export type ProfileField =
  | 'username'
  | 'display_name'
  | 'source'
  | 'roles'
  | 'groups'
  | 'status'
  | 'reregistration_required';

type Changes = Partial<Record<ProfileField, unknown>>;

const renamed: Readonly<Record<string, ProfileField>> = {
  displayName: 'display_name',
  roles: 'roles',
  groups: 'groups',
};

const statusBy: Partial<Record<ResetlineEventType, string>> = {
  UserProvisioned: 'active',
  UserDisabled: 'disabled',
  UserEnabled: 'active',
  UserDeleted: 'deleted',
};

const provisionedProfile = (d: Readonly<Record<string, unknown>>): Changes => ({
  username: d['username'],
  display_name: d['displayName'],
  source: d['source'],
  roles: d['roles'],
  groups: d['groups'],
  status: statusBy.UserProvisioned,
  reregistration_required: 0,
});

const changesOf = (event: RecordedEvent): Changes | undefined => {
  const d = event.data;
  switch (event.type) {
    case 'UserProvisioned':
      return provisionedProfile(d);
    case 'UserUpdated':
      return Object.fromEntries(
        Object.entries(d)
          .filter(([key, value]) => renamed[key] && value !== undefined)
          .map(([key, value]) => [renamed[key], value]),
      );
    case 'UserDisabled':
    case 'UserEnabled':
    case 'UserDeleted':
      return { status: statusBy[event.type] };
    case 'ReregistrationRequired':
      return { reregistration_required: 1 };
    case 'SecurityInfoRegistered':
      return { reregistration_required: 0 };
    default:
      return undefined;
  }
};

const provisioned = `type = 'UserProvisioned'`;
// UserUpdated sets whichever fields it carries: toRows projects it.
const sql: SqlTwin = {
  columns: [
    'username',
    'display_name',
    'source',
    'roles',
    'groups',
    'status',
    'reregistration_required',
    'tenant_id',
    'user_id',
    'position',
    'occurred_at',
    'changed',
  ],
  select: `if(${provisioned}, ${dataText('username')}, ''),
    if(${provisioned}, ${dataText('displayName')}, ''),
    if(${provisioned}, ${dataText('source')}, ''),
    if(${provisioned}, JSONExtract(data, 'roles', 'Array(String)'), []),
    if(${provisioned}, JSONExtract(data, 'groups', 'Array(String)'), []),
    transform(type, {profile_status_types:Array(String)}, {profile_statuses:Array(String)}, ''),
    type = 'ReregistrationRequired',
    ${tenantIdSql}, substring(stream_id, ${'user-'.length + 1}), position, ${occurredAtSql},
    multiIf(${provisioned}, {profile_provisioned_fields:Array(String)},
      has({profile_status_types:Array(String)}, type), ['status'], ['reregistration_required'])`,
  where: `startsWith(stream_id, 'user-')`,
  inJs: `type = 'UserUpdated'`,
  params: {
    profile_status_types: Object.keys(statusBy),
    profile_statuses: Object.values(statusBy),
    profile_provisioned_fields: Object.keys(provisionedProfile({})),
  },
};

const empty = {
  username: '',
  display_name: '',
  source: '',
  roles: [],
  groups: [],
  status: '',
  reregistration_required: 0,
};

/** Who each user is (name, source, roles, groups, status) for the report columns. */
export const userProfilesProjection: Projection = {
  name: 'user_profiles',
  version: 1,
  table: 'user_profile_changes',
  tables: ['user_profile_changes'],
  rowsKeyedByPosition: true,
  handles: [
    'UserProvisioned',
    'UserUpdated',
    'UserDisabled',
    'UserEnabled',
    'UserDeleted',
    'ReregistrationRequired',
    'SecurityInfoRegistered',
  ] satisfies ResetlineEventType[],
  toRows: (event): Row[] => {
    const changes = changesOf(event);
    if (!changes || !event.streamId.startsWith('user-')) return [];
    return [
      {
        ...empty,
        ...changes,
        tenant_id: event.metadata.tenantId,
        user_id: event.streamId.slice('user-'.length),
        position: event.position,
        occurred_at: toClickHouseTime(event.occurredAt),
        changed: Object.keys(changes),
      },
    ];
  },
  sql,
};
