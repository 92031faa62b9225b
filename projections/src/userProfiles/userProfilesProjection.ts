import type { RecordedEvent, ResetlineEventType } from '@resetline/domain';
import { toClickHouseTime } from '../clickhouse/createClickHouse.js';
import type { Projection, Row } from '../projector/projection.js';

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

const changesOf = (event: RecordedEvent): Changes | undefined => {
  const d = event.data;
  switch (event.type) {
    case 'UserProvisioned':
      return {
        username: d['username'],
        display_name: d['displayName'],
        source: d['source'],
        roles: d['roles'],
        groups: d['groups'],
        status: 'active',
        reregistration_required: 0,
      };
    case 'UserUpdated':
      return Object.fromEntries(
        Object.entries(d)
          .filter(([key, value]) => renamed[key] && value !== undefined)
          .map(([key, value]) => [renamed[key], value]),
      );
    case 'UserDisabled':
      return { status: 'disabled' };
    case 'UserEnabled':
      return { status: 'active' };
    case 'UserDeleted':
      return { status: 'deleted' };
    case 'ReregistrationRequired':
      return { reregistration_required: 1 };
    case 'SecurityInfoRegistered':
      return { reregistration_required: 0 };
    default:
      return undefined;
  }
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
};
