import { ValidationError } from '@resetline/domain';
import type { LdapWritebackConfig } from './config.js';
import { WritebackError } from './errors.js';
import { renderUserFilter } from './escape.js';
import type { DirectorySession } from './session.js';

const MAX_USERNAME_LENGTH = 256;

export type DirectoryUser = Readonly<{
  dn: string;
  attributes: Readonly<Record<string, readonly string[]>>;
}>;

/**
 * Finds the one entry the tenant's user filter maps `username` to. The username is escaped
 * before it reaches the filter, so `*` or `)(` match literally, never as filter syntax.
 */
export async function findUser(
  session: DirectorySession,
  config: LdapWritebackConfig,
  username: string,
  attributes: readonly string[],
): Promise<DirectoryUser> {
  assertUsername(username);
  const filter = renderUserFilter(config.userFilter, username);
  const { searchEntries } = await session.step('search', () =>
    session.client.search(config.baseDn, {
      scope: 'sub',
      filter,
      sizeLimit: 2,
      attributes: attributes.length > 0 ? [...attributes] : ['1.1'],
    }),
  );
  const [entry, ...others] = searchEntries;
  if (!entry) {
    throw new WritebackError('DirectoryUserNotFound', 'No directory entry matches this user');
  }
  if (others.length > 0) {
    throw new WritebackError(
      'DirectoryUserAmbiguous',
      'Several directory entries match this user: the user filter must match one entry',
    );
  }
  return { dn: entry.dn, attributes: stringValues(entry, attributes) };
}

function assertUsername(username: string): void {
  if (typeof username !== 'string' || username.length === 0) {
    throw new ValidationError('DirectoryUsernameMissing', 'The username to write back is empty');
  }
  if (username.length > MAX_USERNAME_LENGTH) {
    throw new ValidationError(
      'DirectoryUsernameTooLong',
      `The username to write back is longer than ${MAX_USERNAME_LENGTH} characters`,
    );
  }
}

function stringValues(
  entry: Readonly<Record<string, unknown>>,
  names: readonly string[],
): Record<string, readonly string[]> {
  const lowered = new Map(Object.entries(entry).map(([key, value]) => [key.toLowerCase(), value]));
  return Object.fromEntries(
    names.map((name) => {
      const value = lowered.get(name.toLowerCase());
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return [name, values.map(String)];
    }),
  );
}
