/** One environment variable as the README's configuration table shows it. */
export type ConfigVariableDoc = Readonly<{
  name: string;
  default: string;
  description: string;
  /** Its value is never echoed in an error (keys, or URLs that may carry credentials). */
  sensitive: boolean;
}>;

const SECRET_KEY_FORMAT =
  'base64 or hex, at least 32 bytes decoded (`openssl rand -base64 32`). Required in production; in development/test generated once into `<DATA_DIR>/secrets.json`.';

/** Every variable `loadConfig` reads, in README order. */
export const configDocs: readonly ConfigVariableDoc[] = [
  {
    name: 'NODE_ENV',
    default: 'development',
    description: '`development`, `test` or `production`; production requires real secrets.',
    sensitive: false,
  },
  {
    name: 'HOST',
    default: '127.0.0.1 (0.0.0.0 in production)',
    description: 'Interface the HTTP server listens on.',
    sensitive: false,
  },
  { name: 'PORT', default: '4000', description: 'HTTP port, 1-65535.', sensitive: false },
  {
    name: 'PUBLIC_URL',
    default: 'http://localhost:<PORT>',
    description: 'Base URL users reach the portal at; used in links sent by email.',
    sensitive: false,
  },
  {
    name: 'DATA_DIR',
    default: './data',
    description: 'Directory for the embedded SQLite event store, chDB data and dev secrets.',
    sensitive: false,
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    description: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.',
    sensitive: false,
  },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    description:
      'Proxies allowed to set `X-Forwarded-For`: `false`, a hop count, or comma-separated proxy IPs/CIDRs. Per-IP rate limits and the audit log use the client IP it yields.',
    sensitive: false,
  },
  {
    name: 'EVENTSTORE_URL',
    default: '(unset: SQLite in DATA_DIR)',
    description: 'KurrentDB/EventStoreDB connection string (`kurrentdb://` or `esdb://`).',
    sensitive: true,
  },
  {
    name: 'CLICKHOUSE_URL',
    default: '(unset: embedded chDB in DATA_DIR)',
    description: 'ClickHouse server HTTP(S) URL for the report projections.',
    sensitive: true,
  },
  {
    name: 'REDIS_URL',
    default: '(unset: in-process job queue)',
    description: 'Redis for the BullMQ job queue (`redis://` or `rediss://`).',
    sensitive: true,
  },
  {
    name: 'SMTP_URL',
    default: '(unset: dev outbox)',
    description: 'SMTP relay for email (`smtp://` or `smtps://`, credentials in the URL).',
    sensitive: true,
  },
  {
    name: 'SMTP_FROM',
    default: 'Resetline <no-reply@localhost>',
    description:
      'Sender address, `address` or `Name <address>`; required with SMTP_URL in production.',
    sensitive: false,
  },
  {
    name: 'SMS_WEBHOOK_URL',
    default: '(unset: dev outbox)',
    description: 'HTTP(S) endpoint that sends SMS and voice messages.',
    sensitive: true,
  },
  {
    name: 'SMS_WEBHOOK_SECRET',
    default: '(none)',
    description:
      'Shared secret that signs SMS webhook calls, at least 32 characters; required with SMS_WEBHOOK_URL.',
    sensitive: true,
  },
  {
    name: 'CODE_HMAC_KEY',
    default: '(generated in development/test)',
    description: `Key of the HMAC over one-time codes. ${SECRET_KEY_FORMAT}`,
    sensitive: true,
  },
  {
    name: 'SECRET_BOX_KEY',
    default: '(generated in development/test)',
    description: `Key that encrypts codes in job payloads (AES-256-GCM). ${SECRET_KEY_FORMAT}`,
    sensitive: true,
  },
  {
    name: 'SESSION_SIGNING_KEY',
    default: '(generated in development/test)',
    description: `Key that signs sessions and tokens. ${SECRET_KEY_FORMAT}`,
    sensitive: true,
  },
];
