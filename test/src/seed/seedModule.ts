// The generator lives in the bench workspace, which this package does not depend on and whose
// exports do not reach src/seed; it is loaded from its sources at run time, typed by the shapes
// below (the subset the suite uses).

export type SeedSummary = Readonly<{
  seed: number;
  tenants: number;
  users: number;
  events: number;
  byType: Readonly<Record<string, number>>;
  byTenant: Readonly<
    Record<
      string,
      Readonly<{
        tier: string;
        users: number;
        events: number;
        byType: Readonly<Record<string, number>>;
      }>
    >
  >;
}>;

export type SeedRunOptions = Readonly<{
  tenants: number;
  users: number;
  events: number;
  seed: number;
  days: number;
  start: Date;
  dataDir: string;
  append: boolean;
  collectSecrets?: boolean;
}>;

export type SeedModule = Readonly<{
  runSeed: (options: SeedRunOptions) => Promise<{
    summary: SeedSummary;
    secrets?: Readonly<{ clearValues: readonly string[]; codes: readonly string[] }>;
  }>;
  parseSeedArgs: (
    argv: readonly string[],
    env?: Record<string, string | undefined>,
  ) => Record<string, unknown>;
  seedKey: (seed: number, label: 'codeHmacKey' | 'secretBoxKey') => Buffer;
  SUMMARY_FILE: string;
  SeedError: new (message: string) => Error;
  ArgsError: new (message: string) => Error;
}>;

export const seedSources = new URL('../../../bench/src/seed/', import.meta.url);

export const loadSeedModule = async (): Promise<SeedModule> =>
  (await import(new URL('index.ts', seedSources).href)) as SeedModule;
