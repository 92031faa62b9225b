import {
  getTenant,
  handleChangePassword,
  handleCompletePasswordReset,
  handleConfirmSecurityInfo,
  handleCreateTenant,
  handleProvisionUser,
  handleRegisterEmail,
  handleRegisterPhone,
  handleSendResetCode,
  handleSignIn,
  handleStartPasswordReset,
  handleUpdateSsprPolicy,
  handleVerifyResetCode,
  userStreamId,
  resetStreamId,
  type Actor,
  type CommandMetadata,
  type ServiceDeps,
} from '@resetline/domain';

export const DEMO_TENANT = 'demo';
export const DEMO_ADMIN = 'admin@demo.example';

export type DemoCredentials = Readonly<{ tenant: string; username: string; password: string }>;

const demoUsers = [
  { username: 'alice@demo.example', displayName: 'Alice Jansen', firstName: 'Alice', lastName: 'Jansen', groups: ['sales'], phone: '+31612345678' },
  { username: 'bob@demo.example', displayName: 'Bob de Vries', firstName: 'Bob', lastName: 'de Vries', groups: ['engineering'], phone: '+31687654321' },
  { username: 'carol@demo.example', displayName: 'Carol Smit', firstName: 'Carol', lastName: 'Smit', groups: ['finance'], phone: '+31611122233' },
] as const;

/**
 * Creates the demo tenant on a fresh store, through the real services: an admin, three users
 * with registered security info, and some history (a self-service reset, a change, failed
 * sign-ins and a lockout). Returns the admin's one-time password, or null when the demo
 * tenant already exists. The demo reads its own codes from the sealed values in its events,
 * as the delivery workers do.
 */
export const seedDemoData = async (deps: ServiceDeps): Promise<DemoCredentials | null> => {
  const meta = (actor: Actor, ip = '127.0.0.1'): CommandMetadata => ({
    now: deps.clock.now(),
    tenantId: DEMO_TENANT,
    actor,
    correlationId: deps.random.uuidv7(),
    ip,
    userAgent: 'resetline-demo',
  });
  const system: Actor = { kind: 'system', id: 'demo-seed' };
  if ((await getTenant(deps, DEMO_TENANT).catch(() => null)) !== null) return null;

  await handleCreateTenant(deps, { tenantId: DEMO_TENANT, name: 'Demo Company', tier: 'premium', language: 'en' }, meta(system));
  await handleUpdateSsprPolicy(
    deps,
    { scope: 'all', allowedMethods: ['email', 'mobilePhone', 'authenticator', 'securityQuestions'], allowUnlockWithoutReset: true },
    meta(system),
  );
  const adminPassword = deps.random.token(16);
  await handleProvisionUser(
    deps,
    { username: DEMO_ADMIN, displayName: 'Demo Admin', firstName: 'Demo', lastName: 'Admin', roles: ['globalAdmin'], initialPassword: adminPassword, mustChangeAtNextSignIn: false },
    meta(system),
  );

  for (const user of demoUsers) {
    const password = deps.random.token(16);
    const { phone, ...profile } = user;
    const { userId } = await handleProvisionUser(deps, { ...profile, initialPassword: password, mustChangeAtNextSignIn: false }, meta(system));
    const asUser: Actor = { kind: 'user', id: userId };
    const email = await handleRegisterEmail(deps, { address: user.username }, meta(asUser));
    await handleConfirmSecurityInfo(deps, { methodId: email.methodId, code: await lastSealedCode(deps, userStreamId(userId)) }, meta(asUser));
    const mobile = await handleRegisterPhone(deps, { method: 'mobilePhone', number: phone }, meta(asUser));
    await handleConfirmSecurityInfo(deps, { methodId: mobile.methodId, code: await lastSealedCode(deps, userStreamId(userId)) }, meta(asUser));

    if (user.firstName === 'Alice') {
      const flow = await handleStartPasswordReset(deps, { username: user.username, purpose: 'reset' }, meta({ kind: 'anonymous', id: '192.0.2.10' }, '192.0.2.10'));
      const method = flow.methods.find((m) => m.method === 'email')!;
      await handleSendResetCode(deps, { flowId: flow.flowId, methodId: method.methodId }, meta({ kind: 'anonymous', id: '192.0.2.10' }, '192.0.2.10'));
      await handleVerifyResetCode(
        deps,
        { flowId: flow.flowId, methodId: method.methodId, code: await lastSealedCode(deps, resetStreamId(flow.flowId)) },
        meta({ kind: 'anonymous', id: '192.0.2.10' }, '192.0.2.10'),
      );
      await handleCompletePasswordReset(deps, { flowId: flow.flowId, newPassword: deps.random.token(16) }, meta({ kind: 'anonymous', id: '192.0.2.10' }, '192.0.2.10'));
    }
    if (user.firstName === 'Bob') {
      await handleChangePassword(deps, { username: user.username, currentPassword: password, newPassword: deps.random.token(16) }, meta(asUser));
    }
    if (user.firstName === 'Carol') {
      for (let attempt = 0; attempt < 10; attempt++) {
        await handleSignIn(deps, { username: user.username, password: `wrong-guess-${attempt}` }, meta({ kind: 'anonymous', id: '198.51.100.7' }, '198.51.100.7')).catch(() => undefined);
      }
    }
  }
  return { tenant: DEMO_TENANT, username: DEMO_ADMIN, password: adminPassword };
};

/** The newest code sealed into a stream's events (what the delivery worker would send). */
const lastSealedCode = async (deps: ServiceDeps, streamId: string): Promise<string> => {
  const [event] = await deps.eventStore.readStream(streamId, { direction: 'backwards', maxCount: 5 }).then((events) =>
    events.filter((e) => typeof e.data['sealedCode'] === 'string'),
  );
  if (!event) throw new Error(`demo: no code was sent on ${streamId}`);
  return deps.secretBox.open(event.data['sealedCode'] as string);
};
