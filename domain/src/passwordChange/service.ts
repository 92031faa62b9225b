import {
  handleCommand,
  ResetlineError,
  type CommandMetadata,
  type ServiceDeps,
} from '../core/index.js';
import { assertUsername, findAccountByUsername, type Account } from '../signIn/accounts.js';
import { loadActiveTenant } from '../tenant/service.js';
import { invalidCredentials } from '../signIn/businessLogic.js';
import { credentialFold } from '../signIn/credentialState.js';
import { accountRefusal } from '../signIn/lockout.js';
import { checkPassword, type PasswordCheck } from '../signIn/passwordCheck.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import { userStreamId, type ExistingUser } from '../user/user.js';
import { decidePasswordChange, type ChangePassword } from './businessLogic.js';
import { writeBack } from './directoryWriteback.js';
import { vetNewPassword } from './newPassword.js';

export type ChangePasswordInput = Readonly<{
  username: string;
  currentPassword: string;
  newPassword: string;
}>;
export type ChangePasswordResult = Readonly<{ userId: string; credentialVersion: number }>;

type Outcome = Pick<ChangePassword['data'], 'newPasswordHash' | 'rejectedBecause'>;

const record = (
  deps: ServiceDeps,
  tenant: ActiveTenant,
  account: Account,
  check: PasswordCheck,
  outcome: Outcome,
  metadata: CommandMetadata,
) =>
  handleCommand(deps, userStreamId(account.userId), credentialFold, metadata, (state) =>
    decidePasswordChange(
      {
        type: 'ChangePassword',
        data: {
          currentPasswordValid: check.valid,
          badPasswordKey: check.badPasswordKey,
          lockoutPolicy: tenant.lockoutPolicy,
          ...outcome,
        },
        metadata,
      },
      state,
    ),
  );

/**
 * Vets, hashes and writes back the new password; the error's reason is what gets recorded. The
 * current password was just verified, so its reuse costs no second verify.
 */
const prepareNewHash = async (
  deps: ServiceDeps,
  tenant: ActiveTenant,
  user: ExistingUser,
  check: PasswordCheck,
  newPassword: string,
): Promise<string> => {
  const current =
    user.passwordHash && check.normalized !== null
      ? { hash: user.passwordHash, normalized: check.normalized }
      : undefined;
  const { normalized, hash } = await vetNewPassword(
    deps.passwordHasher,
    tenant,
    user,
    newPassword,
    current,
  );
  await writeBack(deps, tenant, user, { kind: 'setPassword', password: normalized });
  return hash;
};

/**
 * Self-service change (old + new). A wrong current password counts toward lockout; locked,
 * disabled and unknown accounts fail like a wrong password. Success bumps the credential
 * version, which voids every session issued before.
 */
export const handleChangePassword = async (
  deps: ServiceDeps,
  input: ChangePasswordInput,
  metadata: CommandMetadata,
): Promise<ChangePasswordResult> => {
  assertUsername(input.username);
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const account = await findAccountByUsername(deps.eventStore, tenant.tenantId, input.username);
  const check = await checkPassword(deps, account?.user ?? null, input.currentPassword);
  if (!account) throw invalidCredentials();
  if (!check.valid || accountRefusal(account.user, metadata.now)) {
    await record(deps, tenant, account, check, {}, metadata);
    throw invalidCredentials();
  }
  let newPasswordHash: string;
  try {
    newPasswordHash = await prepareNewHash(deps, tenant, account.user, check, input.newPassword);
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
    await record(deps, tenant, account, check, { rejectedBecause: error.reason }, metadata);
    throw error;
  }
  const { newEvents, state } = await record(
    deps,
    tenant,
    account,
    check,
    { newPasswordHash },
    metadata,
  );
  if (!newEvents.some((e) => e.type === 'PasswordChanged')) throw invalidCredentials();
  const changed = state.user as ExistingUser;
  return { userId: account.userId, credentialVersion: changed.credentialVersion };
};
