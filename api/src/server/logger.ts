import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Field names that may carry a secret anywhere in a logged object. pino replaces their values,
 * so a resolver argument or a request body logged by mistake still leaks nothing. A reset flow
 * id is a capability (once its gates are passed it sets the password), so it is one too.
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
  'enrolmentToken',
  'flowId',
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

type LoggedRequest = Readonly<{
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: Readonly<{ remotePort?: number }>;
}>;

/**
 * Fastify logs every request's URL. A GraphQL GET carries the whole operation in the query
 * string (`?query=…verifyResetCode(flowId:…, code:…)&variables=…`), which path redaction
 * cannot reach inside a string: only the path is logged.
 */
export const requestSerializer = (req: LoggedRequest) => ({
  method: req.method,
  url: req.url?.split('?')[0],
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

export const createLogger = (options: {
  level: string;
  pretty?: boolean;
  /** Where the lines go (stdout by default); tests pass a stream to read them. */
  destination?: DestinationStream;
}): Logger =>
  pino(
    {
      level: options.level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { service: 'resetline' },
      serializers: { req: requestSerializer },
    },
    options.destination,
  );
