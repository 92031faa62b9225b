import type { EventStore } from './eventStore.js';
import type {
  Clock,
  CodeHasher,
  DirectoryWriteback,
  PasswordHasher,
  Random,
  SecretBox,
  Totp,
} from './ports.js';

/** What the application services need, built once by each process's composition root. */
export type ServiceDeps = Readonly<{
  eventStore: EventStore;
  clock: Clock;
  random: Random;
  passwordHasher: PasswordHasher;
  codeHasher: CodeHasher;
  secretBox: SecretBox;
  totp: Totp;
  /** The tenant's directory for password writeback, when it has one configured. */
  writebackFor?: (tenantId: string) => Promise<DirectoryWriteback | undefined>;
}>;
