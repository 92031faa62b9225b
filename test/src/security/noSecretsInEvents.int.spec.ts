import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCryptoPorts,
  ensureDevSecrets,
  loadConfig,
  openSqliteEventStore,
} from '@resetline/adapters';
import {
  handleAdminResetPassword,
  handleAnswerSecurityQuestions,
  handleChangePassword,
  handleCompletePasswordReset,
  handleConfirmAuthenticator,
  handleConfirmSecurityInfo,
  handleCreateTenant,
  handleProvisionUser,
  handleRegisterAuthenticator,
  handleRegisterEmail,
  handleRegisterPhone,
  handleRegisterSecurityQuestions,
  handleSendResetCode,
  handleSignIn,
  handleStartPasswordReset,
  handleUpdateSsprPolicy,
  handleVerifyResetCode,
  normalizeAnswer,
  resetStreamId,
  userStreamId,
  type Actor,
  type CommandMetadata,
  type EventStore,
  type ServiceDeps,
} from '@resetline/domain';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * security.md § Data: no password, one-time code or security answer in any event. This runs
 * every secret-bearing command of the product through the real services, collects each secret
 * it typed or was shown, then scans every stored event (data and metadata) for them.
 */
describe('no secret reaches an event', () => {
  const secrets = new Set<string>();
  const remember = (value: string): string => {
    secrets.add(value);
    secrets.add(value.normalize('NFKC'));
    return value;
  };
  let dir: string;
  let store: EventStore;
  let deps: ServiceDeps;
  let now = new Date('2026-11-25T10:00:00Z');
  const meta = (actor: Actor): CommandMetadata => ({
    now,
    tenantId: 'acme',
    actor,
    correlationId: deps.random.uuidv7(),
    ip: '203.0.113.9',
    userAgent: 'scan-test',
  });
  const system: Actor = { kind: 'system', id: 'test' };
  const anonymous: Actor = { kind: 'anonymous', id: '203.0.113.9' };
  const latestSealedCode = async (streamId: string): Promise<string> => {
    const events = await store.readStream(streamId, { direction: 'backwards' });
    const sealed = events.find((e) => typeof e.data['sealedCode'] === 'string')?.data['sealedCode'];
    return remember(deps.secretBox.open(sealed as string));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'resetline-scan-'));
    const config = ensureDevSecrets(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir }));
    store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    deps = { eventStore: store, ...createCryptoPorts(config.secrets), clock: { now: () => now } };

    await handleCreateTenant(deps, { tenantId: 'acme', name: 'Acme', tier: 'premium' }, meta(system));
    await handleUpdateSsprPolicy(
      deps,
      {
        scope: 'all',
        allowedMethods: ['email', 'mobilePhone', 'authenticator', 'securityQuestions'],
        allowUnlockWithoutReset: true,
        adminTemporaryPassword: true,
      },
      meta(system),
    );
    const admin = await handleProvisionUser(
      deps,
      { username: 'root@acme.test', displayName: 'Root', roles: ['globalAdmin'], initialPassword: remember('Admin-initial-Paß-9931'), mustChangeAtNextSignIn: false },
      meta(system),
    );
    const { userId } = await handleProvisionUser(
      deps,
      { username: 'wanda@acme.test', displayName: 'Wanda', firstName: 'Wanda', lastName: 'Vos', initialPassword: remember('Tulip garden by the canal 42'), mustChangeAtNextSignIn: false },
      meta(system),
    );
    const wanda: Actor = { kind: 'user', id: userId };

    const email = await handleRegisterEmail(deps, { address: 'wanda@acme.test' }, meta(wanda));
    await handleConfirmSecurityInfo(deps, { methodId: email.methodId, code: remember('00000000') }, meta(wanda)).catch(() => undefined);
    await handleConfirmSecurityInfo(deps, { methodId: email.methodId, code: await latestSealedCode(userStreamId(userId)) }, meta(wanda));
    const phone = await handleRegisterPhone(deps, { method: 'mobilePhone', number: '+31612345678' }, meta(wanda));
    await handleConfirmSecurityInfo(deps, { methodId: phone.methodId, code: await latestSealedCode(userStreamId(userId)) }, meta(wanda));
    const answers = ['Haarlem market square', 'Rotterdam harbour', 'Utrecht old canal'];
    answers.forEach((a) => { remember(a); secrets.add(normalizeAnswer(a)); });
    await handleRegisterSecurityQuestions(
      deps,
      {
        answers: [
          { question: { kind: 'predefined', id: 'cityParentsMet' }, answer: answers[0] },
          { question: { kind: 'predefined', id: 'cityFatherBorn' }, answer: answers[1] },
          { question: { kind: 'predefined', id: 'cityFirstJob' }, answer: answers[2] },
        ],
      },
      meta(wanda),
    );
    const enrolment = await handleRegisterAuthenticator(deps, meta(wanda));
    const secret = remember(new URL(enrolment.otpauthUri).searchParams.get('secret') ?? '');
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    await handleConfirmAuthenticator(deps, { enrolmentToken: enrolment.enrolmentToken, code: remember(totp.generate({ timestamp: now.getTime() })) }, meta(wanda));

    // Sign-in failures and a change with a wrong current password.
    await handleSignIn(deps, { username: 'wanda@acme.test', password: remember('wrong guess number one') }, meta(anonymous)).catch(() => undefined);
    await handleChangePassword(deps, { username: 'wanda@acme.test', currentPassword: remember('another wrong guess'), newPassword: remember('Never stored anywhere 77') }, meta(anonymous)).catch(() => undefined);
    await handleChangePassword(deps, { username: 'wanda@acme.test', currentPassword: 'Tulip garden by the canal 42', newPassword: remember('Windmill over the polder 8') }, meta(anonymous));

    // A self-service reset: a wrong code, the right one, questions (one wrong try), a new password.
    now = new Date(now.getTime() + 60_000);
    const flow = await handleStartPasswordReset(deps, { username: 'wanda@acme.test' }, meta(anonymous));
    const byEmail = flow.methods.find((m) => m.method === 'email')!;
    await handleSendResetCode(deps, { flowId: flow.flowId, methodId: byEmail.methodId }, meta(anonymous));
    await handleVerifyResetCode(deps, { flowId: flow.flowId, methodId: byEmail.methodId, code: remember('12121212') }, meta(anonymous)).catch(() => undefined);
    await handleVerifyResetCode(deps, { flowId: flow.flowId, methodId: byEmail.methodId, code: await latestSealedCode(resetStreamId(flow.flowId)) }, meta(anonymous));
    await handleCompletePasswordReset(deps, { flowId: flow.flowId, newPassword: remember('qwerty123') }, meta(anonymous)).catch(() => undefined);
    await handleCompletePasswordReset(deps, { flowId: flow.flowId, newPassword: remember('Lighthouse beyond the dunes 5') }, meta(anonymous));

    // A second reset through the security questions: one wrong set of answers, then the right one.
    now = new Date(now.getTime() + 60_000);
    const second = await handleStartPasswordReset(deps, { username: 'wanda@acme.test' }, meta(anonymous));
    const asked = second.methods.find((m) => m.method === 'securityQuestions')?.questions ?? [];
    const answerFor = (question: string) =>
      answers[['In what city did your parents meet?', 'In what city was your father born?', 'In what city was your first job?'].indexOf(question)] ?? '';
    await handleAnswerSecurityQuestions(deps, { flowId: second.flowId, answers: asked.map((q) => ({ question: q, answer: remember('not the answer') })) }, meta(anonymous)).catch(() => undefined);
    await handleAnswerSecurityQuestions(deps, { flowId: second.flowId, answers: asked.map((q) => ({ question: q, answer: answerFor(q) })) }, meta(anonymous));
    await handleCompletePasswordReset(deps, { flowId: second.flowId, newPassword: remember('Harbour lights at midnight 3') }, meta(anonymous));

    // An admin reset with a one-time temporary password.
    const reset = await handleAdminResetPassword(deps, { userId }, meta({ kind: 'admin', id: admin.userId }));
    if (reset.temporaryPassword) remember(reset.temporaryPassword);
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stored the whole scenario (the scan has something to read)', async () => {
    const types = new Set((await store.readAll()).map((e) => e.type));
    expect(types).toContain('ResetGatePassed');
    for (const type of ['SecurityInfoRegistered', 'PasswordChanged', 'PasswordReset', 'ResetCodeSent', 'ResetGateFailed', 'PasswordResetByAdmin', 'SignInFailed']) {
      expect(types).toContain(type);
    }
    expect(secrets.size).toBeGreaterThan(15);
  });

  it('finds none of the passwords, codes, answers or authenticator secrets in any event', async () => {
    const events = await store.readAll();
    const leaks: string[] = [];
    for (const event of events) {
      const text = JSON.stringify({ data: event.data, metadata: event.metadata });
      for (const secret of secrets) {
        const pattern = /^\d+$/.test(secret)
          ? new RegExp(`(?<![0-9a-f])${secret}(?![0-9a-f])`, 'i')
          : new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
        if (pattern.test(text)) leaks.push(`${event.type}#${event.position} holds a secret of ${secret.length} characters`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
