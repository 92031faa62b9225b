import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorkers, waitForCode } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';
import { ok, ops, registerContact } from './selfServiceOperations.js';
import { seedTenant, seedUser, signIn } from './selfServiceSeed.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'lanterns over quiet harbours';

type Extensions = { code?: string; reason?: string };
const errorOf = (result: { errors?: readonly { extensions?: Extensions }[] }) =>
  result.errors?.[0]?.extensions;

describe('the registration portal', () => {
  let server: TestServer;
  let stopWorkers: () => Promise<void>;
  beforeAll(async () => {
    server = await startTestServer();
    stopWorkers = await startTestWorkers(server);
    await seedTenant(server, 'contoso', {
      sspr: { allowedMethods: ['email', 'mobilePhone', 'officePhone', 'securityQuestions'] },
    });
    await seedTenant(server, 'fabrikam');
  });
  afterAll(async () => {
    await stopWorkers?.();
    await server?.stop();
  });

  it('shows the signed-in user their own profile and methods, masked', async () => {
    await seedUser(server, 'contoso', {
      username: 'jan',
      password: PASSWORD,
      displayName: 'Jan de Vries',
    });
    const token = await signIn(server, 'contoso', 'jan', PASSWORD);
    const empty = await ok(server.graphql<{ me: unknown }>(ops.me, {}, { token }));
    expect(empty.me).toMatchObject({
      username: 'jan',
      displayName: 'Jan de Vries',
      mustChangePassword: false,
      securityInfo: [],
      registration: {
        registered: false,
        enabled: true,
        capable: false,
        gatesRequired: 1,
        methods: [],
      },
    });
    const methodId = await registerContact(server, token, { mobile: '+31612345678' });
    const me = await ok(
      server.graphql<{ me: { securityInfo: unknown[]; registration: unknown } }>(
        ops.me,
        {},
        { token },
      ),
    );
    expect(me.me.securityInfo).toEqual([
      {
        methodId,
        method: 'mobilePhone',
        maskedTarget: '+31 6*****78',
        registeredAt: expect.any(String),
      },
    ]);
    expect(me.me.registration).toMatchObject({
      registered: true,
      capable: true,
      methods: ['mobilePhone'],
    });
    expect(JSON.stringify(me)).not.toMatch(/612345678/);
  });

  it('refuses a wrong confirmation code, and drops the verification after five', async () => {
    await seedUser(server, 'contoso', { username: 'ana', password: PASSWORD });
    const token = await signIn(server, 'contoso', 'ana', PASSWORD);
    const after = new Date();
    const started = await ok(
      server.graphql<{ registerEmail: { methodId: string } }>(
        ops.registerEmail,
        { a: 'ana@contoso.example' },
        { token },
      ),
    );
    const code = await waitForCode(server, { to: 'ana@contoso.example', after });
    const wrong = String((Number(code) + 1) % 100_000_000).padStart(8, '0');
    const confirm = (c: string) =>
      server.graphql(ops.confirmEmail, { m: started.registerEmail.methodId, c }, { token });
    for (let i = 0; i < 4; i += 1) {
      expect(errorOf(await confirm(wrong))).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'WrongVerificationCode',
      });
    }
    expect(errorOf(await confirm(wrong))).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'VerificationAttemptsExhausted',
    });
    expect(errorOf(await confirm(code))).toEqual({
      code: 'NOT_FOUND',
      reason: 'NoPendingVerification',
    });
  });

  it('refuses malformed contacts and an office phone by SMS, with BAD_USER_INPUT', async () => {
    await seedUser(server, 'contoso', { username: 'sam', password: PASSWORD });
    const token = await signIn(server, 'contoso', 'sam', PASSWORD);
    expect(
      errorOf(await server.graphql(ops.registerEmail, { a: 'not-an-address' }, { token })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(
      errorOf(await server.graphql(ops.registerPhone, { n: '0612345678' }, { token })),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidPhoneNumber',
    });
    const office = await server.graphql(
      'mutation { registerPhone(method: officePhone, number: "+31201234567", channel: sms) { methodId } }',
      {},
      { token },
    );
    expect(errorOf(office)).toEqual({ code: 'BAD_USER_INPUT', reason: 'OfficePhoneVoiceOnly' });
  });

  it('removes and reviews only the caller’s own security info', async () => {
    await seedUser(server, 'contoso', { username: 'lee', password: PASSWORD });
    await seedUser(server, 'contoso', { username: 'kim', password: PASSWORD });
    const lee = await signIn(server, 'contoso', 'lee', PASSWORD);
    const kim = await signIn(server, 'contoso', 'kim', PASSWORD);
    expect(errorOf(await server.graphql(ops.review, {}, { token: lee }))).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'NothingToReview',
    });
    const methodId = await registerContact(server, lee, { email: 'lee@contoso.example' });
    expect(await ok(server.graphql(ops.review, {}, { token: lee }))).toEqual({
      reviewSecurityInfo: true,
    });
    expect(errorOf(await server.graphql(ops.remove, { m: methodId }, { token: kim }))).toEqual({
      code: 'NOT_FOUND',
      reason: 'SecurityInfoNotFound',
    });
    expect(await ok(server.graphql(ops.remove, { m: methodId }, { token: lee }))).toEqual({
      removeSecurityInfo: true,
    });
    const me = await ok(
      server.graphql<{ me: { securityInfo: unknown[] } }>(ops.me, {}, { token: lee }),
    );
    expect(me.me.securityInfo).toEqual([]);
  });

  it('never lets an administrator register security questions', async () => {
    await seedUser(server, 'contoso', {
      username: 'admin',
      password: PASSWORD,
      roles: ['globalAdmin'],
    });
    const token = await signIn(server, 'contoso', 'admin', PASSWORD);
    const answers = [
      { questionId: 'cityParentsMet', answer: 'Utrecht' },
      { questionId: 'cityFirstJob', answer: 'Rotterdam' },
      { questionId: 'favoriteFood', answer: 'Stamppot' },
    ];
    expect(errorOf(await server.graphql(ops.registerQuestions, { a: answers }, { token }))).toEqual(
      {
        code: 'FORBIDDEN',
        reason: 'QuestionsNotAllowedForAdmins',
      },
    );
    const both = [
      { questionId: 'favoriteFood', customQuestion: 'Which street?', answer: 'Dorpsstraat' },
    ];
    expect(
      errorOf(await server.graphql(ops.registerQuestions, { a: both }, { token })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it('lets a session that must change its password only change it and read me', async () => {
    await seedUser(server, 'contoso', {
      username: 'new',
      password: PASSWORD,
      mustChangeAtNextSignIn: true,
    });
    const token = await signIn(server, 'contoso', 'new', PASSWORD);
    const me = await ok(
      server.graphql<{ me: { mustChangePassword: boolean } }>(ops.me, {}, { token }),
    );
    expect(me.me.mustChangePassword).toBe(true);
    for (const [operation, variables] of [
      [ops.registerEmail, { a: 'new@contoso.example' }],
      [ops.registerAuthenticator, {}],
      [ops.review, {}],
    ] as const) {
      expect(errorOf(await server.graphql(operation, variables, { token }))).toEqual({
        code: 'FORBIDDEN',
        reason: 'PasswordChangeRequired',
      });
    }
    await ok(
      server.graphql(ops.change, { t: 'contoso', u: 'new', old: PASSWORD, new: NEW_PASSWORD }),
    );
    expect(errorOf(await server.graphql(ops.me, {}, { token }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const fresh = await signIn(server, 'contoso', 'new', NEW_PASSWORD);
    await expect(
      registerContact(server, fresh, { email: 'new@contoso.example' }),
    ).resolves.toBeTruthy();
  });

  it('applies the policy of the session’s own tenant, not another tenant’s', async () => {
    await seedUser(server, 'fabrikam', { username: 'jan', password: PASSWORD });
    const token = await signIn(server, 'fabrikam', 'jan', PASSWORD);
    const me = await ok(
      server.graphql<{ me: { username: string; securityInfo: unknown[] } }>(ops.me, {}, { token }),
    );
    expect(me.me).toMatchObject({ username: 'jan', securityInfo: [] });
    const office = await server.graphql(
      'mutation { registerPhone(method: officePhone, number: "+31201234567", channel: voice) { methodId } }',
      {},
      { token },
    );
    expect(errorOf(office)).toEqual({ code: 'FORBIDDEN', reason: 'MethodNotAllowed' });
  });
});
