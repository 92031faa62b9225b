import {
  credentialFold,
  decideRegistration,
  isAdmin,
  predefinedSecurityQuestions,
  REGISTRATION_CODE_VALIDITY_MS,
  ResetlineError,
  ssprCoverage,
  type ExistingUser,
  type MethodKind,
  type RegistrationCommand,
  type UserEvent,
} from '@resetline/domain';
import { seededUuidv7 } from '../seededRandom.js';
import {
  activeTenant,
  existing,
  metadataFor,
  userActor,
  wait,
  type SeedUser,
  type Sim,
} from '../sim.js';

/** Runs one registration command through the real decider; a refusal records nothing. */
const decide = (
  sim: Sim,
  user: SeedUser,
  command: (metadata: ReturnType<typeof metadataFor>) => RegistrationCommand,
): readonly UserEvent[] => {
  const tenant = activeTenant(user.tenant);
  const metadata = metadataFor(sim, tenant.tenantId, userActor(user), user);
  try {
    const events = decideRegistration(command(metadata), user.stream.state.user, { tenant });
    return sim.writer.record(user.stream, events, credentialFold.evolve, metadata);
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
    return [];
  }
};

/** A code as the registration service issues it: keyed hash bound to the method, sealed copy. */
const issue = (sim: Sim, methodId: string, digits: number) => {
  const code = sim.prng.digits(digits);
  sim.issuedCodes?.push(code);
  return {
    codeHash: sim.codeHasher.hash(`registration:${methodId}`, code),
    sealedCode: sim.secretBox.seal(code),
    expiresAt: new Date(sim.at + REGISTRATION_CODE_VALIDITY_MS).toISOString(),
  };
};

const requestCode = (sim: Sim, user: SeedUser, method: MethodKind, methodId: string): void => {
  if (method === 'email') {
    decide(sim, user, (metadata) => ({
      type: 'RegisterEmail',
      data: { methodId, address: user.personalEmail, ...issue(sim, methodId, 8) },
      metadata,
    }));
    return;
  }
  const office = method === 'officePhone';
  decide(sim, user, (metadata) => ({
    type: 'RegisterPhone',
    data: {
      methodId,
      method: office ? 'officePhone' : 'mobilePhone',
      number: office ? user.officePhone : user.mobile,
      channel: office || sim.prng.chance(0.15) ? 'voice' : 'sms',
      ...issue(sim, methodId, 6),
    },
    metadata,
  }));
};

const confirm = (sim: Sim, user: SeedUser, methodId: string, codeMatches: boolean) =>
  decide(sim, user, (metadata) => ({
    type: 'ConfirmSecurityInfo',
    data: { methodId, codeMatches },
    metadata,
  }));

/**
 * Email and phone: a code goes out, the user types it. Some give up (the verification stays
 * pending), mistype it, or come back after it expired (refused without an event) and ask again.
 */
const registerByCode = (sim: Sim, user: SeedUser, method: MethodKind, finish: boolean): void => {
  let methodId = seededUuidv7(sim.prng, sim.at);
  requestCode(sim, user, method, methodId);
  if (!finish) return;
  wait(sim, 45);
  if (sim.prng.chance(0.05)) {
    sim.at += REGISTRATION_CODE_VALIDITY_MS;
    confirm(sim, user, methodId, true);
    wait(sim, 10);
    methodId = seededUuidv7(sim.prng, sim.at);
    requestCode(sim, user, method, methodId);
    wait(sim, 45);
  }
  for (let wrong = sim.prng.chance(0.12) ? sim.prng.between(1, 3) : 0; wrong > 0; wrong--) {
    confirm(sim, user, methodId, false);
    wait(sim, 15);
  }
  confirm(sim, user, methodId, true);
};

const registerAuthenticator = (sim: Sim, user: SeedUser, finish: boolean): void => {
  const methodId = seededUuidv7(sim.prng, sim.at);
  const secret = sim.prng.int(sim.pool.sealedTotpSecrets.length);
  let failuresSoFar = 0;
  wait(sim, 40);
  const tries = finish ? (sim.prng.chance(0.15) ? 2 : 1) : 1;
  for (let i = 0; i < tries; i++) {
    const codeMatches = finish && i === tries - 1;
    decide(sim, user, (metadata) => ({
      type: 'ConfirmAuthenticator',
      data: {
        methodId,
        sealedTotpSecret: sim.pool.sealedTotpSecrets[secret]!,
        // The 30-second step of the accepted code (recorded so a code is good only once).
        totpStep: codeMatches ? Math.floor(sim.at / 30_000) : null,
        failuresSoFar,
      },
      metadata,
    }));
    if (!codeMatches) failuresSoFar++;
    wait(sim, 20);
  }
};

const registerQuestions = (sim: Sim, user: SeedUser): void => {
  const policy = activeTenant(user.tenant).ssprPolicy.securityQuestions;
  const offered = [...predefinedSecurityQuestions.map((q) => q.text), ...policy.customQuestions];
  const questions = sim.prng.sample(offered, policy.toRegister);
  const answers = questions.map(() => sim.prng.int(sim.pool.answers.length));
  wait(sim, 90);
  const events = decide(sim, user, (metadata) => ({
    type: 'RegisterSecurityQuestions',
    data: {
      methodId: seededUuidv7(sim.prng, sim.at),
      questions: questions.map((question, i) => ({
        question,
        answerHash: sim.pool.answerHashes[answers[i]!]!,
      })),
    },
    metadata,
  }));
  if (events.length > 0) user.answers = new Map(questions.map((q, i) => [q, answers[i]!]));
};

const registerMethod = (sim: Sim, user: SeedUser, method: MethodKind, finish: boolean): void => {
  if (method === 'authenticator') registerAuthenticator(sim, user, finish);
  else if (method === 'securityQuestions') registerQuestions(sim, user);
  else registerByCode(sim, user, method, finish);
  wait(sim, 20);
};

/** Methods this user may still register under the tenant's current policy. */
export const missingMethods = (sim: Sim, user: SeedUser, state: ExistingUser): MethodKind[] => {
  const coverage = ssprCoverage(activeTenant(user.tenant), state);
  if (!coverage.enabled) return [];
  return coverage.allowedMethods.filter(
    (m) =>
      !state.methods.some((r) => r.method === m) &&
      !(m === 'securityQuestions' && isAdmin(state.roles)),
  );
};

/** True when the user has fewer usable methods than their gates need. */
export const needsRegistration = (sim: Sim, user: SeedUser): boolean => {
  const state = existing(user);
  if (!state || state.status !== 'active') return false;
  const coverage = ssprCoverage(activeTenant(user.tenant), state);
  if (!coverage.enabled) return false;
  const usable = state.methods.filter((m) => coverage.allowedMethods.includes(m.method)).length;
  return state.reregistrationRequired || usable < coverage.gatesRequired;
};

/**
 * The registration prompt at sign-in: eager users register what their gates need (sometimes one
 * more), partial ones start and give up halfway, and everyone keeps to the allowed methods.
 */
export const registerSecurityInfo = (sim: Sim, user: SeedUser): void => {
  const state = existing(user);
  if (!state || state.status !== 'active') return;
  const missing = missingMethods(sim, user, state);
  if (missing.length === 0) return;
  const coverage = ssprCoverage(activeTenant(user.tenant), state);
  const eager = user.persona.diligence === 'eager';
  const wanted = eager ? coverage.gatesRequired + (sim.prng.chance(0.35) ? 1 : 0) : 1;
  const chosen = sim.prng.sample(missing, wanted);
  chosen.forEach((method, i) => {
    const finish = eager || i > 0 || sim.prng.chance(0.4);
    registerMethod(sim, user, method, finish);
  });
};

/** Re-confirmation: the user looks at their methods and says they are still right. */
export const reviewSecurityInfo = (sim: Sim, user: SeedUser): void => {
  decide(sim, user, (metadata) => ({ type: 'ReviewSecurityInfo', data: {}, metadata }));
};

/** A new phone: the old method goes (refused when it would break the requirement), then a new one. */
export const replaceMethod = (sim: Sim, user: SeedUser): void => {
  const state = existing(user);
  const method = state && state.methods.length > 0 ? sim.prng.pick(state.methods) : undefined;
  if (!method) return;
  decide(sim, user, (metadata) => ({
    type: 'RemoveSecurityInfo',
    data: { methodId: method.methodId },
    metadata,
  }));
  wait(sim, 30);
  registerMethod(sim, user, method.method, true);
};
