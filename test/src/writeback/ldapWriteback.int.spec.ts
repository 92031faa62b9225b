import {
  LdapDirectoryWriteback,
  TenantDirectoryWriteback,
  WritebackError,
  type LdapWritebackConfigInput,
} from '@resetline/adapters';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PPOLICY_MIN_LENGTH, seedUsers, startSlapd, type Slapd } from '../support/slapd.js';

let slapd: Slapd;

beforeAll(async () => {
  slapd = await startSlapd();
});

afterAll(async () => {
  await slapd?.dispose();
});

function config(overrides: Partial<LdapWritebackConfigInput> = {}): LdapWritebackConfigInput {
  return {
    kind: 'openldap',
    url: slapd.url,
    bindDn: slapd.serviceDn,
    bindPassword: slapd.servicePassword,
    baseDn: slapd.baseDn,
    timeoutMs: 1_000,
    ...overrides,
  };
}

/** Every seed user's stored userPassword, read as the rootdn (no binds, so no lockouts). */
async function storedPasswords(): Promise<Record<string, string[] | undefined>> {
  const entries = await Promise.all(
    Object.values(seedUsers).map(
      async (user) =>
        [user.dn, (await slapd.read(user.dn, ['userPassword'])).userPassword] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function failureOf(promise: Promise<unknown>): Promise<WritebackError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof WritebackError) return error;
  throw new Error(`expected a WritebackError, got ${String(error)}`);
}

describe('setting a password on OpenLDAP', () => {
  const newPassword = 'Fresh correct horse 42';

  it('lets the entry bind with the new password and no longer with the old', async () => {
    const { dn, uid, password } = seedUsers.alice;
    await new LdapDirectoryWriteback(config()).setPassword(uid, newPassword);

    expect(await slapd.canBind(dn, newPassword)).toBe(true);
    expect(await slapd.canBind(dn, password)).toBe(false);
  });

  it('stores the password hashed by slapd, not in clear', async () => {
    const { userPassword } = await slapd.read(seedUsers.alice.dn, ['userPassword']);

    expect(userPassword).toHaveLength(1);
    expect(userPassword?.[0]).toMatch(/^\{(SSHA|SSHA256|SSHA512|ARGON2|CRYPT)\}/);
    expect(userPassword?.[0]).not.toContain(newPassword);
  });

  it('works for an entry whose DN needs escaping', async () => {
    const { dn, uid } = seedUsers.smith;
    await new LdapDirectoryWriteback(config()).setPassword(uid, 'Smith new password 7');

    expect(await slapd.canBind(dn, 'Smith new password 7')).toBe(true);
  });

  it('matches a username holding * literally', async () => {
    const { dn, uid } = seedUsers.starUser;
    await new LdapDirectoryWriteback(config()).setPassword(uid, 'Star new password 9');

    expect(await slapd.canBind(dn, 'Star new password 9')).toBe(true);
  });
});

describe('when the directory policy refuses the password', () => {
  it('fails with DirectoryPolicyRefused, a clear message and no password in it', async () => {
    const { dn, uid, password } = seedUsers.carol;
    const tooShort = 'x'.repeat(PPOLICY_MIN_LENGTH - 1);

    const error = await failureOf(new LdapDirectoryWriteback(config()).setPassword(uid, tooShort));

    expect(error.reason).toBe('DirectoryPolicyRefused');
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/password policy refused.*quality/i);
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(tooShort);
    expect(await slapd.canBind(dn, password)).toBe(true);
  });
});

describe('usernames that try to inject filter syntax', () => {
  const attempts = ['*', 'al*', '*)(uid=*', 'alice)(uid=*', 'x)(|(uid=*', 'alice\0', '\\', '('];

  it.each(attempts)('%j finds nobody and changes nothing', async (username) => {
    const before = await storedPasswords();

    const error = await failureOf(
      new LdapDirectoryWriteback(config()).setPassword(username, 'Injected password 1'),
    );

    expect(error.reason).toBe('DirectoryUserNotFound');
    expect(error.code).toBe('NOT_FOUND');
    expect(await storedPasswords()).toEqual(before);
  });

  it('refuses a user filter that matches several entries', async () => {
    const before = await storedPasswords();
    const directory = new LdapDirectoryWriteback(config({ userFilter: '(mail={username})' }));

    const error = await failureOf(directory.setPassword('shared@example.org', 'Ambiguous pw 1'));

    expect(error.reason).toBe('DirectoryUserAmbiguous');
    expect(await storedPasswords()).toEqual(before);
  });
});

describe('unlocking on OpenLDAP', () => {
  it('removes pwdAccountLockedTime and the failure count, so the user binds again', async () => {
    const { dn, uid, password } = seedUsers.bob;
    const lockout = ['pwdAccountLockedTime', 'pwdFailureTime'];
    expect(await slapd.read(dn, lockout)).toHaveProperty('pwdAccountLockedTime');
    expect(await slapd.canBind(dn, password)).toBe(false);

    await new LdapDirectoryWriteback(config()).unlock(uid);

    expect(await slapd.read(dn, lockout)).toEqual({});
    // The failure count went with the lock: one more wrong password does not lock again.
    expect(await slapd.canBind(dn, 'not the password')).toBe(false);
    expect(await slapd.canBind(dn, password)).toBe(true);
  });

  it('succeeds on an account that is not locked', async () => {
    await expect(new LdapDirectoryWriteback(config()).unlock(seedUsers.erin.uid)).resolves.toBe(
      undefined,
    );
  });
});

describe('testConnection', () => {
  it('is ok with the right service account and base DN', async () => {
    expect(await new LdapDirectoryWriteback(config()).testConnection()).toEqual({ ok: true });
  });

  it('names a wrong bind secret without repeating it', async () => {
    const check = await new LdapDirectoryWriteback(
      config({ bindPassword: 'wrong-bind-secret' }),
    ).testConnection();

    expect(check).toMatchObject({ ok: false, reason: 'DirectoryBindFailed' });
    expect(JSON.stringify(check)).not.toContain('wrong-bind-secret');
  });

  it('names a base DN that does not exist', async () => {
    const check = await new LdapDirectoryWriteback(
      config({ baseDn: 'ou=nowhere,dc=example,dc=org' }),
    ).testConnection();

    expect(check).toMatchObject({ ok: false, reason: 'DirectoryBaseNotFound' });
  });

  it('reports a tenant without a directory', async () => {
    const port = new TenantDirectoryWriteback(async () => undefined);

    expect(await port.testConnection('tenant-1')).toMatchObject({
      ok: false,
      reason: 'DirectoryNotConfigured',
    });
  });
});

describe('the DirectoryWriteback port', () => {
  it("writes to the target tenant's directory", async () => {
    const port = new TenantDirectoryWriteback(async (tenantId) =>
      tenantId === 'premium' ? config() : undefined,
    );
    const { dn, uid } = seedUsers.erin;

    await port.setPassword(
      { tenantId: 'premium', username: uid, source: 'synced' },
      'Erin pw 12345',
    );
    const refused = await failureOf(
      port.setPassword({ tenantId: 'free', username: uid, source: 'synced' }, 'Other pw 12345'),
    );

    expect(await slapd.canBind(dn, 'Erin pw 12345')).toBe(true);
    expect(refused.reason).toBe('DirectoryNotConfigured');
  });
});

describe('over LDAPS', () => {
  it('writes when the certificate is trusted', async () => {
    const { dn, uid } = seedUsers.erin;
    const directory = new LdapDirectoryWriteback(
      config({ url: slapd.ldapsUrl, tlsOptions: { ca: slapd.certificate } }),
    );

    await directory.setPassword(uid, 'Erin over TLS 123');

    expect(await slapd.canBind(dn, 'Erin over TLS 123')).toBe(true);
  });

  it('refuses an untrusted certificate as DirectoryUnreachable', async () => {
    const check = await new LdapDirectoryWriteback(
      config({ url: slapd.ldapsUrl }),
    ).testConnection();

    expect(check).toMatchObject({ ok: false, reason: 'DirectoryUnreachable' });
    expect(check.ok || check.message).toMatch(/TLS/);
  });
});

describe('the Active Directory dialect against a directory with AD attribute names', () => {
  const activeDirectory = () =>
    new LdapDirectoryWriteback(
      config({
        kind: 'activeDirectory',
        url: slapd.ldapsUrl,
        tlsOptions: { ca: slapd.certificate },
      }),
    );

  it('finds the user by sAMAccountName and replaces unicodePwd with the quoted UTF-16LE value', async () => {
    const { dn, uid } = seedUsers.adUser;

    await activeDirectory().setPassword(uid, 'Wörd-AD-9');

    const { unicodePwd } = await slapd.readBytes(dn, ['unicodePwd']);
    expect(unicodePwd?.map((value) => [...value])).toEqual([
      [...Buffer.from('"Wörd-AD-9"', 'utf16le')],
    ]);
  });

  it('unlocks by setting lockoutTime to 0', async () => {
    const { dn, uid } = seedUsers.adUser;

    await activeDirectory().unlock(uid);

    expect(await slapd.read(dn, ['lockoutTime'])).toEqual({ lockoutTime: ['0'] });
  });
});

describe('when slapd is down or hung', () => {
  it('fails fast with DirectoryUnreachable and changes nothing', async () => {
    const { dn, uid, password } = seedUsers.dave;
    const directory = new LdapDirectoryWriteback(config());
    await slapd.stop();
    try {
      const startedAt = performance.now();
      const error = await failureOf(directory.setPassword(uid, 'Dave new password 1'));
      const elapsedMs = performance.now() - startedAt;

      expect(error.reason).toBe('DirectoryUnreachable');
      expect(error.details).toMatchObject({ retryable: true });
      // Bounded by the configured timeout, not by a TCP default of minutes.
      expect(elapsedMs).toBeLessThan(1_000);
      expect(await directory.testConnection()).toMatchObject({
        ok: false,
        reason: 'DirectoryUnreachable',
      });
    } finally {
      await slapd.start();
    }
    expect(await slapd.canBind(dn, password)).toBe(true);
    expect(await slapd.canBind(dn, 'Dave new password 1')).toBe(false);
  });

  it('gives up after timeoutMs with DirectoryTimeout when the server never answers', async () => {
    const { dn, uid, password } = seedUsers.dave;
    const directory = new LdapDirectoryWriteback(config({ timeoutMs: 300 }));
    slapd.pause();
    try {
      const error = await failureOf(directory.setPassword(uid, 'Dave new password 2'));

      expect(error.reason).toBe('DirectoryTimeout');
    } finally {
      slapd.resume();
    }
    expect(await slapd.canBind(dn, password)).toBe(true);
  });
});

describe('a process using the writeback', () => {
  const fixture = fileURLToPath(new URL('./fixtures/writebackOnce.ts', import.meta.url));

  /** Resolves with the output once the process exits by itself; undefined if it hangs. */
  function runAlone(
    args: readonly string[],
    overrides: Partial<LdapWritebackConfigInput>,
  ): Promise<{ exitCode: number | null; output: string } | undefined> {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', fixture, ...args],
      { env: { ...process.env, WRITEBACK_CONFIG: JSON.stringify(config(overrides)) } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve) => {
      // A hang detector, not a speed check: the process normally exits in well under a second.
      const hung = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(undefined);
      }, 15_000);
      child.once('exit', (exitCode) => {
        clearTimeout(hung);
        resolve({ exitCode, output });
      });
    });
  }

  it('exits on its own after a failed bind', async () => {
    const result = await runAlone(['testConnection'], { bindPassword: 'wrong-bind-secret' });

    expect(result).toBeDefined();
    expect(result?.exitCode).toBe(0);
    expect(JSON.parse(result?.output ?? '{}')).toMatchObject({ reason: 'DirectoryBindFailed' });
  });

  it('exits on its own after a refused operation', async () => {
    const result = await runAlone(['unlock', 'nobody-by-this-name'], {});

    expect(result?.exitCode).toBe(0);
    expect(JSON.parse(result?.output ?? '{}')).toMatchObject({ reason: 'DirectoryUserNotFound' });
  });
});
