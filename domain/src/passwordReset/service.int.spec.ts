import { randomBytes } from 'node:crypto';
import {
  AesGcmSecretBox,
  Argon2PasswordHasher,
  cryptoRandom,
  HmacCodeHasher,
  OtpauthTotp,
  openSqliteEventStore,
  systemClock,
  TenantDirectoryWriteback,
} from '@resetline/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResetlineError, ServiceDeps } from '../core/index.js';
import { at, T0 } from '../signIn/fixtures.js';
import { handleSignIn } from '../signIn/service.js';
import {
  requestAt,
  seedTenant,
  seedUser,
  storedEventsHoldNoSecret,
  type TenantSeed,
} from '../signIn/serviceFixtures.js';
import {
  handleConfirmAuthenticator,
  handleRegisterAuthenticator,
} from '../registration/authenticatorEnrolment.js';
import { userStreamId } from '../user/user.js';
import { resetStreamId } from './passwordReset.js';
import {
  handleAnswerSecurityQuestions,
  handleCompletePasswordReset,
  handleDescribeResetFlow,
  handleSendResetCode,
  handleStartPasswordReset,
  handleUnlockAccount,
  handleVerifyResetCode,
} from './service.js';

const OLD_PASSWORD = 'old correct horse battery';
const NEW_PASSWORD = 'Lighthouse keeper 1843 tide';
const QUESTIONS = [
  ['In what city was your first job?', 'Rotterdam'],
  ['What is your favorite food?', 'Stroopwafel'],
  ['In what city did your parents meet?', 'Den Haag'],
] as const;
let deps: ServiceDeps;

const setUp = async (tenant: TenantSeed = {}) => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: systemClock,
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher(),
    codeHasher: new HmacCodeHasher(randomBytes(32)),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
    totp: new OtpauthTotp(),
  };
  await seedTenant(deps, tenant);
};
beforeEach(() =>
  setUp({
    sspr: { allowedMethods: ['email', 'mobilePhone', 'authenticator', 'securityQuestions'] },
  }),
);
afterEach(() => deps.eventStore.close());

const meta = (seconds = 0) => requestAt(at(T0, seconds));
const start = (username: string, seconds = 0) =>
  handleStartPasswordReset(deps, { username }, meta(seconds));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a refusal'),
    (error: ResetlineError) => ({ code: error.code, reason: error.reason }),
  );
const flowEvents = async (flowId: string) => deps.eventStore.readStream(resetStreamId(flowId));
/** Reads the last code sent in the flow, as the delivery worker does. */
const lastCode = async (flowId: string) => {
  const sent = (await flowEvents(flowId)).filter((e) => e.type === 'ResetCodeSent').at(-1);
  return deps.secretBox.open(String(sent?.data['sealedCode']));
};
const shapeOfView = (view: { methods: readonly object[] } & Record<string, unknown>) => ({
  keys: Object.keys(view).sort(),
  methods: view.methods,
});
const ada = (extra: Partial<Parameters<typeof seedUser>[1]> = {}) =>
  seedUser(deps, {
    username: 'ada.lovelace@contoso.com',
    password: OLD_PASSWORD,
    email: 'ada@gmail.com',
    ...extra,
  });

describe('reset flow service (SQLite, argon2id, HMAC, AES-GCM)', () => {
  describe('starting', () => {
    const shapeOf = (view: Awaited<ReturnType<typeof start>>) => ({
      keys: Object.keys(view).sort(),
      status: view.status,
      types: Object.values(view).map((v) => typeof v),
      flowIdLength: view.flowId.length,
      gatesRequired: view.gatesRequired,
      gatesPassed: view.gatesPassed,
      unlockAllowed: view.unlockAllowed,
      lifetime: view.expiresAt.getTime() - T0.getTime(),
      methodKeys: view.methods.every((m) =>
        Object.keys(m).every((k) =>
          ['methodId', 'method', 'maskedTarget', 'questions'].includes(k),
        ),
      ),
    });

    it('answers the same shape and status for eligible, unknown, disabled, unregistered, out-of-scope and tier-excluded users', async () => {
      await setUp({ tier: 'basic', sspr: { scope: 'selected', selectedGroups: ['staff'] } });
      await ada();
      await seedUser(deps, {
        username: 'gone.user@contoso.com',
        password: OLD_PASSWORD,
        email: 'gone@gmail.com',
        disabled: true,
      });
      await seedUser(deps, { username: 'new.user@contoso.com', password: OLD_PASSWORD });
      await seedUser(deps, {
        username: 'out.side@contoso.com',
        password: OLD_PASSWORD,
        email: 'out@gmail.com',
        groups: ['contractors'],
      });
      await seedUser(deps, {
        username: 'syn.ced@contoso.com',
        password: OLD_PASSWORD,
        email: 'syn@gmail.com',
        source: 'synced',
      });

      const eligible = await start('ada.lovelace@contoso.com');
      const others = {
        unknownUser: await start('nobody@contoso.com'),
        disabled: await start('gone.user@contoso.com'),
        notRegistered: await start('new.user@contoso.com'),
        notInScope: await start('out.side@contoso.com'),
        tierExcludes: await start('syn.ced@contoso.com'),
      };

      for (const view of Object.values(others)) expect(shapeOf(view)).toEqual(shapeOf(eligible));
      expect(eligible.flowId).toMatch(/^[A-Za-z0-9_-]{32}$/);
      for (const [reason, view] of Object.entries(others)) {
        const [startedEvent] = await flowEvents(view.flowId);
        expect(startedEvent?.data).toMatchObject({ eligible: false, ineligibleReason: reason });
      }
      expect((await flowEvents(eligible.flowId))[0]?.data).toMatchObject({ eligible: true });
    });

    it('shows the same decoy methods on every start for the same unknown name', async () => {
      const first = await start('nobody@contoso.com');
      const second = await start('NOBODY@contoso.com', 30);

      // Questions are drawn afresh per flow, for real users and decoys alike.
      const withoutQuestions = (view: typeof first) =>
        view.methods.map(({ methodId, method, maskedTarget }) => ({
          methodId,
          method,
          maskedTarget,
        }));
      expect(withoutQuestions(second)).toEqual(withoutQuestions(first));
      expect(first.methods.length).toBeGreaterThan(0);
      expect(second.flowId).not.toBe(first.flowId);
    });

    it('sends nothing and passes no gate for an ineligible flow, answering like an eligible one', async () => {
      // Only code methods, so whichever decoy method comes first can be sent to.
      await setUp({ sspr: { allowedMethods: ['email', 'mobilePhone'] } });
      await ada();
      const real = await start('ada.lovelace@contoso.com');
      const decoy = await start('nobody@contoso.com');
      const decoyMethod = decoy.methods[0]!;

      const realSent = await handleSendResetCode(
        deps,
        { flowId: real.flowId, methodId: 'email' },
        meta(1),
      );
      const decoySent = await handleSendResetCode(
        deps,
        { flowId: decoy.flowId, methodId: decoyMethod.methodId },
        meta(1),
      );

      expect(Object.keys(decoySent).sort()).toEqual(Object.keys(realSent).sort());
      expect(decoySent.expiresAt).toEqual(realSent.expiresAt);
      expect((await flowEvents(decoy.flowId)).map((e) => e.type)).toEqual(['PasswordResetStarted']);
      const guess = await refusal(
        handleVerifyResetCode(
          deps,
          { flowId: decoy.flowId, methodId: decoyMethod.methodId, code: '12345678' },
          meta(2),
        ),
      );
      const wrong = await refusal(
        handleVerifyResetCode(
          deps,
          { flowId: real.flowId, methodId: 'email', code: '12345678' },
          meta(2),
        ),
      );
      expect(guess).toEqual(wrong);
    });

    it('blocks a sixth flow that reaches the account in 24 hours, without saying so', async () => {
      const userId = await ada();
      const flows = [];
      for (let i = 0; i < 6; i++) flows.push(await start('ada.lovelace@contoso.com', i));
      const answers = [];
      for (const [i, flow] of flows.entries()) {
        answers.push(
          await handleSendResetCode(deps, { flowId: flow.flowId, methodId: 'email' }, meta(10 + i)),
        );
      }

      expect(new Set(answers.map((a) => Object.keys(a).join()))).toHaveLength(1);
      const sent = await Promise.all(
        flows.map(async (f) =>
          (await flowEvents(f.flowId)).some((e) => e.type === 'ResetCodeSent'),
        ),
      );
      expect(sent).toEqual([true, true, true, true, true, false]);
      const userEvents = await deps.eventStore.readStream(userStreamId(userId));
      expect(userEvents.at(-1)).toMatchObject({
        type: 'SelfServiceResetBlocked',
        data: { reason: 'startedLimitReached' },
      });
      const seventh = await start('ada.lovelace@contoso.com', 20);
      expect(shapeOfView(seventh)).toEqual(shapeOfView(flows[0]!));
      expect((await flowEvents(seventh.flowId))[0]?.data).toMatchObject({
        eligible: false,
        ineligibleReason: 'blocked',
      });
    });
  });

  describe('resetting by email code', () => {
    it('verifies the code, sets the new password and lets the user sign in with it', async () => {
      const userId = await ada();
      const flow = await start('ada.lovelace@contoso.com');
      const sent = await handleSendResetCode(
        deps,
        { flowId: flow.flowId, methodId: 'email' },
        meta(10),
      );
      const code = await lastCode(flow.flowId);

      expect(sent).toMatchObject({
        methodId: 'email',
        channel: 'email',
        maskedTarget: 'a***@gmail.com',
      });
      expect(code).toMatch(/^\d{8}$/);
      await expect(
        handleVerifyResetCode(deps, { flowId: flow.flowId, methodId: 'email', code }, meta(20)),
      ).resolves.toEqual({
        gatesPassed: 1,
        gatesRequired: 1,
      });
      await handleCompletePasswordReset(
        deps,
        { flowId: flow.flowId, newPassword: NEW_PASSWORD },
        meta(30),
      );

      await expect(
        handleSignIn(
          deps,
          { username: 'ada.lovelace@contoso.com', password: NEW_PASSWORD },
          meta(40),
        ),
      ).resolves.toMatchObject({ userId });
      expect(
        await refusal(
          handleSignIn(
            deps,
            { username: 'ada.lovelace@contoso.com', password: OLD_PASSWORD },
            meta(41),
          ),
        ),
      ).toMatchObject({
        code: 'UNAUTHENTICATED',
      });
      expect((await flowEvents(flow.flowId)).at(-1)?.type).toBe('PasswordResetCompleted');
      expect(
        await refusal(
          handleCompletePasswordReset(
            deps,
            { flowId: flow.flowId, newPassword: NEW_PASSWORD },
            meta(50),
          ),
        ),
      ).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'FlowEnded',
      });
      await storedEventsHoldNoSecret(deps, [OLD_PASSWORD, NEW_PASSWORD, code]);
    });

    it('ends the flow at the fifth wrong code, a new code notwithstanding', async () => {
      await ada();
      const flow = await start('ada.lovelace@contoso.com');
      await handleSendResetCode(deps, { flowId: flow.flowId, methodId: 'email' }, meta(1));
      const verify = (code: string) =>
        handleVerifyResetCode(deps, { flowId: flow.flowId, methodId: 'email', code }, meta(5));
      for (let i = 0; i < 4; i++)
        expect(await refusal(verify('00000000'))).toEqual({
          code: 'BAD_USER_INPUT',
          reason: 'InvalidCode',
        });
      await handleSendResetCode(deps, { flowId: flow.flowId, methodId: 'email' }, meta(6));

      expect(await refusal(verify('00000001'))).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'TooManyWrongCode',
      });
      expect(await refusal(verify(await lastCode(flow.flowId)))).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'FlowEnded',
      });
    });

    it('refuses an expired code and records an expired session as abandoned', async () => {
      await ada();
      const flow = await start('ada.lovelace@contoso.com');
      await handleSendResetCode(deps, { flowId: flow.flowId, methodId: 'email' }, meta(0));
      const code = await lastCode(flow.flowId);

      expect(
        await refusal(
          handleVerifyResetCode(deps, { flowId: flow.flowId, methodId: 'email', code }, meta(301)),
        ),
      ).toMatchObject({ reason: 'InvalidCode' });
      expect(
        await refusal(
          handleVerifyResetCode(deps, { flowId: flow.flowId, methodId: 'email', code }, meta(900)),
        ),
      ).toMatchObject({ reason: 'FlowExpired' });
      expect((await flowEvents(flow.flowId)).at(-1)).toMatchObject({
        type: 'PasswordResetAbandoned',
        data: { step: 'verify' },
      });
    });

    it('keeps the flow open when the new password breaks a rule or repeats the current one', async () => {
      await ada();
      const flow = await start('ada.lovelace@contoso.com');
      await handleSendResetCode(deps, { flowId: flow.flowId, methodId: 'email' }, meta(1));
      await handleVerifyResetCode(
        deps,
        { flowId: flow.flowId, methodId: 'email', code: await lastCode(flow.flowId) },
        meta(2),
      );
      const complete = (newPassword: string) =>
        handleCompletePasswordReset(deps, { flowId: flow.flowId, newPassword }, meta(3));

      expect(await refusal(complete('short'))).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'PasswordTooShort',
      });
      expect(await refusal(complete(OLD_PASSWORD))).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'PasswordReused',
      });
      await expect(complete(NEW_PASSWORD)).resolves.toMatchObject({ status: 'completed' });
      const rejected = (await flowEvents(flow.flowId))
        .filter((e) => e.type === 'ResetPasswordRejected')
        .map((e) => e.data['reasons']);
      expect(rejected).toEqual([expect.arrayContaining(['PasswordTooShort']), ['PasswordReused']]);
    });
  });

  describe('admins', () => {
    it('need two different methods and are never offered security questions', async () => {
      await ada({ roles: ['globalAdmin'], phone: '+31612345678', questions: QUESTIONS });
      const flow = await start('ada.lovelace@contoso.com');

      expect(flow.gatesRequired).toBe(2);
      expect(flow.methods.map((m) => m.method)).toEqual(['email', 'mobilePhone']);
      await handleSendResetCode(deps, { flowId: flow.flowId, methodId: 'email' }, meta(1));
      await handleVerifyResetCode(
        deps,
        { flowId: flow.flowId, methodId: 'email', code: await lastCode(flow.flowId) },
        meta(2),
      );
      expect(
        await refusal(
          handleCompletePasswordReset(
            deps,
            { flowId: flow.flowId, newPassword: NEW_PASSWORD },
            meta(3),
          ),
        ),
      ).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'GatesNotPassed',
      });
      const sms = await handleSendResetCode(
        deps,
        { flowId: flow.flowId, methodId: 'mobilePhone' },
        meta(4),
      );
      const smsCode = await lastCode(flow.flowId);
      expect(sms).toMatchObject({ channel: 'sms', maskedTarget: '+31 6*****78' });
      expect(smsCode).toMatch(/^\d{6}$/);
      await expect(
        handleVerifyResetCode(
          deps,
          { flowId: flow.flowId, methodId: 'mobilePhone', code: smsCode },
          meta(5),
        ),
      ).resolves.toEqual({
        gatesPassed: 2,
        gatesRequired: 2,
      });
      await expect(
        handleCompletePasswordReset(
          deps,
          { flowId: flow.flowId, newPassword: NEW_PASSWORD },
          meta(6),
        ),
      ).resolves.toMatchObject({
        status: 'completed',
      });
    });
  });

  describe('security questions', () => {
    it('asks the registered questions and accepts answers in another case and spacing', async () => {
      await ada({ questions: QUESTIONS });
      const flow = await start('ada.lovelace@contoso.com');
      const asked = flow.methods.find((m) => m.method === 'securityQuestions')?.questions ?? [];

      expect([...asked].sort()).toEqual(QUESTIONS.map(([q]) => q).sort());
      const answers = QUESTIONS.map(([question, answer]) => ({
        question,
        answer: `  ${answer.toUpperCase().replace(' ', '   ')} `,
      }));
      await expect(
        handleAnswerSecurityQuestions(deps, { flowId: flow.flowId, answers }, meta(5)),
      ).resolves.toEqual({
        gatesPassed: 1,
        gatesRequired: 1,
      });
      await storedEventsHoldNoSecret(
        deps,
        QUESTIONS.map(([, a]) => a),
      );
    });

    it('shows the same flow, questions included, when the page is reloaded', async () => {
      await ada({ questions: QUESTIONS });
      for (const username of ['ada.lovelace@contoso.com', 'nobody@contoso.com']) {
        const flow = await start(username);
        await expect(
          handleDescribeResetFlow(deps, { flowId: flow.flowId }, meta(5)),
        ).resolves.toEqual(flow);
      }
    });

    it('counts wrong answers as a failed sign-in', async () => {
      const userId = await ada({ questions: QUESTIONS });
      const flow = await start('ada.lovelace@contoso.com');
      const answers = QUESTIONS.map(([question]) => ({ question, answer: 'Amsterdam' }));

      expect(
        await refusal(
          handleAnswerSecurityQuestions(deps, { flowId: flow.flowId, answers }, meta(5)),
        ),
      ).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'WrongAnswers',
      });
      const failed = (await deps.eventStore.readStream(userStreamId(userId))).filter(
        (e) => e.type === 'SignInFailed',
      );
      expect(failed.map((e) => e.data)).toEqual([
        { reason: 'wrongSecurityAnswer', counted: true, failures: 1 },
      ]);
    });
  });

  describe('authenticator and unlock', () => {
    it('passes the gate with a TOTP code and unlocks a locked account without a reset', async () => {
      await setUp({
        sspr: { allowedMethods: ['email', 'authenticator'], allowUnlockWithoutReset: true },
      });
      const secret = deps.totp.generateSecret();
      const userId = await ada({ totpSecret: secret });
      for (let i = 0; i < 10; i++)
        await refusal(
          handleSignIn(
            deps,
            { username: 'ada.lovelace@contoso.com', password: `guess ${i}` },
            meta(i),
          ),
        );
      const flow = await start('ada.lovelace@contoso.com', 20);
      const { TOTP, Secret } = await import('otpauth');
      const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate({
        timestamp: at(T0, 25).getTime(),
      });

      expect(flow.unlockAllowed).toBe(true);
      await handleVerifyResetCode(
        deps,
        { flowId: flow.flowId, methodId: 'authenticator', code },
        meta(25),
      );
      await handleUnlockAccount(deps, { flowId: flow.flowId }, meta(30));

      const userEvents = await deps.eventStore.readStream(userStreamId(userId));
      expect(userEvents.at(-1)).toMatchObject({ type: 'AccountUnlocked', data: { by: 'self' } });
      await expect(
        handleSignIn(
          deps,
          { username: 'ada.lovelace@contoso.com', password: OLD_PASSWORD },
          meta(31),
        ),
      ).resolves.toMatchObject({ userId });
      expect((await flowEvents(flow.flowId)).at(-1)?.type).toBe('AccountUnlockCompleted');
    });
  });

  describe('authenticator codes are single use (RFC 6238 §5.2)', () => {
    const ADA = 'ada.lovelace@contoso.com';
    const totpCode = async (secret: string, seconds: number) => {
      const { TOTP, Secret } = await import('otpauth');
      return new TOTP({ secret: Secret.fromBase32(secret) }).generate({
        timestamp: at(T0, seconds).getTime(),
      });
    };
    const verifyTotp = (flowId: string, code: string, seconds: number) =>
      handleVerifyResetCode(deps, { flowId, methodId: 'authenticator', code }, meta(seconds));
    const setUpAda = async () => {
      await setUp({ sspr: { allowedMethods: ['email', 'authenticator'] } });
      const secret = deps.totp.generateSecret();
      return { secret, userId: await ada({ totpSecret: secret }) };
    };

    it('refuses a code already accepted, in another flow and in the same step, then takes the next step', async () => {
      const { secret } = await setUpAda();
      const code = await totpCode(secret, 25);
      const first = await start(ADA, 20);
      await expect(verifyTotp(first.flowId, code, 25)).resolves.toMatchObject({ gatesPassed: 1 });

      const second = await start(ADA, 26);
      expect(await refusal(verifyTotp(second.flowId, code, 27))).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'InvalidCode',
      });
      expect((await flowEvents(second.flowId)).at(-1)).toMatchObject({
        type: 'ResetGateFailed',
        data: { reason: 'replayedCode', failures: 1 },
      });
      const next = await totpCode(secret, 31);
      await expect(verifyTotp(second.flowId, next, 31)).resolves.toMatchObject({ gatesPassed: 1 });
    });

    it('lets only one of two flows racing with the same code pass', async () => {
      const { secret } = await setUpAda();
      const code = await totpCode(secret, 25);
      const flows = [await start(ADA, 20), await start(ADA, 21)];
      const outcomes = await Promise.allSettled(flows.map((f) => verifyTotp(f.flowId, code, 25)));

      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    });

    it('refuses at a reset gate the code that confirmed the authenticator', async () => {
      await setUp({ sspr: { allowedMethods: ['email', 'authenticator'] } });
      const userId = await ada();
      const asAda = (seconds: number) => ({
        ...meta(seconds),
        actor: { kind: 'user' as const, id: userId },
      });
      const enrolment = await handleRegisterAuthenticator(deps, asAda(10));
      const secret = new URL(enrolment.otpauthUri).searchParams.get('secret')!;
      const code = await totpCode(secret, 25);
      await handleConfirmAuthenticator(
        deps,
        { enrolmentToken: enrolment.enrolmentToken, code },
        asAda(25),
      );

      const flow = await start(ADA, 26);
      expect(await refusal(verifyTotp(flow.flowId, code, 27))).toMatchObject({
        reason: 'InvalidCode',
      });
      const next = await totpCode(secret, 31);
      await expect(verifyTotp(flow.flowId, next, 31)).resolves.toMatchObject({ gatesPassed: 1 });
    });
  });

  describe('writeback', () => {
    it('fails the flow and sets no password when the directory cannot be reached', async () => {
      await setUp({ sspr: { writebackEnabled: true } });
      const unreachable = new TenantDirectoryWriteback(async () => ({
        kind: 'openldap',
        url: 'ldap://127.0.0.1:1',
        bindDn: 'cn=resetline,dc=example,dc=org',
        bindPassword: 'service-secret',
        baseDn: 'dc=example,dc=org',
        timeoutMs: 1_000,
      }));
      deps = { ...deps, writebackFor: async () => unreachable };
      const userId = await ada({ source: 'synced' });
      const flow = await start('ada.lovelace@contoso.com');
      await handleSendResetCode(deps, { flowId: flow.flowId, methodId: 'email' }, meta(1));
      await handleVerifyResetCode(
        deps,
        { flowId: flow.flowId, methodId: 'email', code: await lastCode(flow.flowId) },
        meta(2),
      );

      const failure = await refusal(
        handleCompletePasswordReset(
          deps,
          { flowId: flow.flowId, newPassword: NEW_PASSWORD },
          meta(3),
        ),
      );

      expect(failure).toEqual({ code: 'BAD_USER_INPUT', reason: 'WritebackFailed' });
      expect((await flowEvents(flow.flowId)).at(-1)).toMatchObject({
        type: 'PasswordResetFailed',
        data: { reason: 'writebackFailed', detail: 'DirectoryUnreachable' },
      });
      const userTypes = (await deps.eventStore.readStream(userStreamId(userId))).map((e) => e.type);
      expect(userTypes).not.toContain('PasswordReset');
    });
  });
});
