import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_SECRETS_FILE, ensureDevSecrets } from './devSecrets.js';
import { loadConfig } from './loadConfig.js';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'resetline-dev-secrets-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const revealAll = (secrets: ReturnType<typeof ensureDevSecrets>['secrets']) => ({
  codeHmacKey: secrets.codeHmacKey.reveal().toString('hex'),
  secretBoxKey: secrets.secretBoxKey.reveal().toString('hex'),
  sessionSigningKey: secrets.sessionSigningKey.reveal().toString('hex'),
});

describe('ensureDevSecrets', () => {
  it('generates three distinct 32-byte keys once and keeps them across restarts', () => {
    const first = revealAll(ensureDevSecrets(loadConfig({ DATA_DIR: dataDir })).secrets);
    const second = revealAll(ensureDevSecrets(loadConfig({ DATA_DIR: dataDir })).secrets);

    expect(second).toEqual(first);
    expect(new Set(Object.values(first)).size).toBe(3);
    for (const hex of Object.values(first)) expect(hex).toHaveLength(64);
  });

  it('keeps them in <DATA_DIR>/secrets.json, readable by the owner only', () => {
    const config = ensureDevSecrets(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }));
    const path = join(dataDir, DEV_SECRETS_FILE);

    expect(statSync(path).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(Buffer.from(stored.secretBoxKey!, 'base64')).toEqual(
      config.secrets.secretBoxKey.reveal(),
    );
  });

  it('creates a missing data directory', () => {
    const nested = join(dataDir, 'a', 'b');

    ensureDevSecrets(loadConfig({ DATA_DIR: nested }));

    expect(statSync(join(nested, DEV_SECRETS_FILE)).isFile()).toBe(true);
  });

  it('lets a key from the environment win over the file', () => {
    const generated = revealAll(ensureDevSecrets(loadConfig({ DATA_DIR: dataDir })).secrets);
    const fromEnv = randomBytes(32);

    const config = ensureDevSecrets(
      loadConfig({ DATA_DIR: dataDir, CODE_HMAC_KEY: fromEnv.toString('base64') }),
    );

    expect(config.secrets.codeHmacKey.reveal()).toEqual(fromEnv);
    expect(revealAll(config.secrets).secretBoxKey).toBe(generated.secretBoxKey);
  });

  it('touches no file when every key comes from the environment, production included', () => {
    const env = {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      CODE_HMAC_KEY: randomBytes(32).toString('base64'),
      SECRET_BOX_KEY: randomBytes(32).toString('base64'),
      SESSION_SIGNING_KEY: randomBytes(32).toString('base64'),
    };

    const config = ensureDevSecrets(loadConfig(env));

    expect(config.secrets.secretBoxKey.reveal()).toEqual(Buffer.from(env.SECRET_BOX_KEY, 'base64'));
    expect(() => statSync(join(dataDir, DEV_SECRETS_FILE))).toThrow(/ENOENT/);
  });

  it('refuses a damaged file without printing its contents', () => {
    const path = join(dataDir, DEV_SECRETS_FILE);
    writeFileSync(path, JSON.stringify({ codeHmacKey: 'c2hvcnQtYnV0LXByaXZhdGU=' }));

    expect(() => ensureDevSecrets(loadConfig({ DATA_DIR: dataDir }))).toThrow(
      /lacks valid codeHmacKey, secretBoxKey, sessionSigningKey .*delete it/,
    );
    expect(() => ensureDevSecrets(loadConfig({ DATA_DIR: dataDir }))).not.toThrow(
      /c2hvcnQtYnV0LXByaXZhdGU/,
    );

    writeFileSync(path, '{ not json');
    expect(() => ensureDevSecrets(loadConfig({ DATA_DIR: dataDir }))).toThrow(/not valid JSON/);
  });
});
