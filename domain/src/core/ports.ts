/** Time, injected so decisions are reproducible in tests. */
export interface Clock {
  now(): Date;
}

/** Randomness from a CSPRNG, injected for the same reason. */
export interface Random {
  /** A UUIDv7 for event ids. */
  uuidv7(): string;
  /** An opaque token of at least 128 bits, base64url, for flow ids and secrets. */
  token(bytes?: number): string;
  /** A string of `length` decimal digits, uniformly drawn (one-time codes). */
  digits(length: number): string;
  /** An integer in [0, max). */
  int(max: number): number;
}

/** Whose password a hash is: `hashForUser` binds its salt to this pair. */
export type PasswordOwner = Readonly<{ tenantId: string; userId: string }>;

/**
 * A fresh `hashForUser` result against a stored hash: `equal` and `different` are exact answers
 * (same salt and parameters); `incomparable` means another salt or other parameters, so only
 * `verify` can tell.
 */
export type HashComparison = 'equal' | 'different' | 'incomparable';

/** argon2id with OWASP parameters; the parameters live in the hash string. */
export interface PasswordHasher {
  /** With a random salt: security answers, temporary passwords, throwaway hashes. */
  hash(secret: string): Promise<string>;
  /**
   * With a salt derived from a server key and the owner, so the same secret for the same owner
   * gives the same string: one hash serves as the new password's hash AND as the probe for the
   * owner's password history (`compare`), instead of one `verify` per remembered hash.
   */
  hashForUser(secret: string, owner: PasswordOwner): Promise<string>;
  /** Constant-time where comparable; costs no hashing. */
  compare(fresh: string, stored: string): HashComparison;
  verify(hash: string, secret: string): Promise<boolean>;
  /** True when the hash was made with other parameters than the current ones. */
  needsRehash(hash: string): boolean;
}

/**
 * Keyed hashing (HMAC-SHA-256 with a server key kept outside the event store) for one-time
 * codes and remembered bad passwords. `purpose` separates the uses so one hash never matches
 * in another context.
 */
export interface CodeHasher {
  hash(purpose: string, value: string): string;
  verify(purpose: string, value: string, expected: string): boolean;
}

/** Authenticated encryption with a server key, for secrets that must be read back later. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** RFC 6238 authenticator codes. */
export interface Totp {
  generateSecret(): string;
  uri(secret: string, issuer: string, account: string): string;
  /** True when `code` is valid for `secret` at `now`, allowing one step of drift. */
  verify(secret: string, code: string, now: Date): boolean;
  /**
   * The RFC 6238 time step (`floor(unix seconds / period)`) whose code `code` is, within one
   * step of drift of `now`; null when it matches none. Callers record the step so a code is
   * accepted once (RFC 6238 §5.2, NIST SP 800-63B).
   */
  verifyStep(secret: string, code: string, now: Date): number | null;
}

/** A message to a person; filled by the workers issue. */
export type NotificationChannel = 'email' | 'sms' | 'voice';
export type OutgoingMessage = Readonly<{
  channel: NotificationChannel;
  to: string;
  subject?: string;
  text: string;
  html?: string;
  /** Idempotency key passed to the transport (the job id), so a provider can drop repeats. */
  id?: string;
  /** BCP 47 tag of the text (`en`, `nl`): the voice channel picks its speech from it. */
  language?: string;
}>;
export interface Notifier {
  send(message: OutgoingMessage): Promise<{ id: string }>;
}

/** Wait between attempts: `fixed` waits `delayMs` each time, `exponential` `delayMs * 2^(n-1)`. */
export type JobBackoff = Readonly<{ type: 'fixed' | 'exponential'; delayMs: number }>;
/**
 * `jobId` makes enqueue idempotent: a second enqueue with an id the queue still knows (waiting,
 * delayed, active, completed within the retention window, or failed) is a no-op. `attempts`
 * counts the first run (default 1).
 */
export type JobOptions = Readonly<{
  jobId: string;
  delayMs?: number;
  attempts?: number;
  backoff?: JobBackoff;
}>;
export type JobPayload = Readonly<Record<string, unknown>>;
/** What a handler learns about the job it runs; `attempt` starts at 1. */
export type JobContext = Readonly<{ id: string; name: string; attempt: number; attempts: number }>;
/** Resolve to complete; throw to retry, or throw an unrecoverable error to fail at once. */
export type JobHandler = (payload: JobPayload, job: JobContext) => Promise<void>;
export type JobProcessOptions = Readonly<{ concurrency?: number }>;
export type FailedJob = Readonly<{
  id: string;
  name: string;
  payload: JobPayload;
  attemptsMade: number;
  failedReason: string;
  failedAt: Date;
}>;
export type JobCounts = Readonly<{
  waiting: number;
  delayed: number;
  active: number;
  completed: number;
  failed: number;
}>;
/**
 * Background jobs with retries; job id = the source event id, so replays never run twice.
 * `name` is a queue: each name has its own jobs, handler, counts and failed set.
 */
export interface JobQueue {
  enqueue(name: string, payload: JobPayload, options: JobOptions): Promise<void>;
  /** Starts consuming `name`; one handler per name and queue instance. */
  process(name: string, handler: JobHandler, options?: JobProcessOptions): Promise<void>;
  /** Failed jobs, most recently failed first. */
  listFailed(name: string, limit?: number): Promise<readonly FailedJob[]>;
  /** Moves failed jobs back to waiting with fresh attempts: one id, or all. Returns how many. */
  retryFailed(name: string, jobId?: string): Promise<number>;
  counts(name: string): Promise<JobCounts>;
  /** Stops taking jobs, waits for the running ones, releases connections and timers. */
  close(): Promise<void>;
}

/** Writes a new password or an unlock to an on-premises directory, synchronously. */
export type WritebackTarget = Readonly<{ tenantId: string; username: string; source: 'synced' | 'federated' }>;
/** An admin's connection test: `reason` is the failure reason (`DirectoryBindFailed`...). */
export type DirectoryConnectionCheck = Readonly<
  { ok: true } | { ok: false; reason: string; message: string }
>;
/**
 * A refusal throws a ResetlineError whose `reason` says why (`DirectoryPolicyRefused`,
 * `DirectoryUnreachable`, `DirectoryTimeout`, ...): the command then fails and changes nothing.
 */
export interface DirectoryWriteback {
  setPassword(target: WritebackTarget, newPassword: string): Promise<void>;
  unlock(target: WritebackTarget): Promise<void>;
  /** Binds and reads the base DN; resolves with the outcome instead of throwing. */
  testConnection(tenantId: string): Promise<DirectoryConnectionCheck>;
}
