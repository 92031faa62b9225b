import { isAdmin, type RecordedEvent, type Role } from '@resetline/domain';
import type { AdminChange } from './checkpointStore.js';

const USER_STREAM = /^user-(.+)$/;

/**
 * Who the admins of each tenant are, as of the last event the dispatcher handled. The user
 * administration service has no listing the workers can call, so the dispatcher keeps this
 * index from the events it reads anyway (provisioned, roles updated, deleted).
 */
export class AdminIndex {
  constructor(private readonly byTenant: Map<string, Set<string>>) {}

  /** The tenant's admins now, as a copy: later events do not change the returned list. */
  adminsOf(tenantId: string): readonly string[] {
    return [...(this.byTenant.get(tenantId) ?? [])].sort();
  }

  /** Applies the event and returns the change to persist with the checkpoint, if any. */
  apply(event: RecordedEvent): AdminChange | undefined {
    const userId = USER_STREAM.exec(event.streamId)?.[1];
    if (!userId) return undefined;
    const tenantId = event.metadata.tenantId;
    const roles = (event.data as { roles?: readonly Role[] }).roles;
    if (event.type === 'UserProvisioned' || (event.type === 'UserUpdated' && roles)) {
      return this.set(tenantId, userId, isAdmin(roles ?? []));
    }
    if (event.type === 'UserDeleted') return this.set(tenantId, userId, false);
    return undefined;
  }

  private set(tenantId: string, userId: string, admin: boolean): AdminChange {
    const set = this.byTenant.get(tenantId) ?? new Set<string>();
    if (admin) set.add(userId);
    else set.delete(userId);
    this.byTenant.set(tenantId, set);
    return { tenantId, userId, isAdmin: admin };
  }
}
