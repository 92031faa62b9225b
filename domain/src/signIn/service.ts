import { handleCommand, type CommandMetadata, type ServiceDeps } from '../core/index.js';
import { userStreamId } from '../user/user.js';
import { assertUsername, findAccountByUsername } from './accounts.js';
import { loadActiveTenant } from '../tenant/service.js';
import { decideSignIn, invalidCredentials } from './businessLogic.js';
import { credentialFold } from './credentialState.js';
import { accountRefusal } from './lockout.js';
import { checkPassword } from './passwordCheck.js';
import { recordUnknownUserSignIn } from './unknownUserSignIn.js';

export type SignInInput = Readonly<{ username: string; password: string }>;

/** What the API needs to issue a session token; nothing secret. */
export type SignInResult = Readonly<{
  userId: string;
  /** Sessions carry it; a reset, change or disable bumps it and voids them. */
  credentialVersion: number;
  mustChangePassword: boolean;
}>;

/**
 * Checks a username and password. Unknown, locked and disabled accounts fail exactly like a
 * wrong password (UNAUTHENTICATED/InvalidCredentials), at the same cost (one argon2 verify, one
 * append); the event records the truth.
 */
export const handleSignIn = async (
  deps: ServiceDeps,
  input: SignInInput,
  metadata: CommandMetadata,
): Promise<SignInResult> => {
  assertUsername(input.username);
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const account = await findAccountByUsername(deps.eventStore, tenant.tenantId, input.username);
  const check = await checkPassword(deps, account?.user ?? null, input.password);
  if (!account) {
    await recordUnknownUserSignIn(deps, input.username, metadata);
    throw invalidCredentials();
  }

  const { user } = account;
  const rehash =
    check.valid &&
    check.normalized !== null &&
    accountRefusal(user, metadata.now) === null &&
    deps.passwordHasher.needsRehash(user.passwordHash ?? '');
  const owner = { tenantId: tenant.tenantId, userId: account.userId };
  const rehashedHash = rehash
    ? await deps.passwordHasher.hashForUser(check.normalized!, owner)
    : undefined;

  const { newEvents, state } = await handleCommand(
    deps,
    userStreamId(account.userId),
    credentialFold,
    metadata,
    (current) =>
      decideSignIn(
        {
          type: 'SignIn',
          data: {
            passwordValid: check.valid,
            badPasswordKey: check.badPasswordKey,
            rehashedHash,
            lockoutPolicy: tenant.lockoutPolicy,
          },
          metadata,
        },
        current,
      ),
  );
  if (!newEvents.some((e) => e.type === 'SignInSucceeded')) throw invalidCredentials();
  const signedIn = state.user as Extract<typeof state.user, { credentialVersion: number }>;
  return {
    userId: account.userId,
    credentialVersion: signedIn.credentialVersion,
    mustChangePassword: signedIn.mustChangePassword,
  };
};
