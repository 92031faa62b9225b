import {
  badPasswordKey,
  credentialFold,
  decideSignIn,
  type Actor,
  type UserEvent,
} from '@resetline/domain';
import {
  activeTenant,
  existing,
  isLockedAt,
  metadataFor,
  wait,
  type SeedUser,
  type Sim,
} from '../sim.js';
import { attackerUserAgents } from '../vocabulary.js';

export type Origin = Readonly<{ ip: string; userAgent: string }>;

/** Sign-in is anonymous until it succeeds: the API records the caller's IP as the actor id. */
const anonymous = (from: Origin): Actor => ({ kind: 'anonymous', id: from.ip });

/**
 * One sign-in attempt through the real decider. `typed` is the clear password typed when it is
 * wrong: only its keyed hash (badPasswordKey) is passed on, as the service does.
 */
export const attemptSignIn = (
  sim: Sim,
  user: SeedUser,
  typed: string | null,
  from: Origin = user,
): readonly UserEvent[] => {
  const metadata = metadataFor(sim, user.tenant.tenantId, anonymous(from), from);
  const events = decideSignIn(
    {
      type: 'SignIn',
      data: {
        passwordValid: typed === null,
        badPasswordKey:
          typed === null ? undefined : badPasswordKey(sim.codeHasher, user.userId, typed),
        lockoutPolicy: activeTenant(user.tenant).lockoutPolicy,
      },
      metadata,
    },
    user.stream.state,
  );
  return sim.writer.record(user.stream, events, credentialFold.evolve, metadata);
};

/** The typos a user makes of their own password (see the secret pool). */
export const typoOf = (sim: Sim, user: SeedUser): string => {
  const { passwords, wrongPasswords } = sim.pool;
  return wrongPasswords[user.passwordIndex + (sim.prng.chance(0.5) ? 0 : passwords.length)]!;
};

/** A normal sign-in, sometimes after a typo or two (a repeated typo is not counted again). */
export const signIn = (sim: Sim, user: SeedUser): void => {
  if (sim.prng.chance(user.persona.sloppy)) {
    const typo = typoOf(sim, user);
    attemptSignIn(sim, user, typo);
    wait(sim, 6);
    if (sim.prng.chance(0.25)) {
      attemptSignIn(sim, user, typo);
      wait(sim, 6);
    }
  }
  attemptSignIn(sim, user, null);
};

/** Someone else guesses passwords for the account until it locks, then tries a few more times. */
export const passwordGuessing = (sim: Sim, user: SeedUser): void => {
  const from: Origin = {
    ip: `203.0.113.${1 + sim.prng.int(254)}`,
    userAgent: sim.prng.pick(attackerUserAgents),
  };
  const guesses = sim.prng.sample(sim.pool.weakPasswords, sim.pool.weakPasswords.length);
  const extraAfterLock = sim.prng.int(4);
  let afterLock = 0;
  for (let attempt = 0; attempt < 20 && afterLock <= extraAfterLock; attempt++) {
    const state = existing(user);
    if (!state) return;
    if (isLockedAt(state, sim.at)) afterLock++;
    attemptSignIn(sim, user, guesses[attempt % guesses.length]!, from);
    wait(sim, 3);
  }
};

/** The user has forgotten the password: tries old ones a few times before giving up. */
export const forgottenPasswordAttempts = (sim: Sim, user: SeedUser): void => {
  const tries = sim.prng.between(1, 4);
  for (let i = 0; i < tries; i++) {
    const previous = user.previousPasswords[i];
    const typed =
      previous !== undefined
        ? sim.pool.passwords[previous]!
        : sim.prng.pick(sim.pool.weakPasswords);
    attemptSignIn(sim, user, typed);
    wait(sim, 10);
  }
};
