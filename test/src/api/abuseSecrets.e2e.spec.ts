import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorkers, waitForCode } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';
import { from, ok, ops, startReset } from './selfServiceOperations.js';
import { seedTenant, seedUser, signIn } from './selfServiceSeed.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'lanterns over quiet harbours';
const WEAK_PASSWORD = 'Password1';
const CHANGED_PASSWORD = 'seven silver swans swimming';
const ANSWERS = {
  cityParentsMet: 'Zierikzee',
  cityFirstJob: 'Harderwijk',
  favoriteFood: 'Poffertjes',
};

describe('no password, code or answer leaves the server or reaches an event', () => {
  let server: TestServer;
  let stopWorkers: () => Promise<void>;
  const bodies: string[] = [];
  const secrets: string[] = [
    PASSWORD,
    NEW_PASSWORD,
    WEAK_PASSWORD,
    CHANGED_PASSWORD,
    ...Object.values(ANSWERS),
  ];
  /** The server, recording every response body it gives. */
  let recorded: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    stopWorkers = await startTestWorkers(server);
    recorded = {
      ...server,
      graphql: async (query, variables, options) => {
        const result = await server.graphql(query, variables, options);
        bodies.push(JSON.stringify(result));
        return result;
      },
    } as TestServer;
    await seedTenant(server, 'contoso', {
      sspr: { allowedMethods: ['email', 'securityQuestions'], gatesRequired: 2 },
    });
    await seedUser(server, 'contoso', { username: 'jan', password: PASSWORD });
  });
  afterAll(async () => {
    await stopWorkers?.();
    await server?.stop();
  });

  it('walks every step, right and wrong, and finds none of them in responses or events', async () => {
    const token = await signIn(recorded, 'contoso', 'jan', PASSWORD);
    const registeredAt = new Date();
    const email = await ok(
      recorded.graphql<{ registerEmail: { methodId: string } }>(
        ops.registerEmail,
        { a: 'jan@contoso.example' },
        { token },
      ),
    );
    const registrationCode = await waitForCode(server, {
      to: 'jan@contoso.example',
      after: registeredAt,
    });
    secrets.push(registrationCode);
    await recorded.graphql(
      ops.confirmEmail,
      { m: email.registerEmail.methodId, c: '00000000' },
      { token },
    );
    await ok(
      recorded.graphql(
        ops.confirmEmail,
        { m: email.registerEmail.methodId, c: registrationCode },
        { token },
      ),
    );
    const answers = Object.entries(ANSWERS).map(([questionId, answer]) => ({ questionId, answer }));
    await ok(recorded.graphql(ops.registerQuestions, { a: answers }, { token }));

    const ip = '192.0.2.50';
    const flow = await startReset(recorded, 'contoso', 'jan', ip);
    const sentAt = new Date();
    await ok(recorded.graphql(ops.send, { f: flow.flowId, m: 'email' }, from(ip)));
    const resetCode = await waitForCode(server, { to: 'jan@contoso.example', after: sentAt });
    secrets.push(resetCode);
    await recorded.graphql(ops.verify, { f: flow.flowId, m: 'email', c: '12345678' }, from(ip));
    await ok(recorded.graphql(ops.verify, { f: flow.flowId, m: 'email', c: resetCode }, from(ip)));
    const questions = flow.methods.find((m) => m.method === 'securityQuestions')!.questions!;
    const wrongAnswers = questions.map((question) => ({ question, answer: ANSWERS.favoriteFood }));
    await recorded.graphql(ops.answer, { f: flow.flowId, a: wrongAnswers }, from(ip));
    const { predefinedSecurityQuestions } = await import('@resetline/domain');
    const rightAnswers = questions.map((question) => {
      const id = predefinedSecurityQuestions.find((q) => q.text === question)!.id;
      return { question, answer: ANSWERS[id as keyof typeof ANSWERS] };
    });
    await ok(recorded.graphql(ops.answer, { f: flow.flowId, a: rightAnswers }, from(ip)));
    const weak = await recorded.graphql(
      ops.complete,
      { f: flow.flowId, p: WEAK_PASSWORD },
      from(ip),
    );
    expect(weak.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await ok(recorded.graphql(ops.complete, { f: flow.flowId, p: NEW_PASSWORD }, from(ip)));
    await recorded.graphql(
      ops.change,
      { t: 'contoso', u: 'jan', old: PASSWORD, new: CHANGED_PASSWORD },
      from(ip),
    );
    await ok(
      recorded.graphql(
        ops.change,
        { t: 'contoso', u: 'jan', old: NEW_PASSWORD, new: CHANGED_PASSWORD },
        from(ip),
      ),
    );

    const events = JSON.stringify(await server.services.deps.eventStore.readAll());
    expect(bodies.length).toBeGreaterThan(10);
    expect(events).toContain('ResetCodeSent');
    expect(events).toContain('PasswordChanged');
    for (const secret of secrets) {
      for (const body of bodies) expect(body, 'a response').not.toContain(secret);
      expect(events.includes(secret), `an event holds "${secret.slice(0, 2)}…"`).toBe(false);
      expect(events.toLowerCase().includes(secret.toLowerCase()), 'an event, in any case').toBe(
        false,
      );
    }
  });
});
