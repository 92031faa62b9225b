import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorkers } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';
import {
  from,
  ok,
  ops,
  passCodeGate,
  registerContact,
  startReset,
} from './selfServiceOperations.js';
import { seedTenant, seedUser, signIn } from './selfServiceSeed.js';

const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'lanterns over quiet harbours';

const errorOf = (result: {
  errors?: readonly { extensions?: { code?: string; reason?: string } }[];
}) => result.errors?.[0]?.extensions;

describe('self-service journeys over HTTP', () => {
  let server: TestServer;
  let stopWorkers: () => Promise<void>;
  beforeAll(async () => {
    server = await startTestServer();
    stopWorkers = await startTestWorkers(server);
  });
  afterAll(async () => {
    await stopWorkers?.();
    await server?.stop();
  });

  describe('register an email, then reset by email code', () => {
    it('signs in with the new password, not the old one, and ends the earlier session', async () => {
      await seedTenant(server, 'contoso');
      await seedUser(server, 'contoso', { username: 'jan', password: OLD_PASSWORD });
      const token = await signIn(server, 'contoso', 'jan', OLD_PASSWORD);
      await registerContact(server, token, { email: 'jan@contoso.example' });

      const flow = await startReset(server, 'contoso', 'jan', '198.51.100.1');
      expect(flow).toMatchObject({ status: 'open', gatesRequired: 1, gatesPassed: 0 });
      expect(flow.methods).toEqual([
        {
          methodId: 'email',
          method: 'email',
          maskedTarget: 'j***@contoso.example',
          questions: null,
        },
      ]);
      const gate = await passCodeGate(
        server,
        flow.flowId,
        'email',
        'jan@contoso.example',
        '198.51.100.1',
      );
      expect(gate).toEqual({ verifyResetCode: { gatesPassed: 1, gatesRequired: 1 } });
      const completed = await ok(server.graphql(ops.complete, { f: flow.flowId, p: NEW_PASSWORD }));
      expect(completed).toEqual({
        completePasswordReset: { flowId: flow.flowId, status: 'completed' },
      });

      await expect(signIn(server, 'contoso', 'jan', NEW_PASSWORD)).resolves.toMatch(/\./);
      await expect(signIn(server, 'contoso', 'jan', OLD_PASSWORD)).rejects.toThrow(
        /UNAUTHENTICATED/,
      );
      expect(errorOf(await server.graphql(ops.me, {}, { token }))).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'SessionRevoked',
      });
      const again = await server.graphql(ops.complete, {
        f: flow.flowId,
        p: 'another fine passphrase',
      });
      expect(errorOf(again)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FlowEnded' });
    });
  });

  describe('a two-gate reset', () => {
    it('needs both the email and the mobile phone before the new password', async () => {
      await seedTenant(server, 'fabrikam', {
        sspr: { gatesRequired: 2, allowedMethods: ['email', 'mobilePhone'] },
      });
      await seedUser(server, 'fabrikam', { username: 'ana', password: OLD_PASSWORD });
      const token = await signIn(server, 'fabrikam', 'ana', OLD_PASSWORD);
      await registerContact(server, token, { email: 'ana@fabrikam.example' });
      await registerContact(server, token, { mobile: '+31612345678' });
      const me = await ok(server.graphql<{ me: { registration: unknown } }>(ops.me, {}, { token }));
      expect(me.me.registration).toMatchObject({
        registered: true,
        capable: true,
        gatesRequired: 2,
      });

      const ip = '198.51.100.2';
      const flow = await startReset(server, 'fabrikam', 'ana', ip);
      expect(flow.gatesRequired).toBe(2);
      expect(flow.methods.map((m) => [m.method, m.maskedTarget])).toEqual([
        ['email', 'a***@fabrikam.example'],
        ['mobilePhone', '+31 6*****78'],
      ]);
      await passCodeGate(server, flow.flowId, 'email', 'ana@fabrikam.example', ip);
      const early = await server.graphql(
        ops.complete,
        { f: flow.flowId, p: NEW_PASSWORD },
        from(ip),
      );
      expect(errorOf(early)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GatesNotPassed' });
      const second = await passCodeGate(server, flow.flowId, 'mobilePhone', '+31612345678', ip);
      expect(second).toEqual({ verifyResetCode: { gatesPassed: 2, gatesRequired: 2 } });
      await ok(server.graphql(ops.complete, { f: flow.flowId, p: NEW_PASSWORD }, from(ip)));
      await expect(signIn(server, 'fabrikam', 'ana', NEW_PASSWORD)).resolves.toMatch(/\./);
    });
  });

  describe('security questions', () => {
    const answers: Record<string, string> = {
      cityParentsMet: 'Utrecht',
      cityFirstJob: 'Rotterdam',
      favoriteFood: 'Stamppot boerenkool',
    };

    it('registers three answers and resets by answering the questions the flow asks', async () => {
      await seedTenant(server, 'tailspin', {
        sspr: { allowedMethods: ['email', 'securityQuestions'] },
      });
      await seedUser(server, 'tailspin', { username: 'sam', password: OLD_PASSWORD });
      const token = await signIn(server, 'tailspin', 'sam', OLD_PASSWORD);
      const registered = await server.graphql(
        ops.registerQuestions,
        { a: Object.entries(answers).map(([questionId, answer]) => ({ questionId, answer })) },
        { token },
      );
      expect(registered.errors).toBeUndefined();
      expect(JSON.stringify(registered)).not.toMatch(/Utrecht|Rotterdam|Stamppot/i);

      const ip = '198.51.100.3';
      const flow = await startReset(server, 'tailspin', 'sam', ip);
      const questions = flow.methods.find((m) => m.method === 'securityQuestions')!.questions!;
      expect(questions).toHaveLength(3);
      const texts = await import('@resetline/domain').then((d) =>
        Object.fromEntries(d.predefinedSecurityQuestions.map((q) => [q.text, q.id])),
      );
      const answerTo = (question: string) => answers[texts[question]!]!;
      const wrong = await server.graphql(
        ops.answer,
        { f: flow.flowId, a: questions.map((question) => ({ question, answer: 'Amsterdam' })) },
        from(ip),
      );
      expect(errorOf(wrong)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WrongAnswers' });
      const right = await ok(
        server.graphql(
          ops.answer,
          // Answers are normalized: case and inner spaces do not matter.
          {
            f: flow.flowId,
            a: questions.map((question) => ({
              question,
              answer: `  ${answerTo(question).toUpperCase()} `,
            })),
          },
          from(ip),
        ),
      );
      expect(right).toEqual({ answerSecurityQuestions: { gatesPassed: 1, gatesRequired: 1 } });
      await ok(server.graphql(ops.complete, { f: flow.flowId, p: NEW_PASSWORD }, from(ip)));
      await expect(signIn(server, 'tailspin', 'sam', NEW_PASSWORD)).resolves.toMatch(/\./);
    });
  });

  describe('an authenticator app', () => {
    it('enrols from the otpauth URI and resets with a TOTP code', async () => {
      await seedTenant(server, 'northwind', {
        sspr: { allowedMethods: ['authenticator', 'email'] },
      });
      await seedUser(server, 'northwind', { username: 'lee', password: OLD_PASSWORD });
      const token = await signIn(server, 'northwind', 'lee', OLD_PASSWORD);
      const enrolment = await ok(
        server.graphql<{ registerAuthenticator: { otpauthUri: string; enrolmentToken: string } }>(
          ops.registerAuthenticator,
          {},
          { token },
        ),
      );
      const totp = OTPAuth.URI.parse(enrolment.registerAuthenticator.otpauthUri) as OTPAuth.TOTP;
      const wrongCode = String((Number(totp.generate()) + 1) % 1_000_000).padStart(6, '0');
      const refused = await server.graphql(
        ops.confirmAuthenticator,
        { e: enrolment.registerAuthenticator.enrolmentToken, c: wrongCode },
        { token },
      );
      expect(errorOf(refused)).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'WrongVerificationCode',
      });
      const confirmed = await ok(
        server.graphql(
          ops.confirmAuthenticator,
          { e: enrolment.registerAuthenticator.enrolmentToken, c: totp.generate() },
          { token },
        ),
      );
      expect(confirmed).toMatchObject({ confirmAuthenticator: { requirementMet: true } });
      const me = await ok(
        server.graphql<{ me: { securityInfo: unknown[] } }>(ops.me, {}, { token }),
      );
      expect(me.me.securityInfo).toEqual([
        expect.objectContaining({ method: 'authenticator', maskedTarget: 'Authenticator app' }),
      ]);

      const ip = '198.51.100.4';
      const flow = await startReset(server, 'northwind', 'lee', ip);
      expect(flow.methods.map((m) => m.method)).toEqual(['authenticator']);
      const verified = await ok(
        server.graphql(
          ops.verify,
          // The confirmation used this step's code, and a code is good once: use the next step's
          // (one step of drift is allowed).
          { f: flow.flowId, m: 'authenticator', c: totp.generate({ timestamp: Date.now() + 30_000 }) },
          from(ip),
        ),
      );
      expect(verified).toEqual({ verifyResetCode: { gatesPassed: 1, gatesRequired: 1 } });
      await ok(server.graphql(ops.complete, { f: flow.flowId, p: NEW_PASSWORD }, from(ip)));
      await expect(signIn(server, 'northwind', 'lee', NEW_PASSWORD)).resolves.toMatch(/\./);
    });
  });

  describe('unlock without a reset', () => {
    it('unlocks a locked account where the policy allows it; the old password works again', async () => {
      await seedTenant(server, 'adatum', {
        sspr: { allowUnlockWithoutReset: true },
        lockout: { threshold: 3 },
      });
      await seedUser(server, 'adatum', { username: 'kim', password: OLD_PASSWORD });
      const token = await signIn(server, 'adatum', 'kim', OLD_PASSWORD);
      await registerContact(server, token, { email: 'kim@adatum.example' });
      for (const wrong of ['wrong one 1', 'wrong one 2', 'wrong one 3']) {
        await expect(signIn(server, 'adatum', 'kim', wrong)).rejects.toThrow(/UNAUTHENTICATED/);
      }
      await expect(signIn(server, 'adatum', 'kim', OLD_PASSWORD)).rejects.toThrow(
        /UNAUTHENTICATED/,
      );

      const ip = '198.51.100.5';
      const flow = await startReset(server, 'adatum', 'kim', ip, 'unlock');
      expect(flow.unlockAllowed).toBe(true);
      await passCodeGate(server, flow.flowId, 'email', 'kim@adatum.example', ip);
      const unlocked = await ok(server.graphql(ops.unlock, { f: flow.flowId }, from(ip)));
      expect(unlocked).toEqual({ unlockAccount: { flowId: flow.flowId, status: 'completed' } });
      await expect(signIn(server, 'adatum', 'kim', OLD_PASSWORD)).resolves.toMatch(/\./);
    });

    it('refuses an unlock where the policy does not allow it', async () => {
      await seedTenant(server, 'litware');
      await seedUser(server, 'litware', { username: 'max', password: OLD_PASSWORD });
      const token = await signIn(server, 'litware', 'max', OLD_PASSWORD);
      await registerContact(server, token, { email: 'max@litware.example' });
      const ip = '198.51.100.6';
      const flow = await startReset(server, 'litware', 'max', ip, 'unlock');
      expect(flow.unlockAllowed).toBe(false);
      await passCodeGate(server, flow.flowId, 'email', 'max@litware.example', ip);
      const refused = await server.graphql(ops.unlock, { f: flow.flowId }, from(ip));
      expect(errorOf(refused)).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'UnlockNotAllowed',
      });
    });
  });

  describe('change password', () => {
    it('changes with the current password and ends the earlier session', async () => {
      await seedTenant(server, 'wingtip');
      await seedUser(server, 'wingtip', { username: 'eva', password: OLD_PASSWORD });
      const token = await signIn(server, 'wingtip', 'eva', OLD_PASSWORD);
      const changed = await ok(
        server.graphql(ops.change, {
          t: 'wingtip',
          u: 'eva',
          old: OLD_PASSWORD,
          new: NEW_PASSWORD,
        }),
      );
      expect(changed).toEqual({ changePassword: { changed: true, signInAgain: true } });
      expect(errorOf(await server.graphql(ops.me, {}, { token }))).toMatchObject({
        code: 'UNAUTHENTICATED',
      });
      await expect(signIn(server, 'wingtip', 'eva', NEW_PASSWORD)).resolves.toMatch(/\./);
      const reuse = await server.graphql(ops.change, {
        t: 'wingtip',
        u: 'eva',
        old: NEW_PASSWORD,
        new: NEW_PASSWORD,
      });
      expect(errorOf(reuse)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(reuse)).not.toContain(NEW_PASSWORD);
    });

    it('counts wrong current passwords toward lockout, then refuses even the right one', async () => {
      await seedTenant(server, 'proseware', { lockout: { threshold: 3 } });
      await seedUser(server, 'proseware', { username: 'bo', password: OLD_PASSWORD });
      const change = (old: string) =>
        server.graphql(
          ops.change,
          { t: 'proseware', u: 'bo', old, new: NEW_PASSWORD },
          from('198.51.100.7'),
        );
      for (const wrong of ['not my password 1', 'not my password 2', 'not my password 3']) {
        expect(errorOf(await change(wrong))).toMatchObject({
          code: 'UNAUTHENTICATED',
          reason: 'InvalidCredentials',
        });
      }
      expect(errorOf(await change(OLD_PASSWORD))).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'InvalidCredentials',
      });
      await expect(signIn(server, 'proseware', 'bo', OLD_PASSWORD)).rejects.toThrow(
        /UNAUTHENTICATED/,
      );
    });
  });
});
