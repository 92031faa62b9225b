import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoCredentials } from './demoData.js';

const FILE = 'demo-admin.json';

/**
 * The demo admin's sign-in, kept (mode 0600) in the data directory so `npm start` can show it
 * again after the first run. Only the demo tenant has such a file, and production never seeds it.
 */
export const rememberDemoCredentials = (dataDir: string, credentials: DemoCredentials): void => {
  const path = join(dataDir, FILE);
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
};

export const recallDemoCredentials = (dataDir: string): DemoCredentials | null => {
  const path = join(dataDir, FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DemoCredentials) : null;
};
