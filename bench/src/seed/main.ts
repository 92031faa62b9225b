import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { ArgsError, parseSeedArgs, USAGE } from './args.js';
import { runSeed, SeedError, SUMMARY_FILE } from './generator.js';
import { formatSummary } from './report.js';

// `npm run seed`: a synthetic, deterministic workload through the real deciders and event store.

const progressReporter = (quiet: boolean) => {
  if (quiet) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format:
          'seed [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
        etaBuffer: 50,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const startedAt = performance.now();
    let started = false;
    return {
      update: (written: number, total: number) => {
        if (!started) bar.start(total, 0, { rate: 0 });
        started = true;
        const seconds = (performance.now() - startedAt) / 1000;
        bar.update(written, {
          rate: Math.round(written / Math.max(seconds, 0.001)).toLocaleString('en-US'),
        });
      },
      stop: () => bar.stop(),
    };
  }
  // Not a terminal (CI, a log file): one line per tenth instead of a redrawn bar.
  let nextTenth = 1;
  const startedAt = performance.now();
  return {
    update: (written: number, total: number) => {
      if (written < (total * nextTenth) / 10) return;
      nextTenth = Math.floor((written * 10) / total) + 1;
      const seconds = (performance.now() - startedAt) / 1000;
      const rate = written / Math.max(seconds, 0.001);
      const eta = (total - written) / Math.max(rate, 1);
      console.error(
        `seed ${Math.floor((written * 100) / total)}% ${written}/${total} events, ${Math.round(rate)} events/s, ETA ${Math.round(eta)} s`,
      );
    },
    stop: () => {},
  };
};

const main = async (): Promise<void> => {
  const args = parseSeedArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  console.log(
    `seed: ${args.tenants} tenants, ${args.users} users, ${args.events} events over ${args.days} days from ${args.start.toISOString()}, seed ${args.seed}, into ${args.eventStoreUrl ?? args.dataDir}`,
  );
  console.log(
    'seed: password and security-answer hashes are real argon2id, computed once for a small pool and reused (hashing per event would take hours)',
  );
  const progress = progressReporter(args.quiet);
  const { summary } = await runSeed({ ...args, onProgress: progress.update });
  progress.stop();
  console.log(formatSummary(summary));
  console.log(`seed: summary written to ${join(args.dataDir, SUMMARY_FILE)}`);
};

main().catch((error: unknown) => {
  if (error instanceof ArgsError || error instanceof SeedError) {
    console.error(`seed: ${error.message}`);
    if (error instanceof ArgsError) console.error(`\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
