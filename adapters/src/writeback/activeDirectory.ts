import { Attribute, Change } from 'ldapts';
import type { DirectoryDialect } from './dialect.js';

/**
 * The value Active Directory expects in `unicodePwd`: the password in double quotes, encoded as
 * UTF-16LE. AD accepts it only over an encrypted connection (LDAPS).
 */
export function encodeUnicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/**
 * Active Directory: an administrative reset replaces `unicodePwd` (AD hashes it and applies the
 * domain's password policy); `lockoutTime=0` unlocks.
 */
export const activeDirectoryDialect: DirectoryDialect = {
  lockAttributes: [],

  async setPassword(session, user, newPassword) {
    const value = encodeUnicodePwd(newPassword);
    const change = new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'unicodePwd', values: [value] }),
    });
    try {
      await session.step('setPassword', () => session.client.modify(user.dn, change));
    } finally {
      value.fill(0);
    }
  },

  async unlock(session, user) {
    const change = new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'lockoutTime', values: ['0'] }),
    });
    await session.step('unlock', () => session.client.modify(user.dn, change));
  },
};
