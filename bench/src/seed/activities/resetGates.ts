import type { DeliveryChannel, OfferedMethod, OpenFlow } from '@resetline/domain';
import { resetDomain, type ResetFlowCommand } from '../resetDomain.js';
import { existing, wait, type SeedUser } from '../sim.js';
import { eligibleUser, onFlow, onUser, openFlow, type Run } from './resetRun.js';

// The gates of a reset flow as the gate service runs them: throttle counts on the user stream,
// real code issue and judging (keyed hashes), authenticator codes, security questions.

const { attemptAllowed } = resetDomain;

const countAttempt = (run: Run, user: SeedUser, kind: 'emailSent' | 'phoneVerification'): boolean =>
  attemptAllowed(
    onUser(run, user, (metadata) => ({
      type: 'CountVerificationAttempt',
      data: { flowId: openFlow(run)!.flowId, kind },
      metadata,
    })),
  );

const channelFor = (run: Run, method: OfferedMethod): DeliveryChannel => {
  if (method.method === 'email') return 'email';
  if (method.method === 'officePhone') return 'voice';
  return run.sim.prng.chance(0.1) ? 'voice' : 'sms';
};

/** Sends a code when the flow may (eligible, registered target, under the throttle); returns it. */
const sendCode = (run: Run, method: OfferedMethod): string | null => {
  const { sim } = run;
  const flow = openFlow(run)!;
  const user = eligibleUser(run);
  const registered = user && existing(user)?.methods.find((m) => m.method === method.method);
  let delivery: Extract<ResetFlowCommand, { type: 'SendResetCode' }>['data']['delivery'] = null;
  let code: string | null = null;
  if (user && registered?.target) {
    const kind = method.method === 'email' ? 'emailSent' : 'phoneVerification';
    if (countAttempt(run, user, kind)) {
      const issued = resetDomain.issueCode(sim, flow.flowId, method.methodId, method.method);
      sim.issuedCodes?.push(issued.code);
      code = issued.code;
      delivery = {
        target: registered.target,
        maskedTarget: registered.maskedTarget ?? registered.target,
        codeHash: issued.codeHash,
        sealedCode: issued.sealedCode,
      };
    }
  }
  onFlow(run, (metadata) => ({
    type: 'SendResetCode',
    data: { methodId: method.methodId, channel: channelFor(run, method), delivery },
    metadata,
  }));
  return code;
};

/** What the person types: the code, a slip of one digit, or something made up. */
const typedCode = (run: Run, code: string | null, right: boolean): string => {
  const { prng } = run.sim;
  if (code && right) return code;
  if (code) return code.slice(0, -1) + String((Number(code.at(-1)) + 1 + prng.int(9)) % 10);
  return prng.digits(prng.chance(0.5) ? 6 : 8);
};

/** Code methods: send, then type it, maybe late, maybe wrong; the real judge compares hashes. */
const passCodeGate = (run: Run, method: OfferedMethod): boolean => {
  const { sim } = run;
  let code = sendCode(run, method);
  wait(sim, 40);
  if (run.attempt.abandonAt === 'verify') return false;
  for (let tries = 0; tries < run.attempt.persistence; tries++) {
    const flow = openFlow(run);
    if (!flow) return false;
    if (code && sim.prng.chance(0.04)) sim.at += 5 * 60_000;
    const right = code !== null && sim.prng.chance(0.85);
    const verdict = resetDomain.judgeCode(
      sim.codeHasher,
      flow,
      method.methodId,
      typedCode(run, code, right),
      new Date(sim.at),
    );
    const events = onFlow(run, (metadata) => ({
      type: 'VerifyResetCode',
      data: { methodId: method.methodId, verdict },
      metadata,
    }));
    if (events.some((e) => e.type === 'ResetGatePassed')) return true;
    wait(sim, 15);
    if (verdict === 'expiredCode' || (verdict === 'noCodeSent' && sim.prng.chance(0.5))) {
      code = sendCode(run, method);
      wait(sim, 30);
    }
  }
  return false;
};

const passAuthenticatorGate = (run: Run, method: OfferedMethod): boolean => {
  const { sim } = run;
  wait(sim, 25);
  for (let tries = 0; tries < run.attempt.persistence; tries++) {
    if (!openFlow(run)) return false;
    const user = eligibleUser(run);
    const hasSecret = user && existing(user)?.methods.some((m) => m.method === 'authenticator');
    const valid = hasSecret && countAttempt(run, user, 'phoneVerification') && sim.prng.chance(0.9);
    const events = onFlow(run, (metadata) => ({
      type: 'VerifyResetCode',
      data: { methodId: method.methodId, verdict: valid ? 'valid' : 'wrongCode' },
      metadata,
    }));
    if (events.some((e) => e.type === 'ResetGatePassed')) return true;
    wait(sim, 15);
  }
  return false;
};

/** Questions: a wrong set also counts as a failed sign-in (and may lock the account). */
const passQuestionsGate = (run: Run): boolean => {
  const { sim } = run;
  wait(sim, 60);
  for (let tries = 0; tries < run.attempt.persistence; tries++) {
    if (!openFlow(run)) return false;
    const user = eligibleUser(run);
    const allowed = user !== null && countAttempt(run, user, 'phoneVerification');
    const correct = allowed && user.answers.size > 0 && sim.prng.chance(0.8);
    if (user && allowed && !correct) {
      onUser(run, user, (metadata) => ({
        type: 'RecordWrongSecurityAnswers',
        data: { lockoutPolicy: run.tenant.lockoutPolicy },
        metadata,
      }));
    }
    const events = onFlow(run, (metadata) => ({
      type: 'AnswerSecurityQuestions',
      data: { correct },
      metadata,
    }));
    if (events.some((e) => e.type === 'ResetGatePassed')) return true;
    wait(sim, 30);
  }
  return false;
};

export const passGate = (run: Run, method: OfferedMethod): boolean => {
  if (method.method === 'securityQuestions') return passQuestionsGate(run);
  if (method.method === 'authenticator') return passAuthenticatorGate(run, method);
  return passCodeGate(run, method);
};

/** People prefer a code by email or text, then the app, then questions. */
const preference: Readonly<Record<OfferedMethod['method'], number>> = {
  email: 5,
  mobilePhone: 4,
  authenticator: 3,
  officePhone: 1,
  securityQuestions: 2,
};

export const chooseMethod = (run: Run, flow: OpenFlow): OfferedMethod | undefined => {
  const left = flow.methods.filter((m) => !flow.passedMethodIds.includes(m.methodId));
  if (left.length === 0) return undefined;
  const key = run.sim.prng.weighted(
    Object.fromEntries(left.map((m, i) => [String(i), preference[m.method]])),
  );
  return left[Number(key)];
};
