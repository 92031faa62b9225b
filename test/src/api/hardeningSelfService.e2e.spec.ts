import { createHmac } from 'node:crypto';
import { userStreamId } from '@resetline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';
import { from, ok, ops, startReset } from './selfServiceOperations.js';
import { seedTenant, seedUser, signIn } from './selfServiceSeed.js';

const TENANT = 'contoso';
const PASSWORD = 'correct horse battery staple';

/** RFC 6238 (SHA-1, 6 digits, 30 s), written out so the test does not trust the adapter. */
const totpAt = (base32: string, at: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...base32.replace(/=+$/, '')]
    .map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0'))
    .join('');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
};

type ErrorBody = { extensions?: { code?: string; reason?: string } };
const errorOf = (result: { errors?: readonly ErrorBody[] }) => result.errors?.[0]?.extensions;

describe('self-service hardening', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { readSide: false, workers: false });
    await seedTenant(server, TENANT, {
      sspr: { allowedMethods: ['email', 'mobilePhone', 'authenticator'] },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The code the delivery worker would send, opened from the user's stream. */
  const pendingCode = async (userId: string, methodId: string) => {
    const { eventStore, secretBox } = server.services.deps;
    const requested = (await eventStore.readStream(userStreamId(userId))).findLast(
      (e) => e.type === 'SecurityInfoVerificationRequested' && e.data['methodId'] === methodId,
    );
    return secretBox.open(String(requested?.data['sealedCode']));
  };

  it('confirms an email only with confirmEmail and a phone only with confirmPhone', async () => {
    const userId = await seedUser(server, TENANT, { username: 'noor', password: PASSWORD });
    const token = await signIn(server, TENANT, 'noor', PASSWORD);
    const email = await ok(
      server.graphql<{ registerEmail: { methodId: string } }>(
        ops.registerEmail,
        { a: 'noor@contoso.example' },
        { token },
      ),
    );
    const phone = await ok(
      server.graphql<{ registerPhone: { methodId: string } }>(
        ops.registerPhone,
        { n: '+31 6 1234 5678' },
        { token },
      ),
    );
    const emailId = email.registerEmail.methodId;
    const phoneId = phone.registerPhone.methodId;
    const emailCode = await pendingCode(userId, emailId);
    const phoneCode = await pendingCode(userId, phoneId);

    const crossed = [
      await server.graphql(ops.confirmPhone, { m: emailId, c: emailCode }, { token }),
      await server.graphql(ops.confirmEmail, { m: phoneId, c: phoneCode }, { token }),
    ];
    for (const result of crossed) {
      expect(result.data).toBeNull();
      expect(errorOf(result)).toEqual({ code: 'NOT_FOUND', reason: 'NoPendingVerification' });
    }

    await ok(server.graphql(ops.confirmEmail, { m: emailId, c: emailCode }, { token }));
    await ok(server.graphql(ops.confirmPhone, { m: phoneId, c: phoneCode }, { token }));
    const me = await ok(
      server.graphql<{ me: { securityInfo: { method: string }[] } }>(ops.me, {}, { token }),
    );
    expect(me.me.securityInfo.map((m) => m.method).sort()).toEqual(['email', 'mobilePhone']);
  });

  it('never echoes a flow id, or what was typed, in the error of a flow call', async () => {
    const unknownFlow = 'Zq3vN8d1fXk2Lw9sR4tY7uB0cE5gH6jK';
    const ip = '198.51.100.41';
    const unknown = await server.graphql(
      ops.verify,
      { f: unknownFlow, m: 'email', c: '48213957' },
      from(ip),
    );
    expect(errorOf(unknown)).toEqual({ code: 'NOT_FOUND', reason: 'UnknownFlow' });

    await seedUser(server, TENANT, { username: 'ola', password: PASSWORD });
    const flow = await startReset(server, TENANT, 'ola', ip);
    const pastedCode = await server.graphql(
      ops.verify,
      { f: flow.flowId, m: '48213957', c: '48213957' },
      from(ip),
    );
    expect(errorOf(pastedCode)).toEqual({ code: 'BAD_USER_INPUT', reason: 'UnknownMethod' });

    const answered = JSON.stringify([unknown, pastedCode]);
    expect(answered).not.toContain(unknownFlow);
    expect(answered).not.toContain(flow.flowId);
    expect(answered).not.toContain('48213957');
  });

  it('refuses at a reset gate the authenticator code that just confirmed the app', async () => {
    await seedUser(server, TENANT, { username: 'lee', password: PASSWORD });
    const token = await signIn(server, TENANT, 'lee', PASSWORD);
    const enrolment = await ok(
      server.graphql<{ registerAuthenticator: { otpauthUri: string; enrolmentToken: string } }>(
        ops.registerAuthenticator,
        {},
        { token },
      ),
    );
    const secret = new URL(enrolment.registerAuthenticator.otpauthUri).searchParams.get('secret')!;
    const code = totpAt(secret, Date.now());
    await ok(
      server.graphql(
        ops.confirmAuthenticator,
        { e: enrolment.registerAuthenticator.enrolmentToken, c: code },
        { token },
      ),
    );

    const ip = '198.51.100.40';
    const flow = await startReset(server, TENANT, 'lee', ip);
    const replayed = await server.graphql(
      ops.verify,
      { f: flow.flowId, m: 'authenticator', c: code },
      from(ip),
    );
    expect(errorOf(replayed)).toEqual({ code: 'BAD_USER_INPUT', reason: 'InvalidCode' });

    // The app's next code (one step of drift allowed) is a new step, so it passes.
    const next = totpAt(secret, Date.now() + 30_000);
    const verified = await ok(
      server.graphql(ops.verify, { f: flow.flowId, m: 'authenticator', c: next }, from(ip)),
    );
    expect(verified).toEqual({ verifyResetCode: { gatesPassed: 1, gatesRequired: 1 } });
  });
});
