import { ResetlineError } from '@resetline/domain';
import { JobQueueUnavailableError } from './errors.js';

/** `host:port/db` of a Redis URL, without the credentials, for error messages. */
export function redactRedisUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.hostname}:${url.port || '6379'}${url.pathname.length > 1 ? url.pathname : ''}`;
  } catch {
    return 'an unparsable REDIS_URL';
  }
}

// ioredis reports a dead server as "Reached the max retries per request limit" or "Connection
// is closed."; the cause worth naming (ECONNREFUSED, NOAUTH...) is the last 'error' event.
export function describeRedisError(
  what: string,
  where: string,
  error: unknown,
  lastConnectionError: Error | undefined,
): Error {
  if (error instanceof ResetlineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const connectionTrouble =
    /max retries per request|connection is closed|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|NOAUTH|WRONGPASS/i.test(
      message,
    );
  const cause = connectionTrouble && lastConnectionError ? lastConnectionError.message : message;
  return new JobQueueUnavailableError(`Could not ${what}: Redis at ${where} failed (${cause})`, {
    cause: error,
  });
}
