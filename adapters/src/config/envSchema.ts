import { isIP } from 'node:net';
import { z } from 'zod';
import { Redacted } from './redacted.js';
import { decodeSecretKey, GENERATE_HINT, textSecretWeakness } from './secretKey.js';
import type { DecodedSecretKey } from './secretKey.js';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type TrustProxy = false | number | readonly string[];

export type ServerSecrets = Readonly<{
  codeHmacKey: Redacted<Buffer>;
  secretBoxKey: Redacted<Buffer>;
  sessionSigningKey: Redacted<Buffer>;
}>;

/** Everything the product reads from its environment, parsed and checked. */
export type Config = Readonly<{
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  /** Without a trailing slash. */
  publicUrl: string;
  dataDir: string;
  logLevel: LogLevel;
  /**
   * Which proxies may set X-Forwarded-For (the client IP feeds per-IP rate limits and the audit
   * log): false (default), a hop count, or proxy addresses.
   */
  trustProxy: TrustProxy;
  eventStoreUrl: string | undefined;
  clickhouseUrl: string | undefined;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  smtpFrom: string;
  smsWebhook: Readonly<{ url: string; secret: Redacted<string> }> | undefined;
  /** All three are present in production; in development/test see `ensureDevSecrets`. */
  secrets: Partial<ServerSecrets>;
}>;

const DEFAULT_PORT = 4000;
const DEFAULT_SMTP_FROM = 'Resetline <no-reply@localhost>';
const MIN_TEXT_SECRET_LENGTH = 32;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const EVENTSTORE_CONNECTION_STRING = /^(?:kurrentdb|kurrent|kdb|esdb)(?:\+discover)?:\/\/[^\s]+$/;
const EMAIL = '[^\\s@<>]+@[^\\s@<>]+';
const SENDER = new RegExp(`^(?:${EMAIL}|[^<>]*<${EMAIL}>)$`);

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

// An empty variable (`PORT=`) counts as unset, as it does in most .env tooling.
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}

function url(protocols: readonly string[], message: string) {
  return z.string().refine((value) => {
    try {
      const parsed = new URL(value);
      return protocols.includes(parsed.protocol) && parsed.hostname !== '';
    } catch {
      return false;
    }
  }, message);
}

const secretKey = z.string().transform((raw, ctx): DecodedSecretKey => {
  const result = decodeSecretKey(raw);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.problem });
    return z.NEVER;
  }
  return result.value;
});

/** One field per environment variable; the names are the variables' names. */
export const envFields = {
  NODE_ENV: optional(z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(', ')}` })),
  HOST: optional(
    z.string().refine((value) => isIP(value) !== 0 || HOSTNAME.test(value), {
      message: 'must be a host name or an IP address',
    }),
  ),
  PORT: optional(
    z
      .string()
      .refine((value) => /^\d{1,5}$/.test(value) && +value >= 1 && +value <= 65_535, {
        message: 'must be an integer from 1 to 65535',
      })
      .transform(Number),
  ),
  PUBLIC_URL: optional(
    url(['http:', 'https:'], 'must be an http:// or https:// URL').transform((value) =>
      value.replace(/\/+$/, ''),
    ),
  ),
  DATA_DIR: optional(z.string()),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  TRUST_PROXY: optional(
    z
      .string()
      .refine((value) => /^(false|\d{1,2}|[\d.:a-fA-F/]+(,\s*[\d.:a-fA-F/]+)*)$/.test(value.trim()), {
        message: 'must be false, a number of proxy hops, or a comma-separated list of proxy IPs/CIDRs',
      })
      .transform((value): TrustProxy => {
        const v = value.trim();
        if (v === 'false') return false;
        if (/^\d{1,2}$/.test(v)) return Number(v) === 0 ? false : Number(v);
        return v.split(',').map((part) => part.trim());
      }),
  ),
  EVENTSTORE_URL: optional(
    z.string().regex(EVENTSTORE_CONNECTION_STRING, {
      message: 'must be a kurrentdb:// or esdb:// connection string',
    }),
  ),
  CLICKHOUSE_URL: optional(url(['http:', 'https:'], 'must be an http:// or https:// URL')),
  REDIS_URL: optional(url(['redis:', 'rediss:'], 'must be a redis:// or rediss:// URL')),
  SMTP_URL: optional(url(['smtp:', 'smtps:'], 'must be an smtp:// or smtps:// URL')),
  SMTP_FROM: optional(
    z.string().regex(SENDER, { message: 'must be an email address or "Name <address>"' }),
  ),
  SMS_WEBHOOK_URL: optional(url(['http:', 'https:'], 'must be an http:// or https:// URL')),
  SMS_WEBHOOK_SECRET: optional(
    z
      .string()
      .min(MIN_TEXT_SECRET_LENGTH, {
        message: `must be at least ${MIN_TEXT_SECRET_LENGTH} characters`,
      })
      .transform((value) => new Redacted(value)),
  ),
  CODE_HMAC_KEY: optional(secretKey),
  SECRET_BOX_KEY: optional(secretKey),
  SESSION_SIGNING_KEY: optional(secretKey),
};

type Env = z.output<z.ZodObject<typeof envFields>>;
const SECRET_KEY_VARIABLES = ['CODE_HMAC_KEY', 'SECRET_BOX_KEY', 'SESSION_SIGNING_KEY'] as const;

function isDecoded(value: unknown): value is DecodedSecretKey {
  return typeof value === 'object' && value !== null && 'key' in value;
}

/**
 * Rules across variables. They run even when some fields failed, so one start-up names every
 * problem; a failed field holds its raw string here, hence the type guards.
 */
function checkAcrossVariables(env: Env, ctx: z.RefinementCtx): void {
  const problem = (variable: keyof Env, message: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  if (env.SMS_WEBHOOK_URL !== undefined && env.SMS_WEBHOOK_SECRET === undefined) {
    problem('SMS_WEBHOOK_SECRET', 'is required when SMS_WEBHOOK_URL is set');
  }
  if (env.NODE_ENV !== 'production') return;

  const seen = new Map<string, string>();
  for (const variable of SECRET_KEY_VARIABLES) {
    const value = env[variable];
    if (value === undefined) problem(variable, `is required in production (${GENERATE_HINT})`);
    if (!isDecoded(value)) continue;
    if (value.weakness) problem(variable, value.weakness);
    const hex = value.key.reveal().toString('hex');
    const twin = seen.get(hex);
    if (twin) problem(variable, `must differ from ${twin}: each key has one purpose`);
    seen.set(hex, variable);
  }
  const smsSecret = env.SMS_WEBHOOK_SECRET;
  const smsWeakness = smsSecret instanceof Redacted && textSecretWeakness(smsSecret.reveal());
  if (smsWeakness) problem('SMS_WEBHOOK_SECRET', smsWeakness);
  if (env.SMTP_URL !== undefined && env.SMTP_FROM === undefined) {
    problem('SMTP_FROM', 'is required when SMTP_URL is set in production');
  }
}

function toConfig(env: Env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const port = env.PORT ?? DEFAULT_PORT;
  return {
    nodeEnv,
    host: env.HOST ?? (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    port,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    dataDir: env.DATA_DIR ?? './data',
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.TRUST_PROXY ?? false,
    eventStoreUrl: env.EVENTSTORE_URL,
    clickhouseUrl: env.CLICKHOUSE_URL,
    redisUrl: env.REDIS_URL,
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM ?? DEFAULT_SMTP_FROM,
    smsWebhook:
      env.SMS_WEBHOOK_URL && env.SMS_WEBHOOK_SECRET
        ? { url: env.SMS_WEBHOOK_URL, secret: env.SMS_WEBHOOK_SECRET }
        : undefined,
    secrets: {
      ...(env.CODE_HMAC_KEY && { codeHmacKey: env.CODE_HMAC_KEY.key }),
      ...(env.SECRET_BOX_KEY && { secretBoxKey: env.SECRET_BOX_KEY.key }),
      ...(env.SESSION_SIGNING_KEY && { sessionSigningKey: env.SESSION_SIGNING_KEY.key }),
    },
  };
}

/** The one schema over the environment: raw variables in, a typed `Config` out. */
export const envSchema = z
  .object(envFields)
  .superRefine(checkAcrossVariables, { when: () => true })
  .transform(toConfig);
