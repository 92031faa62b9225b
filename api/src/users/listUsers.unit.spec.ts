import { ResetlineError } from '@resetline/domain';
import { describe, expect, it } from 'vitest';
import { pageOfUsers } from './listUsers.js';
import type { UserSummary } from './userIndex.js';

const user = (username: string, extra: Partial<UserSummary> = {}): UserSummary => ({
  id: `id-${username}`,
  tenantId: 't',
  username,
  sortKey: username.toLowerCase(),
  displayName: username.toUpperCase(),
  firstName: '',
  lastName: '',
  source: 'cloud',
  roles: ['user'],
  groups: [],
  language: 'en',
  status: 'active',
  ...extra,
});
const sorted = ['amy', 'ben', 'cat', 'dan', 'eli'].map((n) =>
  user(n, n === 'cat' ? { status: 'disabled', groups: ['x'] } : {}),
);

describe('pageOfUsers', () => {
  it('walks pages with the end cursor and says when there is more', () => {
    const first = pageOfUsers(sorted, undefined, 2);
    expect(first.nodes.map((u) => u.username)).toEqual(['amy', 'ben']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = pageOfUsers(sorted, undefined, 2, first.pageInfo.endCursor);
    expect(second.nodes.map((u) => u.username)).toEqual(['cat', 'dan']);
    const last = pageOfUsers(sorted, undefined, 2, second.pageInfo.endCursor);
    expect(last.nodes.map((u) => u.username)).toEqual(['eli']);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.totalCount).toBe(5);
  });

  it('filters by search, status, role and group, and counts the matches', () => {
    expect(pageOfUsers(sorted, { search: 'A' }).nodes.map((u) => u.username)).toEqual([
      'amy',
      'cat',
      'dan',
    ]);
    const disabled = pageOfUsers(sorted, { status: 'disabled' });
    expect([disabled.nodes.map((u) => u.username), disabled.totalCount]).toEqual([['cat'], 1]);
    expect(pageOfUsers(sorted, { group: 'x' }).totalCount).toBe(1);
    expect(pageOfUsers(sorted, { role: 'globalAdmin' }).totalCount).toBe(0);
  });

  it('refuses a forged cursor and an out-of-range page size', () => {
    expect(() => pageOfUsers(sorted, undefined, 2, 'bm90IG91cnM=!')).toThrow(ResetlineError);
    expect(() => pageOfUsers(sorted, undefined, 501)).toThrow(/first must be 1 to 500/);
  });
});
