import { pino, type Logger } from 'pino';

/**
 * Field names that may carry a secret anywhere in a logged object. pino replaces their values,
 * so a resolver argument or a request body logged by mistake still leaks nothing.
 */
const secretKeys = [
  'password',
  'currentPassword',
  'newPassword',
  'temporaryPassword',
  'code',
  'answers',
  'answer',
  'secret',
  'token',
  'authorization',
  'cookie',
  'bindPassword',
];

export const redactPaths = [
  ...secretKeys,
  ...secretKeys.map((k) => `*.${k}`),
  ...secretKeys.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'variables',
  '*.variables',
];

export const createLogger = (options: { level: string; pretty?: boolean }): Logger =>
  pino({
    level: options.level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { service: 'resetline' },
  });
