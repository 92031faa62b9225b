import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redacted } from './redacted.js';
import { MIN_SECRET_BYTES } from './secretKey.js';
import type { Config, ServerSecrets } from './envSchema.js';

export type ConfigWithSecrets = Config & Readonly<{ secrets: ServerSecrets }>;

export const DEV_SECRETS_FILE = 'secrets.json';
const SECRET_NAMES = ['codeHmacKey', 'secretBoxKey', 'sessionSigningKey'] as const;
type StoredSecrets = Record<(typeof SECRET_NAMES)[number], string>;

/**
 * Fills secrets missing from the environment. In development and test they are generated once
 * into `<DATA_DIR>/secrets.json` (mode 0600) and read back on every later start, so codes
 * hashed and payloads sealed before a restart still verify and open. Variables set in the
 * environment win over the file. Production never gets here without all three.
 */
export function ensureDevSecrets(config: Config): ConfigWithSecrets {
  if (hasAllSecrets(config.secrets)) return { ...config, secrets: config.secrets };
  if (config.nodeEnv === 'production') {
    throw new Error('Production configuration lacks server secrets: load it with loadConfig');
  }
  const stored = loadOrCreate(join(config.dataDir, DEV_SECRETS_FILE));
  const fromFile = (name: (typeof SECRET_NAMES)[number]) =>
    config.secrets[name] ?? new Redacted(Buffer.from(stored[name], 'base64'));
  return {
    ...config,
    secrets: {
      codeHmacKey: fromFile('codeHmacKey'),
      secretBoxKey: fromFile('secretBoxKey'),
      sessionSigningKey: fromFile('sessionSigningKey'),
    },
  };
}

function hasAllSecrets(secrets: Partial<ServerSecrets>): secrets is ServerSecrets {
  return SECRET_NAMES.every((name) => secrets[name] !== undefined);
}

function loadOrCreate(path: string): StoredSecrets {
  try {
    return readStored(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated = Object.fromEntries(
    SECRET_NAMES.map((name) => [name, randomBytes(MIN_SECRET_BYTES).toString('base64')]),
  ) as StoredSecrets;
  mkdirSync(join(path, '..'), { recursive: true });
  // Written aside, then linked into place: link fails if another process (the worker started
  // beside the API) created the file first, and then its secrets are the ones to use.
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readStored(path);
  } finally {
    unlinkSync(temporary);
  }
}

function readStored(path: string): StoredSecrets {
  const text = readFileSync(path, 'utf8');
  chmodSync(path, 0o600);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON: delete it to generate new development secrets`);
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  const bad = SECRET_NAMES.filter((name) => {
    const value = record[name];
    return typeof value !== 'string' || Buffer.from(value, 'base64').length < MIN_SECRET_BYTES;
  });
  if (bad.length > 0) {
    throw new Error(
      `${path} lacks valid ${bad.join(', ')} (base64, at least ${MIN_SECRET_BYTES} bytes): ` +
        'delete it to generate new development secrets',
    );
  }
  return record as StoredSecrets;
}
