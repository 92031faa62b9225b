import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Writes a benchmark's printed lines to `bench/results/<file>`, replacing the last run's. */
export const writeResults = (file: string, lines: readonly string[]): void => {
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.join('\n')}\n`);
};
