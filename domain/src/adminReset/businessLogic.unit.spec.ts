import { describe, it } from 'vitest';
import { deciderSpecification } from '../core/index.js';
import { evolveCredentialState, initialCredentialState } from '../signIn/credentialState.js';
import {
  at,
  disabled,
  locked,
  metadataAt,
  passwordSet,
  provisioned,
  T0,
} from '../signIn/fixtures.js';
import { decideAdminReset, type AdminActor, type AdminResetCommand } from './businessLogic.js';

const spec = deciderSpecification({
  evolve: evolveCredentialState,
  initialState: initialCredentialState,
});
const NOW = at(T0, 3600);
const globalAdmin: AdminActor = { userId: 'user-grace', roles: ['globalAdmin'] };
const helpdesk: AdminActor = { userId: 'user-hal', roles: ['passwordAdmin'] };
const reader: AdminActor = { userId: 'user-rita', roles: ['reportsReader'] };
const user = [provisioned(), passwordSet()];
const adminUser = [provisioned({ roles: ['globalAdmin'] }), passwordSet()];

const reset = (actor: AdminActor, temporaryPasswordHash?: string): AdminResetCommand => ({
  type: 'AdminResetPassword',
  data: { actor, temporaryPasswordHash },
  metadata: metadataAt(NOW, { kind: 'admin', id: actor.userId }),
});
const unlock = (actor: AdminActor): AdminResetCommand => ({
  type: 'AdminUnlockAccount',
  data: { actor },
  metadata: metadataAt(NOW, { kind: 'admin', id: actor.userId }),
});
const decide = (command: AdminResetCommand) => (state: Parameters<typeof decideAdminReset>[1]) =>
  decideAdminReset(command, state);

describe('admin reset decider', () => {
  describe('when the user is an ordinary user', () => {
    it('sends a reset invitation by default', () => {
      spec
        .given(user)
        .when(decide(reset(helpdesk)))
        .then([{ type: 'AdminResetRequested', data: {} }]);
    });

    it('sets a temporary password that must change at next sign-in when the policy opts in', () => {
      spec
        .given(user)
        .when(decide(reset(globalAdmin, 'argon-temp')))
        .then([
          {
            type: 'PasswordResetByAdmin',
            data: { hash: 'argon-temp', temporary: true, mustChangeAtNextSignIn: true },
          },
        ]);
    });

    it('refuses admins without a password role', () => {
      spec
        .given(user)
        .when(decide(reset(reader)))
        .thenThrows('FORBIDDEN', 'NotPasswordAdmin');
      spec
        .given(user)
        .when(decide(unlock(reader)))
        .thenThrows('FORBIDDEN', 'NotPasswordAdmin');
    });
  });

  describe('when the user is an administrator', () => {
    it('refuses a helpdesk admin', () => {
      spec
        .given(adminUser)
        .when(decide(reset(helpdesk)))
        .thenThrows('FORBIDDEN', 'PrivilegedTarget');
      spec
        .given(adminUser)
        .when(decide(unlock(helpdesk)))
        .thenThrows('FORBIDDEN', 'PrivilegedTarget');
    });

    it('lets a global admin reset', () => {
      spec
        .given(adminUser)
        .when(decide(reset(globalAdmin)))
        .then([{ type: 'AdminResetRequested', data: {} }]);
    });
  });

  describe('when the admin targets themselves', () => {
    it('refuses: the self-service path is for that', () => {
      const self = [provisioned({ userId: 'user-grace', roles: ['globalAdmin'] }), passwordSet()];
      spec
        .given(self)
        .when(decide(reset(globalAdmin)))
        .thenThrows('FORBIDDEN', 'OwnPassword');
    });
  });

  describe('when the user does not exist', () => {
    it('answers not found', () => {
      spec
        .given([])
        .when(decide(reset(globalAdmin)))
        .thenThrows('NOT_FOUND', 'UnknownUser');
    });
  });

  describe('when the account is locked or disabled', () => {
    it('unlocks a locked account', () => {
      spec
        .given([...user, locked(at(NOW, 60), 1)])
        .when(decide(unlock(helpdesk)))
        .then([{ type: 'AccountUnlocked', data: { by: 'admin' } }]);
    });

    it('still lets an admin reset a disabled account', () => {
      spec
        .given([...user, disabled()])
        .when(decide(reset(helpdesk)))
        .then([{ type: 'AdminResetRequested', data: {} }]);
    });
  });
});
