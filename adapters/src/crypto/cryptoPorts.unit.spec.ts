import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redacted } from '../config/redacted.js';
import { createCryptoPorts } from './cryptoPorts.js';

const secrets = () => ({
  codeHmacKey: new Redacted(randomBytes(32)),
  secretBoxKey: new Redacted(randomBytes(32)),
});

describe('createCryptoPorts', () => {
  it('keys the code hasher and the secret box from the configured secrets', () => {
    const configured = secrets();
    const ports = createCryptoPorts(configured);
    const restarted = createCryptoPorts(configured);
    const otherKeys = createCryptoPorts(secrets());

    const hash = ports.codeHasher.hash('reset-code', '123456');
    const sealed = ports.secretBox.seal('123456');

    expect(restarted.codeHasher.verify('reset-code', '123456', hash)).toBe(true);
    expect(restarted.secretBox.open(sealed)).toBe('123456');
    expect(otherKeys.codeHasher.verify('reset-code', '123456', hash)).toBe(false);
    expect(() => otherKeys.secretBox.open(sealed)).toThrow(/another key/);
  });

  it('derives the password salts from the code HMAC key', async () => {
    const configured = secrets();
    const ada = { tenantId: 'contoso', userId: 'ada' };

    const hash = await createCryptoPorts(configured).passwordHasher.hashForUser(
      'correct horse',
      ada,
    );
    const restarted = await createCryptoPorts(configured).passwordHasher.hashForUser(
      'correct horse',
      ada,
    );
    const otherKeys = await createCryptoPorts(secrets()).passwordHasher.hashForUser(
      'correct horse',
      ada,
    );

    expect(restarted).toBe(hash);
    expect(otherKeys).not.toBe(hash);
  });

  it('hashes passwords with argon2id at the OWASP parameters', async () => {
    const { passwordHasher } = createCryptoPorts(secrets());

    const hash = await passwordHasher.hash('correct horse');

    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await passwordHasher.verify(hash, 'correct horse')).toBe(true);
  });
});
