import { randomBytes, randomUUID } from 'node:crypto';
import { createCryptoPorts, openSqliteEventStore, Redacted } from '@resetline/adapters';
import { handleSignIn, ResetlineError, type ServiceDeps } from '@resetline/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapTenant } from './bootstrapTenant.js';
import { parseTenantArgs, UsageError } from './parseTenantArgs.js';

const key = () => new Redacted(randomBytes(32));

describe('bootstrapTenant', () => {
  const eventStore = openSqliteEventStore({ path: ':memory:' });
  const deps: ServiceDeps = {
    eventStore,
    ...createCryptoPorts({ codeHmacKey: key(), secretBoxKey: key() }),
  };
  afterAll(() => eventStore.close());
  const input = parseTenantArgs([
    'create',
    '--id',
    'contoso',
    '--name',
    'Contoso',
    '--tier',
    'premium',
    '--admin',
    'admin@contoso.com',
  ]);

  it('creates the tenant and a global admin who signs in once with the temporary password and must change it', async () => {
    const result = await bootstrapTenant(deps, input);
    expect(result.temporaryPassword).toMatch(/^[\w-]{6}-[\w-]{6}-[\w-]{6}-[\w-]{6}$/);
    const signedIn = await handleSignIn(
      deps,
      { username: 'admin@contoso.com', password: result.temporaryPassword },
      {
        now: new Date(),
        tenantId: 'contoso',
        actor: { kind: 'anonymous', id: '127.0.0.1' },
        correlationId: randomUUID(),
      },
    );
    expect(signedIn).toMatchObject({ userId: result.adminUserId, mustChangePassword: true });
    const stored = JSON.stringify(await eventStore.readAll());
    expect(stored).not.toContain(result.temporaryPassword);
    expect(stored).toContain('"roles":["globalAdmin"]');
  });

  it('refuses a tenant that exists', async () => {
    const error = await bootstrapTenant(deps, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResetlineError);
    expect([(error as ResetlineError).code, (error as ResetlineError).reason]).toEqual([
      'CONFLICT',
      'TenantExists',
    ]);
  });
});

describe('parseTenantArgs', () => {
  const base = ['create', '--id', 'fabrikam', '--name', 'Fabrikam', '--admin', 'a@f.com'];

  it('names a bad tier and the tiers there are', () => {
    expect(() => parseTenantArgs([...base, '--tier', 'gold'])).toThrow(
      /"gold" is not a tier: use one of free, basic, premium/,
    );
  });

  it('names every missing option and refuses an unknown command or a bad id', () => {
    expect(() => parseTenantArgs(['create'])).toThrow(/Missing --id, --name, --tier, --admin/);
    expect(() => parseTenantArgs(['delete', ...base.slice(1), '--tier', 'free'])).toThrow(
      UsageError,
    );
    expect(() =>
      parseTenantArgs([
        'create',
        '--id',
        'Bad Id!',
        '--name',
        'x',
        '--tier',
        'free',
        '--admin',
        'a',
      ]),
    ).toThrow(/not a tenant id/);
  });
});

describe('bootstrapTenant with a bad administrator name', () => {
  const eventStore = openSqliteEventStore({ path: ':memory:' });
  const deps: ServiceDeps = {
    eventStore,
    ...createCryptoPorts({ codeHmacKey: key(), secretBoxKey: key() }),
  };
  afterAll(() => eventStore.close());

  it('writes nothing, so the command can be run again', async () => {
    const input = {
      tenantId: 'tailspin',
      name: 'Tailspin',
      tier: 'basic' as const,
      adminUsername: 'a'.repeat(300),
    };
    const error = await bootstrapTenant(deps, input).catch((e: unknown) => e);
    expect((error as ResetlineError).code).toBe('BAD_USER_INPUT');
    expect(await eventStore.headPosition()).toBe(0);
  });
});
