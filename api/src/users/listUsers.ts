import { ValidationError } from '@resetline/domain';
import type { UserFilter } from './user.input.js';
import { firstAtOrAfter, type UserSummary } from './userIndex.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export type UserPageResult = Readonly<{
  nodes: UserSummary[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  totalCount: number;
}>;

/** Cursors are opaque: the base64url of the last username's sort key. */
const encodeCursor = (sortKey: string): string =>
  Buffer.from(sortKey, 'utf8').toString('base64url');
const decodeCursor = (cursor: string): string => {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0 || encodeCursor(key) !== cursor) {
    throw new ValidationError('InvalidCursor', 'The cursor is not one this API returned');
  }
  return key;
};

const matches = (filter: UserFilter | undefined) => {
  if (!filter) return () => true;
  const search = filter.search?.normalize('NFKC').trim().toLowerCase();
  return (u: UserSummary): boolean =>
    (!search || u.sortKey.includes(search) || u.displayName.toLowerCase().includes(search)) &&
    (!filter.status || u.status === filter.status) &&
    (!filter.role || u.roles.includes(filter.role)) &&
    (!filter.source || u.source === filter.source) &&
    (!filter.group || u.groups.includes(filter.group));
};

/** One page of an already sorted list: `after` is the endCursor of the previous page. */
export const pageOfUsers = (
  sorted: readonly UserSummary[],
  filter: UserFilter | undefined,
  first: number = DEFAULT_PAGE_SIZE,
  after?: string | null,
): UserPageResult => {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError('InvalidPageSize', `first must be 1 to ${MAX_PAGE_SIZE}`);
  }
  const start = after ? firstAtOrAfter(sorted, decodeCursor(after) + '\u0000') : 0;
  const keep = matches(filter);
  const unfiltered = !filter || Object.values(filter).every((v) => v === undefined || v === null);
  const nodes: UserSummary[] = [];
  let hasNextPage = false;
  for (let i = start; i < sorted.length; i++) {
    const user = sorted[i]!;
    if (!keep(user)) continue;
    if (nodes.length === first) {
      hasNextPage = true;
      break;
    }
    nodes.push(user);
  }
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { endCursor: last ? encodeCursor(last.sortKey) : null, hasNextPage },
    totalCount: unfiltered ? sorted.length : sorted.filter(keep).length,
  };
};
