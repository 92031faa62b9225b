import type { DirectoryUser } from './findUser.js';
import type { DirectorySession } from './session.js';

/** How one kind of directory stores a password and a lockout. */
export interface DirectoryDialect {
  /** Attributes `unlock` needs to see on the user's entry. */
  readonly lockAttributes: readonly string[];
  setPassword(session: DirectorySession, user: DirectoryUser, newPassword: string): Promise<void>;
  unlock(session: DirectorySession, user: DirectoryUser): Promise<void>;
}
