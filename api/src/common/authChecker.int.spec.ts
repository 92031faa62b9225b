import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The CommonJS build, the one type-graphql loads: vite would give this file graphql's .mjs copy.
import { execute, parse, type GraphQLSchema } from 'graphql/index.js';
import { createCryptoPorts, openSqliteEventStore, Redacted } from '@resetline/adapters';
import {
  handleCreateTenant,
  handleDisableUser,
  handleProvisionUser,
  loadAccount,
  userStreamId,
  type EventStore,
  type ServiceDeps,
} from '@resetline/domain';
import { createSessionTokens } from '../auth/sessionTokens.js';
import { createRateLimits } from '../rateLimit/rateLimits.js';
import { buildResetlineSchema } from '../schema.js';
import type { RequestContext } from '../server/context.js';

type ReadOptions = Parameters<EventStore['readStream']>[1];

/** The real SQLite store, counting reads of each stream and keeping the last read's options. */
const countingReads = (
  store: EventStore,
  counts: Map<string, number>,
  lastOptions: Map<string, ReadOptions>,
): EventStore =>
  new Proxy(store, {
    get: (target, property, receiver) =>
      property === 'readStream'
        ? (streamId: string, options?: ReadOptions) => {
            counts.set(streamId, (counts.get(streamId) ?? 0) + 1);
            lastOptions.set(streamId, options);
            return target.readStream(streamId, options);
          }
        : Reflect.get(target, property, receiver),
  });

describe('the authChecker', () => {
  const store = openSqliteEventStore({ path: ':memory:' });
  const reads = new Map<string, number>();
  const readOptions = new Map<string, ReadOptions>();
  const ports = createCryptoPorts({
    codeHmacKey: new Redacted(randomBytes(32)),
    secretBoxKey: new Redacted(randomBytes(32)),
  });
  const deps: ServiceDeps = { eventStore: countingReads(store, reads, readOptions), ...ports };
  let schema: GraphQLSchema;
  let context: RequestContext;
  let adminStream: string;
  let adminId: string;
  const systemMeta = () => ({
    now: new Date(),
    tenantId: 'contoso',
    actor: { kind: 'system' as const, id: 'test' },
    correlationId: 'test',
  });

  let provisioned = 0;
  const provisionSomeone = () =>
    handleProvisionUser(
      deps,
      {
        username: `someone${++provisioned}@contoso.example`,
        displayName: 'Someone',
        firstName: 'Some',
        lastName: 'One',
        roles: ['user'],
      },
      systemMeta(),
    );

  beforeAll(async () => {
    const meta = {
      now: new Date(),
      tenantId: 'contoso',
      actor: { kind: 'system' as const, id: 'test' },
      correlationId: 'test',
    };
    await handleCreateTenant(
      deps,
      { tenantId: 'contoso', name: 'Contoso', tier: 'premium', language: 'en' },
      meta,
    );
    const { userId } = await handleProvisionUser(
      deps,
      {
        username: 'admin@contoso.example',
        displayName: 'Admin',
        firstName: 'Ada',
        lastName: 'Min',
        roles: ['globalAdmin'],
      },
      meta,
    );
    const account = await loadAccount(store, 'contoso', userId);
    adminStream = userStreamId(userId);
    adminId = userId;
    schema = await buildResetlineSchema({
      deps,
      sessionTokens: createSessionTokens(randomBytes(32)),
    });
    context = {
      ip: '127.0.0.1',
      userAgent: undefined,
      correlationId: 'test',
      session: {
        userId,
        tenantId: 'contoso',
        roles: ['globalAdmin'],
        credentialVersion: account!.user.credentialVersion,
        mustChangePassword: false,
      },
      rateLimits: createRateLimits({ keyPrefix: 'auth-checker-test' }),
    };
  });
  afterAll(() => store.close());

  it("loads the caller's stream once for all the admin fields of a query", async () => {
    reads.clear();
    const result = await execute({
      schema,
      document: parse(
        '{ tenant { displayName } users(first: 1) { totalCount } policy { __typename } }',
      ),
      contextValue: { ...context },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      tenant: { displayName: 'Contoso' },
      users: { totalCount: 1 },
    });
    expect(reads.get(adminStream)).toBe(1);
  });

  it('reads it again only once something was appended to the store', async () => {
    const query = parse('{ users(first: 1) { totalCount } }');
    const run = () => execute({ schema, document: query, contextValue: { ...context } });
    await run();
    reads.clear();
    await run();
    await run();
    expect(reads.get(adminStream)).toBeUndefined();

    await provisionSomeone();
    await run();
    expect(reads.get(adminStream)).toBe(1);
  });

  it('refuses a session whose credential version is gone', async () => {
    const result = await execute({
      schema,
      document: parse('{ tenant { displayName } users(first: 1) { totalCount } }'),
      contextValue: { ...context, session: { ...context.session!, credentialVersion: 99 } },
    });
    expect(result.data).toBeNull();
    const codes = result.errors?.map(
      (e) => (e.originalError as { code?: string } | undefined)?.code,
    );
    expect(new Set(codes)).toEqual(new Set(['UNAUTHENTICATED']));
  });

  it('reads only the events after those it has already folded', async () => {
    const query = parse('{ users(first: 1) { totalCount } }');
    await execute({ schema, document: query, contextValue: { ...context } });
    const { revision } = (await loadAccount(store, 'contoso', adminId))!.loaded;
    await provisionSomeone();
    reads.clear();
    await execute({ schema, document: query, contextValue: { ...context } });
    expect(reads.get(adminStream)).toBe(1);
    expect(readOptions.get(adminStream)).toEqual({ fromRevision: revision + 1 });
  });

  it('sees a revocation appended after it folded the caller', async () => {
    const query = parse('{ users(first: 1) { totalCount } }');
    const before = await execute({ schema, document: query, contextValue: { ...context } });
    expect(before.errors).toBeUndefined();
    await handleDisableUser(deps, adminId, 'left the company', systemMeta());
    const after = await execute({ schema, document: query, contextValue: { ...context } });
    const codes = after.errors?.map(
      (e) => (e.originalError as { code?: string } | undefined)?.code,
    );
    expect(codes).toEqual(['UNAUTHENTICATED']);
  });
});
