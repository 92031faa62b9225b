import { Attribute, Change } from 'ldapts';
import type { DirectoryDialect } from './dialect.js';
import { encodePasswordModifyRequest, PASSWORD_MODIFY_OID } from './passwordModify.js';

// ppolicy's lock. Deleting it also makes ppolicy drop pwdFailureTime (which no client may
// modify), so the next wrong password does not lock the account again at once.
const LOCK_ATTRIBUTE = 'pwdAccountLockedTime';

/**
 * OpenLDAP: the Password Modify extended operation, so slapd hashes the password with its own
 * scheme and applies ppolicy; unlock by deleting ppolicy's lockout attributes.
 */
export const openLdapDialect: DirectoryDialect = {
  lockAttributes: [LOCK_ATTRIBUTE],

  async setPassword(session, user, newPassword) {
    const request = encodePasswordModifyRequest({ userIdentity: user.dn, newPassword });
    try {
      await session.step('setPassword', () => session.client.exop(PASSWORD_MODIFY_OID, request));
    } finally {
      request.fill(0);
    }
  },

  async unlock(session, user) {
    if ((user.attributes[LOCK_ATTRIBUTE] ?? []).length === 0) return;
    const change = new Change({
      operation: 'delete',
      modification: new Attribute({ type: LOCK_ATTRIBUTE }),
    });
    await session.step('unlock', () => session.client.modify(user.dn, change));
  },
};
