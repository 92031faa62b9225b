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

/** argon2id with OWASP parameters; the parameters live in the hash string. */
export interface PasswordHasher {
  hash(secret: string): Promise<string>;
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
}

/** A message to a person; filled by the workers issue. */
export type NotificationChannel = 'email' | 'sms' | 'voice';
export type OutgoingMessage = Readonly<{
  channel: NotificationChannel;
  to: string;
  subject?: string;
  text: string;
  html?: string;
}>;
export interface Notifier {
  send(message: OutgoingMessage): Promise<{ id: string }>;
}

/** Background jobs with retries; job id = the source event id. Filled by the workers issue. */
export type JobOptions = Readonly<{ jobId: string; delayMs?: number; attempts?: number }>;
export interface JobQueue {
  enqueue(name: string, payload: Readonly<Record<string, unknown>>, options: JobOptions): Promise<void>;
  close(): Promise<void>;
}

/** Writes a new password or an unlock to an on-premises directory, synchronously. */
export type WritebackTarget = Readonly<{ tenantId: string; username: string; source: 'synced' | 'federated' }>;
export interface DirectoryWriteback {
  setPassword(target: WritebackTarget, newPassword: string): Promise<void>;
  unlock(target: WritebackTarget): Promise<void>;
}
