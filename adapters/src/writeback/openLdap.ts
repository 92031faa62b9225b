import { Attribute, Change } from 'ldapts';
import type { DirectoryDialect } from './dialect.js';
import { encodePasswordModifyRequest, PASSWORD_MODIFY_OID } from './passwordModify.js';

// ppolicy's lockout state: deleting the lock alone would leave the failure count at the limit,
// and the next wrong password would lock the account again at once.
const lockAttributes = ['pwdAccountLockedTime', 'pwdFailureTime'] as const;

/**
 * OpenLDAP: the Password Modify extended operation, so slapd hashes the password with its own
 * scheme and applies ppolicy; unlock by deleting ppolicy's lockout attributes.
 */
export const openLdapDialect: DirectoryDialect = {
  lockAttributes,

  async setPassword(session, user, newPassword) {
    const request = encodePasswordModifyRequest({ userIdentity: user.dn, newPassword });
    try {
      await session.step('write', () => session.client.exop(PASSWORD_MODIFY_OID, request));
    } finally {
      request.fill(0);
    }
  },

  async unlock(session, user) {
    const changes = lockAttributes
      .filter((name) => (user.attributes[name] ?? []).length > 0)
      .map(
        (name) =>
          new Change({ operation: 'delete', modification: new Attribute({ type: name }) }),
      );
    if (changes.length === 0) return;
    await session.step('write', () => session.client.modify(user.dn, changes));
  },
};
