import { ssprCoverage } from '@resetline/domain';
import {
  activeTenant,
  existing,
  isLockedAt,
  wait,
  type SeedTenant,
  type SeedUser,
  type Sim,
} from '../sim.js';
import { firstNames, lastNames } from '../vocabulary.js';
import { adminResetPassword, adminUnlock, userAdministration } from './admin.js';
import { changePassword } from './passwordChange.js';
import {
  needsRegistration,
  registerSecurityInfo,
  replaceMethod,
  reviewSecurityInfo,
} from './registration.js';
import { resetFlow, type ResetAttempt } from './resetFlow.js';
import { attemptSignIn, forgottenPasswordAttempts, passwordGuessing, signIn } from './signIn.js';

/** The most events any one activity below can write: the generator stops activities short of the target by this much. */
export const MAX_ACTIVITY_EVENTS = 128;

const DAY_MS = 86_400_000;

const abandonStep = (sim: Sim): ResetAttempt['abandonAt'] => {
  const step = sim.prng.weighted({
    end: 72,
    chooseMethod: 8,
    verify: 9,
    secondGate: 4,
    newPassword: 6,
  });
  return step === 'end' ? null : step;
};

const selfReset = (sim: Sim, user: SeedUser, purpose: 'reset' | 'unlock'): void =>
  resetFlow(sim, {
    tenant: user.tenant,
    user,
    username: user.username,
    purpose,
    from: user,
    abandonAt: abandonStep(sim),
    persistence: sim.prng.between(1, 3),
  });

/** Forgot the password: a few failed sign-ins, a reset, and the helpdesk when that goes nowhere. */
const forgotPassword = (sim: Sim, user: SeedUser): void => {
  forgottenPasswordAttempts(sim, user);
  wait(sim, 30);
  const before = user.passwordIndex;
  const locked = isLockedAt(existing(user)!, sim.at);
  selfReset(sim, user, locked && sim.prng.chance(0.5) ? 'unlock' : 'reset');
  if (user.passwordIndex === before && sim.prng.chance(0.25)) {
    sim.at += 30 * 60_000;
    adminResetPassword(sim, user);
  }
};

/** Locked out: unlock or reset by self-service when covered, otherwise call the helpdesk. */
const lockedOut = (sim: Sim, user: SeedUser): void => {
  const state = existing(user)!;
  attemptSignIn(sim, user, null);
  wait(sim, 30);
  if (ssprCoverage(activeTenant(user.tenant), state).enabled && sim.prng.chance(0.7)) {
    selfReset(sim, user, sim.prng.chance(0.6) ? 'unlock' : 'reset');
  } else if (sim.prng.chance(0.5)) {
    sim.at += 20 * 60_000;
    adminUnlock(sim, user);
  }
};

/** Someone starts reset after reset in an hour: the sixth start in 24 hours is blocked. */
const repeatedResets = (sim: Sim, user: SeedUser): void => {
  const starts = sim.prng.between(5, 7);
  for (let i = 0; i < starts; i++) {
    resetFlow(sim, {
      tenant: user.tenant,
      user,
      username: user.username,
      purpose: 'reset',
      from: user,
      // Each flow gets as far as sending a code: that is when an attempt counts (Entra: 5 a day).
      abandonAt: 'verify',
      persistence: 1,
    });
    sim.at += sim.prng.between(2, 10) * 60_000;
  }
};

const reconfirmDue = (user: SeedUser, at: number): boolean => {
  const state = existing(user);
  const days = activeTenant(user.tenant).ssprPolicy.reconfirmAfterDays;
  const confirmedAt = state?.securityInfoConfirmedAt;
  return days > 0 && !!confirmedAt && at - confirmedAt.getTime() > days * DAY_MS;
};

/** Runs one activity of `user` at `sim.at`, chosen from the user's state and habits. */
export const runUserActivity = (sim: Sim, user: SeedUser): void => {
  const state = existing(user);
  if (!state) return;
  if (state.status === 'disabled') {
    if (sim.prng.chance(0.7)) attemptSignIn(sim, user, null);
    else userAdministration(sim, user);
    return;
  }
  if (isLockedAt(state, sim.at)) return lockedOut(sim, user);
  if (state.mustChangePassword) {
    attemptSignIn(sim, user, null);
    wait(sim, 15);
    return changePassword(sim, user, true);
  }
  if (user.persona.diligence !== 'never' && needsRegistration(sim, user) && sim.prng.chance(0.7)) {
    signIn(sim, user);
    wait(sim, 10);
    return registerSecurityInfo(sim, user);
  }
  const kind = sim.prng.weighted({
    signIn: 60,
    forgot: user.persona.forgetful * 250,
    change: 3,
    guessing: user.persona.targeted ? 5 : 0.1,
    register: 1.2,
    replace: 0.4,
    review: reconfirmDue(user, sim.at) ? 6 : 0.2,
    repeatedResets: 0.25,
    adminReset: 0.4,
    administration: 1,
  });
  switch (kind) {
    case 'signIn':
      return signIn(sim, user);
    case 'forgot':
      return forgotPassword(sim, user);
    case 'change':
      signIn(sim, user);
      wait(sim, 20);
      return changePassword(sim, user);
    case 'guessing':
      passwordGuessing(sim, user);
      // The owner often turns up while the guesser's lockout still runs.
      if (sim.prng.chance(0.5) && existing(user)?.lockedUntil) {
        wait(sim, 40);
        if (isLockedAt(existing(user)!, sim.at)) lockedOut(sim, user);
      }
      return;
    case 'register':
      return registerSecurityInfo(sim, user);
    case 'replace':
      return replaceMethod(sim, user);
    case 'review':
      return reviewSecurityInfo(sim, user);
    case 'repeatedResets':
      return repeatedResets(sim, user);
    case 'adminReset':
      return adminResetPassword(sim, user);
    case 'administration':
      return userAdministration(sim, user);
  }
};

/** A reset for a name nobody holds: a typo, or someone probing which accounts exist. */
export const unknownUserReset = (sim: Sim, tenant: SeedTenant): void => {
  const probing = sim.prng.chance(0.5);
  const name = `${sim.prng.pick(firstNames)}.${sim.prng.pick(lastNames)}`
    .toLowerCase()
    .replace(/[^a-z.]/g, '');
  resetFlow(sim, {
    tenant,
    user: null,
    username: `${name}${sim.prng.int(100_000) + 100_000}@${tenant.domain}`,
    purpose: 'reset',
    from: probing
      ? { ip: `203.0.113.${1 + sim.prng.int(254)}`, userAgent: 'python-requests/2.32.3' }
      : { ip: `198.51.${sim.prng.int(100)}.${1 + sim.prng.int(254)}`, userAgent: 'Mozilla/5.0' },
    abandonAt: probing ? 'chooseMethod' : sim.prng.pick(['chooseMethod', 'verify'] as const),
    persistence: sim.prng.between(1, 6),
  });
};
