import type { EventStore, RecordedEvent, Role, UserSource } from '@resetline/domain';
import type { UserStatus } from '../admin/enums.js';

/** What the user list shows and filters on: profile and status, nothing secret. */
export type UserSummary = Readonly<{
  id: string;
  tenantId: string;
  username: string;
  /** NFKC, trimmed, lowercased: the sort key and the cursor. */
  sortKey: string;
  displayName: string;
  firstName: string;
  lastName: string;
  source: UserSource;
  roles: Role[];
  groups: string[];
  language: string;
  status: UserStatus;
}>;

type TenantUsers = { byId: Map<string, UserSummary>; sorted: UserSummary[] | null };

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Binary search: the index of the first user whose sort key is >= key. Usernames are unique. */
export const firstAtOrAfter = (sorted: readonly UserSummary[], key: string): number => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]!.sortKey < key) low = mid + 1;
    else high = mid;
  }
  return low;
};

const sortKeyOf = (username: string): string => username.normalize('NFKC').trim().toLowerCase();

/**
 * An in-memory list of each tenant's users, folded from the event store (which has no query by
 * tenant). It is pulled up to the store's head before every read, so a read sees every write
 * that finished before it, and rebuilt from position 0 when the process starts. Only profile
 * events are folded; one user's full state is read from its stream.
 */
export class UserIndex {
  private position = 0;
  private readonly tenants = new Map<string, TenantUsers>();
  private readonly tenantOfUser = new Map<string, string>();
  private pulling: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly batchSize = 5_000,
  ) {}

  /** The tenant's users, sorted by username, after catching up with the store. */
  async usersOf(tenantId: string): Promise<readonly UserSummary[]> {
    await this.catchUp();
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return [];
    tenant.sorted ??= [...tenant.byId.values()].sort((a, b) => compareKeys(a.sortKey, b.sortKey));
    return tenant.sorted;
  }

  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    // A pull already running may have started before our caller's write: pull again until the
    // head we saw is covered.
    while (this.position < head) {
      this.pulling ??= this.pull().finally(() => {
        this.pulling = null;
      });
      await this.pulling;
    }
  }

  private async pull(): Promise<void> {
    const events = await this.store.readAll({ after: this.position, maxCount: this.batchSize });
    for (const event of events) {
      if (event.streamId.startsWith('user-')) this.apply(event);
      this.position = event.position;
    }
  }

  private apply(event: RecordedEvent): void {
    const userId = event.streamId.slice('user-'.length);
    if (event.type === 'UserProvisioned') {
      const d = event.data as Omit<UserSummary, 'id' | 'tenantId' | 'sortKey' | 'status'>;
      const tenantId = event.metadata.tenantId;
      this.tenantOfUser.set(userId, tenantId);
      this.put(tenantId, {
        id: userId,
        tenantId,
        username: d.username,
        sortKey: sortKeyOf(d.username),
        displayName: d.displayName,
        firstName: d.firstName,
        lastName: d.lastName,
        source: d.source,
        roles: d.roles,
        groups: d.groups,
        language: d.language,
        status: 'active',
      });
      return;
    }
    const tenantId = this.tenantOfUser.get(userId);
    const current = tenantId ? this.tenants.get(tenantId)?.byId.get(userId) : undefined;
    if (!tenantId || !current) return;
    switch (event.type) {
      case 'UserUpdated': {
        const changes = Object.entries(event.data).filter(([, v]) => v !== undefined);
        return this.put(tenantId, { ...current, ...Object.fromEntries(changes) });
      }
      case 'UserDisabled':
        return this.put(tenantId, { ...current, status: 'disabled' });
      case 'UserEnabled':
        return this.put(tenantId, { ...current, status: 'active' });
      case 'UserDeleted': {
        const tenant = this.tenants.get(tenantId)!;
        tenant.byId.delete(userId);
        tenant.sorted?.splice(firstAtOrAfter(tenant.sorted, current.sortKey), 1);
        this.tenantOfUser.delete(userId);
        return;
      }
      default:
        return;
    }
  }

  private put(tenantId: string, user: UserSummary): void {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = { byId: new Map(), sorted: null };
      this.tenants.set(tenantId, tenant);
    }
    const previous = tenant.byId.get(user.id);
    tenant.byId.set(user.id, user);
    // Keep the sorted list in step (one splice) instead of sorting again on the next read.
    const sorted = tenant.sorted;
    if (!sorted) return;
    if (previous) sorted.splice(firstAtOrAfter(sorted, previous.sortKey), 1);
    sorted.splice(firstAtOrAfter(sorted, user.sortKey), 0, user);
  }
}

const indexes = new WeakMap<EventStore, UserIndex>();

/** One index per event store and process, shared by every resolver that lists users. */
export const userIndexFor = (store: EventStore): UserIndex => {
  let index = indexes.get(store);
  if (!index) {
    index = new UserIndex(store);
    indexes.set(store, index);
  }
  return index;
};
