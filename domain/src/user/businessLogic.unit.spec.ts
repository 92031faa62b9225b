import { describe, expect, it } from 'vitest';
import { deciderSpecification, type CommandMetadata } from '../core/index.js';
import type { Role } from '../policy/index.js';
import {
  decideUserAdmin,
  deleteUser,
  disableUser,
  enableUser,
  provisionUser,
  requireReregistration,
  revokeSecurityInfo,
  updateUser,
  userFold,
  type ActingAdmin,
  type ProvisionUser,
} from './businessLogic.js';
import type { initialUsernameReservation } from './usernameReservation.js';
import { reserveUsername, usernameReservationFold } from './usernameReservation.js';
import type { UserEvent } from './user.js';

const metadata: CommandMetadata = {
  now: new Date('2025-03-01T10:00:00Z'),
  tenantId: 'contoso',
  actor: { kind: 'admin', id: 'admin-1' },
  correlationId: 'corr-1',
};
const globalAdmin: ActingAdmin = { kind: 'admin', userId: 'admin-1', roles: ['globalAdmin'] };
const helpdesk: ActingAdmin = { kind: 'admin', userId: 'helpdesk-1', roles: ['passwordAdmin'] };
const system: ActingAdmin = { kind: 'system' };
const spec = deciderSpecification(userFold);

const profile = (roles: Role[] = ['user']) => ({
  userId: 'u-1',
  username: 'jan@contoso.com',
  displayName: 'Jan Jansen',
  firstName: 'Jan',
  lastName: 'Jansen',
  source: 'cloud' as const,
  roles,
  groups: ['sales'],
  language: 'nl' as const,
});
const provision = (data: Partial<ProvisionUser['data']> = {}): ProvisionUser => ({
  type: 'ProvisionUser',
  data: { ...profile(), mustChangeAtNextSignIn: true, ...data },
  metadata,
});
const provisioned = (roles: Role[] = ['user']): UserEvent => ({
  type: 'UserProvisioned',
  data: profile(roles),
});
const emailRegistered: UserEvent = {
  type: 'SecurityInfoRegistered',
  data: {
    methodId: 'm-email',
    method: 'email',
    target: 'jan@example.com',
    maskedTarget: 'j***@example.com',
  },
};
const questionsRegistered: UserEvent = {
  type: 'SecurityInfoRegistered',
  data: {
    methodId: 'm-q',
    method: 'securityQuestions',
    questions: [{ question: 'First pet?', answerHash: '$argon2id$x' }],
  },
};

describe('user administration decider', () => {
  describe('when the user does not exist', () => {
    it('provisions the user', () =>
      spec
        .given([])
        .when((s) => provisionUser(provision(), s, globalAdmin))
        .then([provisioned()]));

    it('sets the initial password hash, to be changed at next sign-in', () =>
      spec
        .given([])
        .when((s) => provisionUser(provision({ initialPasswordHash: '$argon2id$h' }), s, system))
        .then([
          provisioned(),
          {
            type: 'InitialPasswordSet',
            data: { hash: '$argon2id$h', mustChangeAtNextSignIn: true },
          },
        ]));

    it('lets a helpdesk admin provision an ordinary user', () =>
      spec
        .given([])
        .when((s) => provisionUser(provision(), s, helpdesk))
        .then([provisioned()]));

    it('refuses a helpdesk admin creating an administrator', () =>
      spec
        .given([])
        .when((s) => provisionUser(provision({ roles: ['passwordAdmin'] }), s, helpdesk))
        .thenThrows('FORBIDDEN', 'PrivilegedTarget'));

    it('refuses an actor without an admin role', () =>
      spec
        .given([])
        .when((s) => provisionUser(provision(), s, { kind: 'admin', userId: 'x', roles: ['user'] }))
        .thenThrows('FORBIDDEN', 'NotAnAdmin'));

    it('finds nothing to update, disable, enable, delete or revoke', () => {
      const given = spec.given([]);
      given
        .when((s) =>
          updateUser(
            {
              type: 'UpdateUser',
              data: { userId: 'u-1', changes: { displayName: 'J' } },
              metadata,
            },
            s,
            globalAdmin,
          ),
        )
        .thenThrows('NOT_FOUND', 'UserNotFound');
      given
        .when((s) =>
          disableUser({ type: 'DisableUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .thenThrows('NOT_FOUND', 'UserNotFound');
      given
        .when((s) =>
          enableUser({ type: 'EnableUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .thenThrows('NOT_FOUND', 'UserNotFound');
      given
        .when((s) =>
          deleteUser({ type: 'DeleteUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .thenThrows('NOT_FOUND', 'UserNotFound');
      given
        .when((s) =>
          revokeSecurityInfo(
            { type: 'RevokeSecurityInfo', data: { userId: 'u-1' }, metadata },
            s,
            globalAdmin,
          ),
        )
        .thenThrows('NOT_FOUND', 'UserNotFound');
    });
  });

  describe('when the user is active', () => {
    it('refuses to provision the same id again', () =>
      spec
        .given([provisioned()])
        .when((s) => provisionUser(provision(), s, globalAdmin))
        .thenThrows('CONFLICT', 'UserExists'));

    it('records only the fields that change', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          updateUser(
            {
              type: 'UpdateUser',
              data: {
                userId: 'u-1',
                changes: { displayName: 'Jan J.', language: 'nl', groups: ['sales', 'hr'] },
              },
              metadata,
            },
            s,
            globalAdmin,
          ),
        )
        .then([{ type: 'UserUpdated', data: { displayName: 'Jan J.', groups: ['sales', 'hr'] } }]));

    it('records nothing when nothing changes', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          updateUser(
            {
              type: 'UpdateUser',
              data: { userId: 'u-1', changes: { firstName: 'Jan' } },
              metadata,
            },
            s,
            globalAdmin,
          ),
        )
        .then([]));

    it('refuses a helpdesk admin granting an admin role', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          updateUser(
            {
              type: 'UpdateUser',
              data: { userId: 'u-1', changes: { roles: ['globalAdmin'] } },
              metadata,
            },
            s,
            helpdesk,
          ),
        )
        .thenThrows('FORBIDDEN', 'PrivilegedTarget'));

    it('drops security questions when the user becomes an admin', () =>
      spec
        .given([provisioned(), questionsRegistered, emailRegistered])
        .when((s) =>
          updateUser(
            {
              type: 'UpdateUser',
              data: { userId: 'u-1', changes: { roles: ['user', 'reportsReader'] } },
              metadata,
            },
            s,
            globalAdmin,
          ),
        )
        .then([
          { type: 'UserUpdated', data: { roles: ['user', 'reportsReader'] } },
          {
            type: 'SecurityInfoRemoved',
            data: { methodId: 'm-q', method: 'securityQuestions', byAdmin: true },
          },
        ]));

    it('disables the user with a reason', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          disableUser(
            { type: 'DisableUser', data: { userId: 'u-1', reason: 'left the company' }, metadata },
            s,
            helpdesk,
          ),
        )
        .then([{ type: 'UserDisabled', data: { reason: 'left the company' } }]));

    it('records nothing when enabling an active user', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          enableUser({ type: 'EnableUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .then([]));

    it('deletes the user', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          deleteUser({ type: 'DeleteUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .then([{ type: 'UserDeleted', data: {} }]));

    it('requires re-registration once', () => {
      spec
        .given([provisioned()])
        .when((s) =>
          requireReregistration(
            { type: 'RequireReregistration', data: { userId: 'u-1' }, metadata },
            s,
            helpdesk,
          ),
        )
        .then([{ type: 'ReregistrationRequired', data: {} }]);
      spec
        .given([provisioned(), { type: 'ReregistrationRequired', data: {} }])
        .when((s) =>
          requireReregistration(
            { type: 'RequireReregistration', data: { userId: 'u-1' }, metadata },
            s,
            helpdesk,
          ),
        )
        .then([]);
    });

    it('revokes one method', () =>
      spec
        .given([provisioned(), emailRegistered, questionsRegistered])
        .when((s) =>
          revokeSecurityInfo(
            { type: 'RevokeSecurityInfo', data: { userId: 'u-1', methodId: 'm-email' }, metadata },
            s,
            helpdesk,
          ),
        )
        .then([
          {
            type: 'SecurityInfoRemoved',
            data: { methodId: 'm-email', method: 'email', byAdmin: true },
          },
        ]));

    it('revokes every method', () =>
      spec
        .given([provisioned(), emailRegistered, questionsRegistered])
        .when((s) =>
          revokeSecurityInfo(
            { type: 'RevokeSecurityInfo', data: { userId: 'u-1' }, metadata },
            s,
            helpdesk,
          ),
        )
        .then([
          {
            type: 'SecurityInfoRemoved',
            data: { methodId: 'm-email', method: 'email', byAdmin: true },
          },
          {
            type: 'SecurityInfoRemoved',
            data: { methodId: 'm-q', method: 'securityQuestions', byAdmin: true },
          },
        ]));

    it('refuses to revoke a method the user does not have', () =>
      spec
        .given([provisioned(), emailRegistered])
        .when((s) =>
          revokeSecurityInfo(
            { type: 'RevokeSecurityInfo', data: { userId: 'u-1', methodId: 'nope' }, metadata },
            s,
            helpdesk,
          ),
        )
        .thenThrows('NOT_FOUND', 'SecurityInfoNotFound'));
  });

  describe('when the user is an administrator', () => {
    const admin = [provisioned(['passwordAdmin'])];

    it('refuses every helpdesk action on them', () => {
      const given = spec.given(admin);
      given
        .when((s) =>
          disableUser({ type: 'DisableUser', data: { userId: 'u-1' }, metadata }, s, helpdesk),
        )
        .thenThrows('FORBIDDEN', 'PrivilegedTarget');
      given
        .when((s) =>
          deleteUser({ type: 'DeleteUser', data: { userId: 'u-1' }, metadata }, s, helpdesk),
        )
        .thenThrows('FORBIDDEN', 'PrivilegedTarget');
      given
        .when((s) =>
          updateUser(
            {
              type: 'UpdateUser',
              data: { userId: 'u-1', changes: { displayName: 'X' } },
              metadata,
            },
            s,
            helpdesk,
          ),
        )
        .thenThrows('FORBIDDEN', 'PrivilegedTarget');
      given
        .when((s) =>
          requireReregistration(
            { type: 'RequireReregistration', data: { userId: 'u-1' }, metadata },
            s,
            helpdesk,
          ),
        )
        .thenThrows('FORBIDDEN', 'PrivilegedTarget');
      given
        .when((s) =>
          revokeSecurityInfo(
            { type: 'RevokeSecurityInfo', data: { userId: 'u-1' }, metadata },
            s,
            helpdesk,
          ),
        )
        .thenThrows('FORBIDDEN', 'PrivilegedTarget');
    });

    it('lets a global admin disable them', () =>
      spec
        .given(admin)
        .when((s) =>
          disableUser({ type: 'DisableUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .then([{ type: 'UserDisabled', data: {} }]));
  });

  describe('when the admin acts on their own account', () => {
    const self: ActingAdmin = { kind: 'admin', userId: 'u-1', roles: ['globalAdmin'] };
    const given = () => spec.given([provisioned(['globalAdmin'])]);

    it('refuses to disable, delete or change its own roles', () => {
      given()
        .when((s) =>
          disableUser({ type: 'DisableUser', data: { userId: 'u-1' }, metadata }, s, self),
        )
        .thenThrows('FORBIDDEN', 'CannotActOnSelf');
      given()
        .when((s) => deleteUser({ type: 'DeleteUser', data: { userId: 'u-1' }, metadata }, s, self))
        .thenThrows('FORBIDDEN', 'CannotActOnSelf');
      given()
        .when((s) =>
          updateUser(
            { type: 'UpdateUser', data: { userId: 'u-1', changes: { roles: ['user'] } }, metadata },
            s,
            self,
          ),
        )
        .thenThrows('FORBIDDEN', 'CannotActOnSelf');
    });

    it('lets it change its own display name', () =>
      given()
        .when((s) =>
          updateUser(
            {
              type: 'UpdateUser',
              data: { userId: 'u-1', changes: { displayName: 'Boss' } },
              metadata,
            },
            s,
            self,
          ),
        )
        .then([{ type: 'UserUpdated', data: { displayName: 'Boss' } }]));
  });

  describe('when the user is disabled', () => {
    const disabled = [provisioned(), { type: 'UserDisabled', data: {} } as UserEvent];

    it('records nothing when disabling again', () =>
      spec
        .given(disabled)
        .when((s) =>
          disableUser({ type: 'DisableUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .then([]));

    it('enables the user', () =>
      spec
        .given(disabled)
        .when((s) =>
          enableUser({ type: 'EnableUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .then([{ type: 'UserEnabled', data: {} }]));
  });

  describe('when the user is deleted', () => {
    const deleted = [provisioned(), { type: 'UserDeleted', data: {} } as UserEvent];

    it('acts as unknown', () => {
      spec
        .given(deleted)
        .when((s) =>
          enableUser({ type: 'EnableUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .thenThrows('NOT_FOUND', 'UserNotFound');
      spec
        .given(deleted)
        .when((s) =>
          deleteUser({ type: 'DeleteUser', data: { userId: 'u-1' }, metadata }, s, globalAdmin),
        )
        .thenThrows('NOT_FOUND', 'UserNotFound');
    });

    it('cannot be provisioned again under the same id', () =>
      spec
        .given(deleted)
        .when((s) => provisionUser(provision(), s, globalAdmin))
        .thenThrows('CONFLICT', 'UserExists'));
  });

  it('decide dispatches every command', () => {
    const state = spec.given([provisioned()]).state;
    expect(
      decideUserAdmin({ type: 'DeleteUser', data: { userId: 'u-1' }, metadata }, state, system),
    ).toEqual([{ type: 'UserDeleted', data: {} }]);
  });
});

describe('username reservation', () => {
  const reservations = deciderSpecification(usernameReservationFold);
  const reserve = (userId: string) => (s: ReturnType<typeof initialUsernameReservation>) =>
    reserveUsername(
      { type: 'ReserveUsername', data: { userId, username: 'jan@contoso.com' }, metadata },
      s,
    );
  const reserved = {
    type: 'UsernameReserved' as const,
    data: { userId: 'u-1', username: 'jan@contoso.com' },
  };

  it('reserves a free name', () => reservations.given([]).when(reserve('u-1')).then([reserved]));
  it('accepts the same user again without a new event', () =>
    reservations.given([reserved]).when(reserve('u-1')).then([]));
  it('refuses a name another user holds', () =>
    reservations.given([reserved]).when(reserve('u-2')).thenThrows('CONFLICT', 'UsernameTaken'));
});
