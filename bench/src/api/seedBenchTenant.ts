import {
  handleConfirmSecurityInfo,
  handleCreateTenant,
  handleProvisionUser,
  handleRegisterEmail,
  handleUpdateSsprPolicy,
  userStreamId,
  type Actor,
  type CommandMetadata,
  type ServiceDeps,
} from '@resetline/domain';
import { lastSealedCode } from './sealedCodes.js';

export const BENCH_TENANT = 'demo';
export const BENCH_ADMIN = 'admin@demo.example';

/** The username of the n-th seeded user (0-based), each with a confirmed email. */
export const benchUsername = (n: number): string =>
  `user${String(n).padStart(5, '0')}@demo.example`;

export type SeededTenant = Readonly<{
  tenant: string;
  admin: Readonly<{ username: string; password: string }>;
  users: number;
  usersHavePasswords: boolean;
}>;

/**
 * The demo tenant's shape (premium, SSPR for all, one gate; `seedDemoData` is not exported by
 * the API package), built through the real services: a global admin with an argon2id password
 * and `users` users with a confirmed email, so each can reset. With `usersHavePasswords` each
 * also gets a random password, so every reset checks the new password against the current one
 * (password history), as for a person who forgot it. Passwords are hashed with a salt derived
 * per user, so the one argon2id hash of the new password also settles the history check.
 */
export const seedBenchTenant = async (
  deps: ServiceDeps,
  users: number,
  usersHavePasswords: boolean,
): Promise<SeededTenant> => {
  const meta = (actor: Actor): CommandMetadata => ({
    now: deps.clock.now(),
    tenantId: BENCH_TENANT,
    actor,
    correlationId: deps.random.uuidv7(),
    ip: '127.0.0.1',
    userAgent: 'resetline-bench',
  });
  const system: Actor = { kind: 'system', id: 'bench-seed' };
  await handleCreateTenant(
    deps,
    { tenantId: BENCH_TENANT, name: 'Demo Company', tier: 'premium', language: 'en' },
    meta(system),
  );
  await handleUpdateSsprPolicy(
    deps,
    { scope: 'all', allowedMethods: ['email', 'mobilePhone'], allowUnlockWithoutReset: true },
    meta(system),
  );
  const password = deps.random.token(16);
  await handleProvisionUser(
    deps,
    {
      username: BENCH_ADMIN,
      displayName: 'Demo Admin',
      firstName: 'Demo',
      lastName: 'Admin',
      roles: ['globalAdmin'],
      initialPassword: password,
      mustChangeAtNextSignIn: false,
    },
    meta(system),
  );

  const provision = async (n: number): Promise<void> => {
    const username = benchUsername(n);
    const profile = { displayName: `User ${n}`, firstName: 'Bench', lastName: `User${n}` };
    const password = usersHavePasswords ? { initialPassword: deps.random.token(16) } : {};
    const { userId } = await handleProvisionUser(
      deps,
      { username, ...profile, ...password, mustChangeAtNextSignIn: false },
      meta(system),
    );
    const asUser: Actor = { kind: 'user', id: userId };
    const { methodId } = await handleRegisterEmail(deps, { address: username }, meta(asUser));
    const code = await lastSealedCode(deps.eventStore, deps.secretBox, userStreamId(userId));
    await handleConfirmSecurityInfo(deps, { methodId, code }, meta(asUser));
  };
  // A few at a time: the SQLite store serialises the appends anyway.
  const lanes = 8;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let n = lane; n < users; n += lanes) await provision(n);
    }),
  );
  return {
    tenant: BENCH_TENANT,
    admin: { username: BENCH_ADMIN, password },
    users,
    usersHavePasswords,
  };
};
