import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { configDocs } from './configDocs.js';
import { envFields } from './envSchema.js';
import { ConfigError, loadConfig } from './loadConfig.js';

const key = () => randomBytes(32).toString('base64');
const productionSecrets = () => ({
  CODE_HMAC_KEY: key(),
  SECRET_BOX_KEY: randomBytes(32).toString('hex'),
  SESSION_SIGNING_KEY: randomBytes(48).toString('base64url'),
});

function problemsOf(env: Record<string, string | undefined>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries(
      (error as ConfigError).problems.map(({ variable, problem }) => [variable, problem]),
    );
  }
  throw new Error('expected loadConfig to refuse the environment');
}

function messageOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to refuse the environment');
}

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    it('gives the development defaults and no secrets', () => {
      const config = loadConfig({});

      expect(config).toEqual({
        nodeEnv: 'development',
        host: '127.0.0.1',
        port: 4000,
        publicUrl: 'http://localhost:4000',
        dataDir: './data',
        logLevel: 'info',
        trustProxy: false,
        eventStoreUrl: undefined,
        clickhouseUrl: undefined,
        redisUrl: undefined,
        smtpUrl: undefined,
        smtpFrom: 'Resetline <no-reply@localhost>',
        smsWebhook: undefined,
        secrets: {},
      });
    });

    it('treats empty variables as unset', () => {
      expect(loadConfig({ PORT: '', HOST: ' ', NODE_ENV: '' })).toMatchObject({
        nodeEnv: 'development',
        port: 4000,
        host: '127.0.0.1',
      });
    });
  });

  it('derives the public URL from PORT and listens on every interface in production', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ NODE_ENV: 'production', ...productionSecrets() }).host).toBe('0.0.0.0');
  });

  it('reads every variable it documents', () => {
    const secrets = productionSecrets();
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '::1',
      PORT: '8443',
      PUBLIC_URL: 'https://reset.contoso.com/',
      DATA_DIR: '/var/lib/resetline',
      LOG_LEVEL: 'debug',
      EVENTSTORE_URL: 'kurrentdb://node1:2113,node2:2113?tls=false',
      CLICKHOUSE_URL: 'http://clickhouse:8123',
      REDIS_URL: 'redis://:pw@redis:6379/0',
      SMTP_URL: 'smtps://user:pw@mail.contoso.com:465',
      SMTP_FROM: 'Contoso IT <it@contoso.com>',
      SMS_WEBHOOK_URL: 'https://sms.contoso.com/send',
      SMS_WEBHOOK_SECRET: randomBytes(24).toString('base64url'),
      ...secrets,
    });

    expect(config).toMatchObject({
      nodeEnv: 'test',
      host: '::1',
      port: 8443,
      publicUrl: 'https://reset.contoso.com',
      dataDir: '/var/lib/resetline',
      logLevel: 'debug',
      eventStoreUrl: 'kurrentdb://node1:2113,node2:2113?tls=false',
      clickhouseUrl: 'http://clickhouse:8123',
      redisUrl: 'redis://:pw@redis:6379/0',
      smtpUrl: 'smtps://user:pw@mail.contoso.com:465',
      smtpFrom: 'Contoso IT <it@contoso.com>',
      smsWebhook: { url: 'https://sms.contoso.com/send' },
    });
    expect(config.secrets.codeHmacKey?.reveal()).toEqual(
      Buffer.from(secrets.CODE_HMAC_KEY, 'base64'),
    );
    expect(config.secrets.secretBoxKey?.reveal()).toEqual(
      Buffer.from(secrets.SECRET_BOX_KEY, 'hex'),
    );
    expect(config.secrets.sessionSigningKey?.reveal()).toHaveLength(48);
  });

  it('accepts esdb:// connection strings too', () => {
    expect(loadConfig({ EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }).eventStoreUrl).toBe(
      'esdb://localhost:2113?tls=false',
    );
  });

  describe('names each bad variable with what is wrong', () => {
    it.each([
      ['NODE_ENV', 'staging', 'must be one of development, test, production (got "staging")'],
      ['HOST', 'not a host!', 'must be a host name or an IP address (got "not a host!")'],
      ['PORT', 'abc', 'must be an integer from 1 to 65535 (got "abc")'],
      ['PORT', '0', 'must be an integer from 1 to 65535 (got "0")'],
      ['PORT', '65536', 'must be an integer from 1 to 65535 (got "65536")'],
      ['PORT', '80.5', 'must be an integer from 1 to 65535 (got "80.5")'],
      ['PUBLIC_URL', 'ftp://x', 'must be an http:// or https:// URL (got "ftp://x")'],
      [
        'LOG_LEVEL',
        'loud',
        'must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      ],
      ['SMTP_FROM', 'nobody', 'must be an email address or "Name <address>" (got "nobody")'],
      ['EVENTSTORE_URL', 'http://es:2113', 'must be a kurrentdb:// or esdb:// connection string'],
      ['CLICKHOUSE_URL', 'clickhouse:8123', 'must be an http:// or https:// URL'],
      ['REDIS_URL', 'http://redis:6379', 'must be a redis:// or rediss:// URL'],
      ['SMTP_URL', 'mail.contoso.com', 'must be an smtp:// or smtps:// URL'],
      ['SMS_WEBHOOK_URL', 'sms.contoso.com', 'must be an http:// or https:// URL'],
      ['CODE_HMAC_KEY', 'not base64 or hex!', 'must be base64 or hex'],
      [
        'SECRET_BOX_KEY',
        randomBytes(16).toString('base64'),
        'must decode to at least 32 bytes (got 16',
      ],
      [
        'SESSION_SIGNING_KEY',
        randomBytes(31).toString('hex'),
        'must decode to at least 32 bytes (got 31',
      ],
    ])('%s=%j', (variable, value, problem) => {
      // A valid webhook secret, so a bad SMS_WEBHOOK_URL is the only problem in its row.
      const problems = problemsOf({
        SMS_WEBHOOK_SECRET: 'k'.repeat(16) + 'K'.repeat(16),
        [variable]: value,
      });

      expect(Object.keys(problems)).toEqual([variable]);
      expect(problems[variable]).toContain(problem);
    });

    it('requires SMS_WEBHOOK_SECRET with SMS_WEBHOOK_URL, of at least 32 characters', () => {
      expect(problemsOf({ SMS_WEBHOOK_URL: 'https://sms.contoso.com' })).toEqual({
        SMS_WEBHOOK_SECRET: 'is required when SMS_WEBHOOK_URL is set',
      });
      expect(
        problemsOf({ SMS_WEBHOOK_URL: 'https://sms.contoso.com', SMS_WEBHOOK_SECRET: 'short' }),
      ).toEqual({ SMS_WEBHOOK_SECRET: 'must be at least 32 characters' });
    });
  });

  it('lists every problem at once, in the documented order, in one readable message', () => {
    const message = messageOf({
      SMTP_URL: 'nope',
      PORT: 'abc',
      NODE_ENV: 'production',
      SMS_WEBHOOK_URL: 'https://sms.contoso.com',
    });

    expect(message).toBe(
      [
        'Invalid configuration (7 problems):',
        '  PORT: must be an integer from 1 to 65535 (got "abc")',
        '  SMTP_URL: must be an smtp:// or smtps:// URL',
        '  SMTP_FROM: is required when SMTP_URL is set in production',
        '  SMS_WEBHOOK_SECRET: is required when SMS_WEBHOOK_URL is set',
        '  CODE_HMAC_KEY: is required in production (generate one with: openssl rand -base64 32)',
        '  SECRET_BOX_KEY: is required in production (generate one with: openssl rand -base64 32)',
        '  SESSION_SIGNING_KEY: is required in production (generate one with: openssl rand -base64 32)',
      ].join('\n'),
    );
  });

  describe('in production', () => {
    const production = (overrides: Record<string, string>) => ({
      NODE_ENV: 'production',
      ...productionSecrets(),
      ...overrides,
    });

    it('starts with three random keys', () => {
      expect(loadConfig(production({})).secrets).toMatchObject({
        codeHmacKey: expect.anything(),
        secretBoxKey: expect.anything(),
        sessionSigningKey: expect.anything(),
      });
    });

    it('refuses a missing key', () => {
      expect(problemsOf(production({ SECRET_BOX_KEY: '' }))).toEqual({
        SECRET_BOX_KEY: 'is required in production (generate one with: openssl rand -base64 32)',
      });
    });

    it('refuses a short key', () => {
      expect(problemsOf(production({ CODE_HMAC_KEY: randomBytes(24).toString('base64') }))).toEqual(
        {
          CODE_HMAC_KEY: expect.stringContaining('must decode to at least 32 bytes (got 24'),
        },
      );
    });

    it.each([
      [
        'a default-looking value',
        Buffer.from('changeme-changeme-changeme-changeme').toString('base64'),
      ],
      ['a documented placeholder', 'REPLACE-WITH-OPENSSL-RAND-BASE64-32-OUTPUT-NOW'],
      ['the word secret in hex', Buffer.from('my-secret-' + 'x'.repeat(30)).toString('hex')],
    ])('refuses %s', (_name, value) => {
      expect(problemsOf(production({ SESSION_SIGNING_KEY: value }))).toEqual({
        SESSION_SIGNING_KEY: expect.stringContaining('looks like a default or example value'),
      });
    });

    it.each([
      ['one character repeated', 'a'.repeat(64)],
      ['all zero bytes', '0'.repeat(64)],
      ['a repeated block', randomBytes(8).toString('hex').repeat(4)],
      ['a counting sequence', Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex')],
      [
        'an encoded passphrase',
        Buffer.from('correct horse battery staple, but longer').toString('base64'),
      ],
    ])('refuses a low-entropy key: %s', (_name, value) => {
      expect(problemsOf(production({ CODE_HMAC_KEY: value }))).toEqual({
        CODE_HMAC_KEY: expect.stringMatching(/low-entropy|encoded text/),
      });
    });

    it('accepts the same weak key outside production, where only length is checked', () => {
      expect(
        loadConfig({ NODE_ENV: 'test', CODE_HMAC_KEY: 'a'.repeat(64) }).secrets.codeHmacKey,
      ).toBeDefined();
    });

    it('refuses one key reused for two purposes', () => {
      const shared = key();

      expect(
        problemsOf(production({ CODE_HMAC_KEY: shared, SESSION_SIGNING_KEY: shared })),
      ).toEqual({
        SESSION_SIGNING_KEY: 'must differ from CODE_HMAC_KEY: each key has one purpose',
      });
    });

    it('refuses a weak SMS webhook secret and an SMTP relay without a sender', () => {
      expect(
        problemsOf(
          production({
            SMS_WEBHOOK_URL: 'https://sms.contoso.com',
            SMS_WEBHOOK_SECRET: 'x'.repeat(40),
            SMTP_URL: 'smtp://mail.contoso.com',
          }),
        ),
      ).toEqual({
        SMTP_FROM: 'is required when SMTP_URL is set in production',
        SMS_WEBHOOK_SECRET: expect.stringContaining('low-entropy'),
      });
    });
  });

  describe('never shows a secret', () => {
    const secretValues = {
      CODE_HMAC_KEY: Buffer.from('changeme-changeme-changeme-changeme').toString('base64'),
      SECRET_BOX_KEY: 'Zm9vYmFy',
      SESSION_SIGNING_KEY: 'not//valid==base64!!',
      SMS_WEBHOOK_SECRET: 'tooshort-but-secret',
      SMTP_URL: 'smtp-with-password://user:hunter2@mail',
      REDIS_URL: 'http://:redispass@redis',
    };

    it('in error messages', () => {
      const message = messageOf({
        NODE_ENV: 'production',
        SMS_WEBHOOK_URL: 'https://sms.contoso.com',
        ...secretValues,
      });

      expect(message).toMatch(/^Invalid configuration \(7 problems\):\n/);
      for (const value of Object.values(secretValues)) expect(message).not.toContain(value);
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('redispass');
    });

    it('when the config is logged, inspected or serialised', () => {
      const secrets = productionSecrets();
      const smsSecret = randomBytes(24).toString('base64url');
      const config = loadConfig({
        NODE_ENV: 'production',
        SMS_WEBHOOK_URL: 'https://sms.contoso.com',
        SMS_WEBHOOK_SECRET: smsSecret,
        ...secrets,
      });
      const shown = [
        JSON.stringify(config),
        inspect(config, { depth: 10 }),
        `${config.secrets.codeHmacKey}`,
      ];

      for (const text of shown) {
        expect(text).toContain('[redacted]');
        expect(text).not.toContain(smsSecret);
        for (const [variable, value] of Object.entries(secrets)) {
          const bytes =
            config.secrets[
              (
                {
                  CODE_HMAC_KEY: 'codeHmacKey',
                  SECRET_BOX_KEY: 'secretBoxKey',
                  SESSION_SIGNING_KEY: 'sessionSigningKey',
                } as const
              )[variable as keyof typeof secrets]
            ]!.reveal();
          expect(text).not.toContain(value);
          expect(text).not.toContain(bytes.toString('hex'));
          expect(text).not.toContain(bytes.toString('base64'));
        }
      }
      expect(config.smsWebhook?.secret.reveal()).toBe(smsSecret);
    });
  });

  it('documents exactly the variables it reads, sensitive ones marked', () => {
    expect(configDocs.map((doc) => doc.name).sort()).toEqual(Object.keys(envFields).sort());
    for (const doc of configDocs) expect(doc.description.length).toBeGreaterThan(10);
    expect(configDocs.filter((doc) => doc.sensitive).map((doc) => doc.name)).toEqual(
      expect.arrayContaining([
        'CODE_HMAC_KEY',
        'SECRET_BOX_KEY',
        'SESSION_SIGNING_KEY',
        'SMS_WEBHOOK_SECRET',
        'SMTP_URL',
        'REDIS_URL',
      ]),
    );
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default, and takes a hop count or proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('names the variable when the value is not understood', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY: must be false, a number/);
  });
});
