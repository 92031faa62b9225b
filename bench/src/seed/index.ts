export { parseSeedArgs, ArgsError, USAGE, type SeedArgs } from './args.js';
export {
  minimumEvents,
  runSeed,
  SeedError,
  SUMMARY_FILE,
  type SeedOptions,
  type SeedResult,
} from './generator.js';
export { seedKey } from './seededCrypto.js';
export type { SeedSummary, TenantSummary } from './summary.js';
