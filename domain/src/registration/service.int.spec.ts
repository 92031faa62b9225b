import {
  AesGcmSecretBox,
  Argon2PasswordHasher,
  cryptoRandom,
  HmacCodeHasher,
  openSqliteEventStore,
  OtpauthTotp,
} from '@resetline/adapters';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandMetadata, RecordedEvent, ResetlineError, ServiceDeps } from '../core/index.js';
import { handleCreateTenant, handleUpdateSsprPolicy } from '../tenant/service.js';
import { getUser, handleProvisionUser, handleRevokeSecurityInfo } from '../user/service.js';
import {
  handleConfirmAuthenticator,
  handleRegisterAuthenticator,
} from './authenticatorEnrolment.js';
import {
  getRegistrationStatus,
  handleConfirmSecurityInfo,
  handleRegisterEmail,
  handleRegisterPhone,
  handleRegisterSecurityQuestions,
  handleRemoveSecurityInfo,
  handleReviewSecurityInfo,
} from './service.js';

const T0 = new Date('2025-03-01T09:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const system = (): CommandMetadata => ({
  now: T0,
  tenantId: 'contoso',
  actor: { kind: 'system', id: 'bootstrap' },
  correlationId: 'c',
});
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: ResetlineError) => `${e.code}/${e.reason}`,
  );
const ANSWERS = ['Amsterdam harbour', 'Lasagne al forno', 'Miss Honeybee'];

let deps: ServiceDeps;
let janId: string;
let adminId: string;
const asJan = (now = T0): CommandMetadata => ({
  ...system(),
  now,
  actor: { kind: 'user', id: janId },
});
const asAdminUser = (now = T0): CommandMetadata => ({
  ...system(),
  now,
  actor: { kind: 'user', id: adminId },
});

beforeEach(async () => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: { now: () => T0 },
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
    codeHasher: new HmacCodeHasher(new Uint8Array(32).fill(7)),
    secretBox: new AesGcmSecretBox(new Uint8Array(32).fill(9)),
    totp: new OtpauthTotp(),
  };
  await handleCreateTenant(deps, { tenantId: 'contoso', name: 'Contoso', tier: 'basic' }, system());
  adminId = (
    await handleProvisionUser(
      deps,
      { username: 'root@contoso.com', displayName: 'Root', roles: ['globalAdmin'] },
      system(),
    )
  ).userId;
  await handleUpdateSsprPolicy(
    deps,
    {
      scope: 'all',
      allowedMethods: ['email', 'mobilePhone', 'officePhone', 'authenticator', 'securityQuestions'],
    },
    { ...system(), actor: { kind: 'admin', id: adminId } },
  );
  janId = (
    await handleProvisionUser(deps, { username: 'jan@contoso.com', displayName: 'Jan' }, system())
  ).userId;
});
afterEach(() => deps.eventStore.close());

const userEvents = (userId = janId) => deps.eventStore.readStream(`user-${userId}`);
/** What the delivery worker does: open the sealed code from the event. */
const deliveredCode = async (methodId: string): Promise<string> => {
  const requested = (await userEvents()).findLast(
    (e: RecordedEvent) =>
      e.type === 'SecurityInfoVerificationRequested' && e.data['methodId'] === methodId,
  );
  return deps.secretBox.open(requested!.data['sealedCode'] as string);
};
const wrong = (code: string) => (code === '00000000' ? '11111111' : '00000000');

describe('registration service', () => {
  describe('registering an email', () => {
    it('sends an 8-digit code that only its hash and sealed form record, then registers the address', async () => {
      const started = await handleRegisterEmail(
        deps,
        { address: 'jan.jansen@example.com' },
        asJan(),
      );
      expect(started).toEqual({
        methodId: expect.any(String),
        maskedTarget: 'j***@example.com',
        expiresAt: '2025-03-01T09:05:00.000Z',
      });
      const code = await deliveredCode(started.methodId);
      expect(code).toMatch(/^\d{8}$/);
      // Not `/\d{8}/`: a random method id can hold eight digits in a row.
      expect(JSON.stringify(started)).not.toContain(code);
      expect(JSON.stringify(await deps.eventStore.readAll())).not.toContain(code);

      expect(
        await handleConfirmSecurityInfo(deps, { methodId: started.methodId, code }, asJan(at(60))),
      ).toEqual({ methodId: started.methodId, requirementMet: true });
      expect((await userEvents()).map((e) => e.type).slice(-2)).toEqual([
        'SecurityInfoRegistered',
        'RequiredSecurityInfoRegistered',
      ]);
      expect(await getRegistrationStatus(deps, 'contoso', janId, at(60))).toMatchObject({
        registered: true,
        enabled: true,
        capable: true,
        methods: ['email'],
      });
    });

    it('records each wrong code, says how many are left, and drops the verification at five', async () => {
      const { methodId } = await handleRegisterEmail(deps, { address: 'jan@example.com' }, asJan());
      const code = await deliveredCode(methodId);
      const error = await handleConfirmSecurityInfo(
        deps,
        { methodId, code: wrong(code) },
        asJan(),
      ).catch((e: ResetlineError) => e);
      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'WrongVerificationCode',
        details: { attemptsLeft: 4 },
      });
      expect((error as Error).message).not.toContain(code);
      for (let i = 0; i < 3; i++)
        await handleConfirmSecurityInfo(deps, { methodId, code: wrong(code) }, asJan()).catch(
          () => undefined,
        );
      expect(
        await codeOf(handleConfirmSecurityInfo(deps, { methodId, code: wrong(code) }, asJan())),
      ).toBe('BAD_USER_INPUT/VerificationAttemptsExhausted');
      expect(await codeOf(handleConfirmSecurityInfo(deps, { methodId, code }, asJan()))).toBe(
        'NOT_FOUND/NoPendingVerification',
      );
      expect(
        (await userEvents())
          .filter((e) => e.type === 'SecurityInfoVerificationFailed')
          .map((e) => e.data['failures']),
      ).toEqual([1, 2, 3, 4, 5]);
    });

    it('refuses the right code after five minutes', async () => {
      const { methodId } = await handleRegisterEmail(deps, { address: 'jan@example.com' }, asJan());
      const code = await deliveredCode(methodId);
      expect(
        await codeOf(handleConfirmSecurityInfo(deps, { methodId, code }, asJan(at(301)))),
      ).toBe('BAD_USER_INPUT/VerificationCodeExpired');
    });

    it('refuses a malformed address', async () =>
      expect(await codeOf(handleRegisterEmail(deps, { address: 'not-an-address' }, asJan()))).toBe(
        'BAD_USER_INPUT/InvalidEmail',
      ));

    it('requires a signed-in user', async () =>
      expect(
        await codeOf(
          handleRegisterEmail(
            deps,
            { address: 'a@b.nl' },
            { ...asJan(), actor: { kind: 'anonymous', id: 'x' } },
          ),
        ),
      ).toBe('UNAUTHENTICATED/SignInRequired'));
  });

  describe('registering a phone', () => {
    it('normalizes to E.164, sends a 6-digit code and masks the number', async () => {
      const started = await handleRegisterPhone(
        deps,
        { method: 'mobilePhone', number: '+31 6 1234 5678' },
        asJan(),
      );
      expect(started.maskedTarget).toBe('+31 6*****78');
      const code = await deliveredCode(started.methodId);
      expect(code).toMatch(/^\d{6}$/);
      const requested = (await userEvents()).at(-1)!;
      expect(requested.data).toMatchObject({
        target: '+31612345678',
        channel: 'sms',
        method: 'mobilePhone',
      });
      await handleConfirmSecurityInfo(deps, { methodId: started.methodId, code }, asJan());
      expect((await getUser(deps, 'contoso', janId))?.methods.map((m) => m.maskedTarget)).toEqual([
        '+31 6*****78',
      ]);
    });

    it('confirms a phone only as a phone and an email only as an email, counting no cross try', async () => {
      const phone = await handleRegisterPhone(
        deps,
        { method: 'mobilePhone', number: '+31 6 1234 5678' },
        asJan(),
      );
      const email = await handleRegisterEmail(deps, { address: 'jan@example.com' }, asJan());
      const phoneCode = await deliveredCode(phone.methodId);
      const emailCode = await deliveredCode(email.methodId);
      const before = (await userEvents()).length;

      expect(
        await codeOf(
          handleConfirmSecurityInfo(
            deps,
            { methodId: phone.methodId, code: phoneCode },
            asJan(),
            'email',
          ),
        ),
      ).toBe('NOT_FOUND/NoPendingVerification');
      expect(
        await codeOf(
          handleConfirmSecurityInfo(
            deps,
            { methodId: email.methodId, code: emailCode },
            asJan(),
            'phone',
          ),
        ),
      ).toBe('NOT_FOUND/NoPendingVerification');
      expect(await userEvents()).toHaveLength(before);

      await handleConfirmSecurityInfo(
        deps,
        { methodId: phone.methodId, code: phoneCode },
        asJan(),
        'phone',
      );
      await handleConfirmSecurityInfo(
        deps,
        { methodId: email.methodId, code: emailCode },
        asJan(),
        'email',
      );
      expect((await getUser(deps, 'contoso', janId))?.methods.map((m) => m.method).sort()).toEqual([
        'email',
        'mobilePhone',
      ]);
    });

    it('calls an office phone by default', async () => {
      await handleRegisterPhone(
        deps,
        { method: 'officePhone', number: '+31 20 123 4567' },
        asJan(),
      );
      expect((await userEvents()).at(-1)!.data).toMatchObject({
        channel: 'voice',
        method: 'officePhone',
      });
    });

    it('refuses a number without a country code', async () =>
      expect(
        await codeOf(
          handleRegisterPhone(deps, { method: 'mobilePhone', number: '0612345678' }, asJan()),
        ),
      ).toBe('BAD_USER_INPUT/InvalidPhoneNumber'));
  });

  describe('registering security questions', () => {
    const answers = (texts = ANSWERS) =>
      texts.map((answer, i) => ({
        question: { kind: 'predefined', id: ['cityFirstJob', 'favoriteFood', 'childhoodHero'][i] },
        answer,
      }));

    it('stores argon2id hashes of the normalized answers and never the answers', async () => {
      const result = await handleRegisterSecurityQuestions(deps, { answers: answers() }, asJan());
      expect(result.requirementMet).toBe(true);
      const questions = (await getUser(deps, 'contoso', janId))!.methods[0]!.questions!;
      expect(questions.map((q) => q.question)).toEqual([
        'In what city was your first job?',
        'What is your favorite food?',
        'What was the name of your childhood hero?',
      ]);
      expect(await deps.passwordHasher.verify(questions[1]!.answerHash, 'lasagne al forno')).toBe(
        true,
      );
      const stored = JSON.stringify(await deps.eventStore.readAll()).toLowerCase();
      for (const answer of ANSWERS) expect(stored).not.toContain(answer.toLowerCase());
    });

    it('refuses a too-short answer without echoing it', async () => {
      const error = await handleRegisterSecurityQuestions(
        deps,
        { answers: answers(['Amsterdam harbour', 'Lasagne al forno', 'ab']) },
        asJan(),
      ).catch((e: ResetlineError) => e);
      expect(error).toMatchObject({ reason: 'SecurityAnswerTooShort' });
      expect((error as Error).message).not.toMatch(/\bab\b/);
    });

    it('refuses an administrator', async () =>
      expect(
        await codeOf(handleRegisterSecurityQuestions(deps, { answers: answers() }, asAdminUser())),
      ).toBe('FORBIDDEN/QuestionsNotAllowedForAdmins'));
  });

  describe('registering an authenticator', () => {
    it('returns the otpauth URI once, and registers the sealed secret on the first right code', async () => {
      const enrolment = await handleRegisterAuthenticator(deps, asJan());
      expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      expect((await userEvents()).at(-1)!.type).toBe('UserProvisioned');
      const secret = new URL(enrolment.otpauthUri).searchParams.get('secret')!;
      const totp = new TOTP({ secret: Secret.fromBase32(secret) });

      const right = totp.generate({ timestamp: at(30).getTime() });
      const wrongCode = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
      expect(
        await codeOf(
          handleConfirmAuthenticator(
            deps,
            { enrolmentToken: enrolment.enrolmentToken, code: wrongCode },
            asJan(at(30)),
          ),
        ),
      ).toBe('BAD_USER_INPUT/WrongVerificationCode');
      const result = await handleConfirmAuthenticator(
        deps,
        {
          enrolmentToken: enrolment.enrolmentToken,
          code: totp.generate({ timestamp: at(60).getTime() }),
        },
        asJan(at(60)),
      );
      expect(result.requirementMet).toBe(true);
      const method = (await getUser(deps, 'contoso', janId))!.methods[0]!;
      expect(method.method).toBe('authenticator');
      expect(deps.secretBox.open(method.sealedTotpSecret!)).toBe(secret);
      expect(JSON.stringify(await deps.eventStore.readAll())).not.toContain(secret);
    });

    it('refuses a token of another user, a tampered token and an expired one', async () => {
      const enrolment = await handleRegisterAuthenticator(deps, asAdminUser());
      const code = { code: '123456' };
      expect(
        await codeOf(
          handleConfirmAuthenticator(
            deps,
            { enrolmentToken: enrolment.enrolmentToken, ...code },
            asJan(),
          ),
        ),
      ).toBe('BAD_USER_INPUT/InvalidEnrolment');
      expect(
        await codeOf(
          handleConfirmAuthenticator(
            deps,
            { enrolmentToken: `${enrolment.enrolmentToken}x`, ...code },
            asAdminUser(),
          ),
        ),
      ).toBe('BAD_USER_INPUT/InvalidEnrolment');
      expect(
        await codeOf(
          handleConfirmAuthenticator(
            deps,
            { enrolmentToken: enrolment.enrolmentToken, ...code },
            asAdminUser(at(601)),
          ),
        ),
      ).toBe('BAD_USER_INPUT/EnrolmentExpired');
    });
  });

  describe('reviewing and removing', () => {
    it('reviews, refuses to remove the only required method, removes it once another exists', async () => {
      await handleRegisterSecurityQuestions(
        deps,
        {
          answers: ANSWERS.map((answer, i) => ({
            question: {
              kind: 'predefined',
              id: ['cityFirstJob', 'favoriteFood', 'childhoodHero'][i],
            },
            answer,
          })),
        },
        asJan(),
      );
      await handleReviewSecurityInfo(deps, asJan(at(10)));
      const [questions] = (await getUser(deps, 'contoso', janId))!.methods;
      expect(await codeOf(handleRemoveSecurityInfo(deps, questions!.methodId, asJan()))).toBe(
        'BAD_USER_INPUT/RequiredSecurityInfo',
      );
      const { methodId } = await handleRegisterEmail(deps, { address: 'jan@example.com' }, asJan());
      await handleConfirmSecurityInfo(
        deps,
        { methodId, code: await deliveredCode(methodId) },
        asJan(),
      );
      await handleRemoveSecurityInfo(deps, questions!.methodId, asJan());
      expect((await getUser(deps, 'contoso', janId))!.methods.map((m) => m.method)).toEqual([
        'email',
      ]);
    });

    it('needs registering again after an admin revokes everything', async () => {
      const { methodId } = await handleRegisterEmail(deps, { address: 'jan@example.com' }, asJan());
      await handleConfirmSecurityInfo(
        deps,
        { methodId, code: await deliveredCode(methodId) },
        asJan(),
      );
      await handleRevokeSecurityInfo(deps, janId, undefined, {
        ...system(),
        actor: { kind: 'admin', id: adminId },
      });
      expect(await getRegistrationStatus(deps, 'contoso', janId, T0)).toMatchObject({
        registered: false,
        capable: false,
        methods: [],
      });
    });
  });
});
