import { randomUUID } from 'node:crypto';
import { handleProvisionUser, resetStreamId, type RecordedEvent } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  from,
  ok,
  ops,
  passCodeGate,
  registerContact,
  startReset,
} from '../api/selfServiceOperations.js';
import { seedTenant, signIn } from '../api/selfServiceSeed.js';
import { startTestWorkers } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';
import { PPOLICY_MIN_LENGTH, seedUsers, startSlapd, type Slapd } from '../support/slapd.js';

const TENANT = 'fabrikam';
const ADMIN_PASSWORD = 'Harbour-lights-over-Delft-17';
const WRONG_BIND_SECRET = 'not-the-service-account-secret-42';

const op = {
  configure: `mutation($input: DirectoryWritebackInput!) {
    configureDirectoryWriteback(input: $input) {
      changed directory { kind url bindDn baseDn userFilter timeoutMs tls { caConfigured } }
    }
  }`,
  remove: `mutation { removeDirectoryWriteback { changed directory { url } } }`,
  test: `mutation { testDirectoryConnection { ok reason message } }`,
  directory: `{ directoryWriteback { kind url bindDn baseDn userFilter timeoutMs tls { caConfigured } } }`,
  sspr: `mutation($p: SsprPolicyPatch!) { updateSsprPolicy(patch: $p) { changed } }`,
  password: `mutation($p: PasswordPolicyPatch!) { updatePasswordPolicy(patch: $p) { changed } }`,
} as const;

type ErrorBody = { errors?: readonly { extensions?: { code?: string; reason?: string } }[] };
const errorOf = (result: ErrorBody) => result.errors?.[0]?.extensions;

describe('password writeback to a real slapd, end to end over GraphQL', () => {
  let slapd: Slapd;
  let server: TestServer;
  let stopWorkers: () => Promise<void>;
  let adminToken: string;
  /** Every GraphQL answer of this suite, to prove the bind secret never leaves. */
  const answers: string[] = [];

  /** The test server, recording every answer it gives. */
  const recorded = (): TestServer => ({
    ...server,
    graphql: async (query, variables, options) => {
      const result = await server.graphql(query, variables, options);
      answers.push(JSON.stringify(result));
      return result as never;
    },
  });
  const asAdmin = (query: string, variables?: Record<string, unknown>, token = adminToken) =>
    recorded().graphql(query, variables, { token });
  const directoryInput = (bindPassword = slapd.servicePassword) => ({
    kind: 'openldap',
    url: slapd.url,
    bindDn: slapd.serviceDn,
    bindPassword,
    baseDn: slapd.baseDn,
    timeoutMs: 2_000,
  });

  const provision = async (username: string, password: string, roles = ['user']) => {
    const synced = roles.includes('user');
    const { userId } = await handleProvisionUser(
      server.services.deps,
      {
        username,
        displayName: username,
        firstName: 'Pat',
        lastName: 'Jansen',
        roles: roles as never,
        ...(synced ? { source: 'synced' as const } : {}),
        initialPassword: password,
        mustChangeAtNextSignIn: false,
      },
      {
        now: new Date(),
        tenantId: TENANT,
        actor: { kind: 'system', id: 'e2e-sync' },
        correlationId: randomUUID(),
      },
    );
    return userId;
  };

  /** A synced user as directory sync would provision them: same username and password as slapd. */
  const syncedUserWithEmail = async (user: { uid: string; password: string }, ip: string) => {
    const userId = await provision(user.uid, user.password);
    const token = await signIn(recorded(), TENANT, user.uid, user.password, ip);
    const email = `${user.uid}@fabrikam.example`;
    await registerContact(recorded(), token, { email });
    return { userId, email };
  };

  /** Starts a flow and passes its one email gate. */
  const verifiedFlow = async (
    user: { uid: string },
    email: string,
    ip: string,
    purpose: 'reset' | 'unlock' = 'reset',
  ) => {
    const flow = await startReset(recorded(), TENANT, user.uid, ip, purpose);
    await passCodeGate(recorded(), flow.flowId, 'email', email, ip);
    return flow.flowId;
  };

  const eventsOf = (streamId: string) => server.services.deps.eventStore.readStream(streamId);
  const types = (events: readonly RecordedEvent[]) => events.map((e) => e.type);

  beforeAll(async () => {
    slapd = await startSlapd();
    server = await startTestServer({}, { readSide: false });
    stopWorkers = await startTestWorkers(server);
    await seedTenant(server, TENANT, {
      tier: 'premium',
      sspr: { allowedMethods: ['email'], allowUnlockWithoutReset: true },
    });
    await provision('root@fabrikam.example', ADMIN_PASSWORD, ['globalAdmin']);
    adminToken = await signIn(
      recorded(),
      TENANT,
      'root@fabrikam.example',
      ADMIN_PASSWORD,
      '198.51.100.200',
    );
  });
  afterAll(async () => {
    await stopWorkers?.();
    await server?.stop();
    await slapd?.dispose();
  });

  describe('configuring the directory', () => {
    it('a global admin stores it and reads it back without the bind secret', async () => {
      const configured = await ok(asAdmin(op.configure, { input: directoryInput() }));
      const expected = {
        kind: 'openldap',
        url: slapd.url,
        bindDn: slapd.serviceDn,
        baseDn: slapd.baseDn,
        userFilter: null,
        timeoutMs: 2_000,
        tls: null,
      };
      expect(configured).toEqual({
        configureDirectoryWriteback: { changed: true, directory: expected },
      });
      expect(await ok(asAdmin(op.directory))).toEqual({ directoryWriteback: expected });

      // Writeback on, and Resetline's minimum below the directory's, so slapd has the last word.
      await ok(asAdmin(op.sspr, { p: { writebackEnabled: true } }));
      await ok(asAdmin(op.password, { p: { minLength: PPOLICY_MIN_LENGTH - 2 } }));
    });

    it('refuses a helpdesk admin', async () => {
      await provision('help@fabrikam.example', ADMIN_PASSWORD, ['passwordAdmin']);
      const token = await signIn(
        recorded(),
        TENANT,
        'help@fabrikam.example',
        ADMIN_PASSWORD,
        '198.51.100.201',
      );

      expect(
        errorOf(await asAdmin(op.configure, { input: directoryInput() }, token)),
      ).toMatchObject({ code: 'FORBIDDEN' });
      expect(errorOf(await asAdmin(op.test, {}, token))).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses a malformed configuration, naming the field', async () => {
      const bad = await asAdmin(op.configure, {
        input: { ...directoryInput(), userFilter: '(uid=alice' },
      });

      expect(errorOf(bad)).toEqual({ code: 'BAD_USER_INPUT', reason: 'InvalidDirectoryConfig' });
      expect(JSON.stringify(bad)).toMatch(/userFilter/);
    });
  });

  describe('testDirectoryConnection', () => {
    it('is ok with the stored service account', async () => {
      expect(await ok(asAdmin(op.test))).toEqual({
        testDirectoryConnection: { ok: true, reason: null, message: null },
      });
    });

    it('names a wrong bind secret as DirectoryBindFailed, without repeating it', async () => {
      await ok(asAdmin(op.configure, { input: directoryInput(WRONG_BIND_SECRET) }));
      try {
        const check = await ok(asAdmin(op.test));
        expect(check).toMatchObject({
          testDirectoryConnection: { ok: false, reason: 'DirectoryBindFailed' },
        });
        expect(JSON.stringify(check)).not.toContain(WRONG_BIND_SECRET);
      } finally {
        await ok(asAdmin(op.configure, { input: directoryInput() }));
      }
      expect(await ok(asAdmin(op.test))).toMatchObject({ testDirectoryConnection: { ok: true } });
    });
  });

  describe('a synced user resets their password', () => {
    const NEW_PASSWORD = 'Quiet lanterns over Utrecht 41';

    it('the directory entry binds with the new password, not the old, and so does Resetline', async () => {
      const { alice } = seedUsers;
      const ip = '198.51.100.11';
      const { email } = await syncedUserWithEmail(alice, ip);
      const flowId = await verifiedFlow(alice, email, ip);

      const completed = await ok(
        recorded().graphql(ops.complete, { f: flowId, p: NEW_PASSWORD }, from(ip)),
      );

      expect(completed).toEqual({ completePasswordReset: { flowId, status: 'completed' } });
      expect(await slapd.canBind(alice.dn, NEW_PASSWORD)).toBe(true);
      expect(await slapd.canBind(alice.dn, alice.password)).toBe(false);
      await expect(signIn(recorded(), TENANT, alice.uid, NEW_PASSWORD, ip)).resolves.toMatch(/\./);
      await expect(signIn(recorded(), TENANT, alice.uid, alice.password, ip)).rejects.toThrow(
        /UNAUTHENTICATED/,
      );
      const [completedEvent] = (await eventsOf(resetStreamId(flowId))).filter(
        (e) => e.type === 'PasswordResetCompleted',
      );
      expect(completedEvent?.data).toMatchObject({ writeback: true });
    });
  });

  describe('when slapd is down', () => {
    it('the reset fails with a writeback reason, nothing changes, and the failure is recorded', async () => {
      const { dave } = seedUsers;
      const ip = '198.51.100.12';
      const { userId, email } = await syncedUserWithEmail(dave, ip);
      const flowId = await verifiedFlow(dave, email, ip);
      const userEventsBefore = types(await eventsOf(`user-${userId}`));

      await slapd.stop();
      let refused: ErrorBody;
      try {
        refused = await recorded().graphql(
          ops.complete,
          { f: flowId, p: 'Windmills past the polder 58' },
          from(ip),
        );
      } finally {
        await slapd.start();
      }

      expect(errorOf(refused)).toEqual({ code: 'BAD_USER_INPUT', reason: 'WritebackFailed' });
      expect(JSON.stringify(refused)).toMatch(/directory did not accept the change/);
      expect(types(await eventsOf(`user-${userId}`))).toEqual(userEventsBefore);
      const failed = (await eventsOf(resetStreamId(flowId))).at(-1);
      expect(failed).toMatchObject({
        type: 'PasswordResetFailed',
        data: { reason: 'writebackFailed', detail: 'DirectoryUnreachable' },
      });
      await expect(signIn(recorded(), TENANT, dave.uid, dave.password, ip)).resolves.toMatch(/\./);
      expect(await slapd.canBind(dave.dn, dave.password)).toBe(true);
    });
  });

  describe("when slapd's password policy refuses the new password", () => {
    it('refuses the password with DirectoryPolicyRefused, keeps the flow open, and a stronger one then works', async () => {
      const { carol } = seedUsers;
      const ip = '198.51.100.13';
      const { userId, email } = await syncedUserWithEmail(carol, ip);
      const flowId = await verifiedFlow(carol, email, ip);
      // Long enough for Resetline's policy, one short of slapd's pwdMinLength.
      const tooShortForSlapd = 'Tq8#vLm2x';
      expect(tooShortForSlapd).toHaveLength(PPOLICY_MIN_LENGTH - 1);

      const refused = await recorded().graphql(
        ops.complete,
        { f: flowId, p: tooShortForSlapd },
        from(ip),
      );

      expect(errorOf(refused)).toEqual({ code: 'BAD_USER_INPUT', reason: 'DirectoryPolicyRefused' });
      expect(JSON.stringify(refused)).not.toContain(tooShortForSlapd);
      expect((await eventsOf(resetStreamId(flowId))).at(-1)).toMatchObject({
        type: 'ResetPasswordRejected',
        data: { reasons: ['DirectoryPolicyRefused'] },
      });
      expect(types(await eventsOf(`user-${userId}`))).not.toContain('PasswordReset');
      expect(await slapd.canBind(carol.dn, carol.password)).toBe(true);
      await expect(signIn(recorded(), TENANT, carol.uid, carol.password, ip)).resolves.toMatch(
        /\./,
      );

      const stronger = 'Windmills turning over Kinderdijk 9';
      await ok(recorded().graphql(ops.complete, { f: flowId, p: stronger }, from(ip)));
      expect(await slapd.canBind(carol.dn, stronger)).toBe(true);
    });
  });

  describe('a synced user changes their password', () => {
    it('writes it to the directory too', async () => {
      const { erin } = seedUsers;
      const ip = '198.51.100.14';
      await provision(erin.uid, erin.password);
      const newPassword = 'Copper kettles in Leiden 63';

      const changed = await ok(
        recorded().graphql(
          ops.change,
          { t: TENANT, u: erin.uid, old: erin.password, new: newPassword },
          from(ip),
        ),
      );

      expect(changed).toMatchObject({ changePassword: { changed: true } });
      expect(await slapd.canBind(erin.dn, newPassword)).toBe(true);
      expect(await slapd.canBind(erin.dn, erin.password)).toBe(false);
      await expect(signIn(recorded(), TENANT, erin.uid, newPassword, ip)).resolves.toMatch(/\./);
    });

    it('is refused, with the reason recorded, when the directory refuses it', async () => {
      const { smith } = seedUsers;
      const ip = '198.51.100.15';
      const userId = await provision(smith.uid, smith.password);

      const refused = await recorded().graphql(
        ops.change,
        { t: TENANT, u: smith.uid, old: smith.password, new: 'Tq8#vLm2x' },
        from(ip),
      );

      expect(errorOf(refused)).toEqual({ code: 'BAD_USER_INPUT', reason: 'DirectoryPolicyRefused' });
      expect((await eventsOf(`user-${userId}`)).at(-1)).toMatchObject({
        type: 'PasswordChangeFailed',
      });
      expect(await slapd.canBind(smith.dn, smith.password)).toBe(true);
    });
  });

  describe('self-service unlock of an account the directory locked', () => {
    it("removes ppolicy's pwdAccountLockedTime, so the old password binds again", async () => {
      const { bob } = seedUsers;
      const ip = '198.51.100.16';
      expect(await slapd.read(bob.dn, ['pwdAccountLockedTime'])).toHaveProperty(
        'pwdAccountLockedTime',
      );
      expect(await slapd.canBind(bob.dn, bob.password)).toBe(false);
      const { email } = await syncedUserWithEmail(bob, ip);
      const flowId = await verifiedFlow(bob, email, ip, 'unlock');

      const unlocked = await ok(recorded().graphql(ops.unlock, { f: flowId }, from(ip)));

      expect(unlocked).toEqual({ unlockAccount: { flowId, status: 'completed' } });
      expect(await slapd.read(bob.dn, ['pwdAccountLockedTime', 'pwdFailureTime'])).toEqual({});
      expect(await slapd.canBind(bob.dn, bob.password)).toBe(true);
    });
  });

  describe('the bind secret', () => {
    it('is in no event, only sealed, and in no GraphQL answer', async () => {
      const events = await server.services.deps.eventStore.readAll();
      const configured = events.filter((e) => e.type === 'DirectoryWritebackConfigured');

      expect(configured.length).toBeGreaterThanOrEqual(3);
      for (const event of configured) {
        expect(event.data).not.toHaveProperty('bindPassword');
        expect(typeof event.data['sealedBindPassword']).toBe('string');
      }
      expect(answers.length).toBeGreaterThan(20);
      for (const text of [JSON.stringify(events), ...answers]) {
        expect(text).not.toContain(slapd.servicePassword);
        expect(text).not.toContain(WRONG_BIND_SECRET);
      }
    });
  });

  describe('after the directory is removed', () => {
    it('the connection test says so and a synced reset fails instead of skipping the directory', async () => {
      expect(await ok(asAdmin(op.remove))).toEqual({
        removeDirectoryWriteback: { changed: true, directory: null },
      });
      expect(await ok(asAdmin(op.directory))).toEqual({ directoryWriteback: null });
      expect(await ok(asAdmin(op.test))).toMatchObject({
        testDirectoryConnection: { ok: false, reason: 'DirectoryNotConfigured' },
      });

      const user = { uid: 'frank', password: 'Frank cloud start 7788' };
      const ip = '198.51.100.17';
      const { email } = await syncedUserWithEmail(user, ip);
      const flowId = await verifiedFlow(user, email, ip);
      const refused = await recorded().graphql(
        ops.complete,
        { f: flowId, p: 'Tulips along the Amstel 29' },
        from(ip),
      );

      expect(errorOf(refused)).toEqual({ code: 'BAD_USER_INPUT', reason: 'WritebackFailed' });
      await expect(signIn(recorded(), TENANT, user.uid, user.password, ip)).resolves.toMatch(/\./);
    });
  });
});
