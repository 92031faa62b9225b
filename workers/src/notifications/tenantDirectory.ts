import {
  evolveTenant,
  initialTenantState,
  tenantStreamId,
  type ActiveTenant,
  type EventStore,
  type TenantEvent,
} from '@resetline/domain';

/**
 * The current state of tenants (language, branding, helpdesk, notification policy), folded from
 * their streams and kept for a short while: every message needs it, and it rarely changes.
 */
export class TenantDirectory {
  private readonly cache = new Map<string, { tenant: ActiveTenant | undefined; until: number }>();

  constructor(
    private readonly eventStore: EventStore,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(tenantId: string): Promise<ActiveTenant | undefined> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > this.now()) return cached.tenant;
    const events = await this.eventStore.readStream(tenantStreamId(tenantId));
    const state = events.reduce(
      (s, e) => evolveTenant(s, e as unknown as TenantEvent),
      initialTenantState(),
    );
    const tenant = state.status === 'active' ? state : undefined;
    this.cache.set(tenantId, { tenant, until: this.now() + this.ttlMs });
    return tenant;
  }

  /** Forgets a tenant whose stream just changed. */
  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
