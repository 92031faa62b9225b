import { parseArgs } from 'node:util';
import { tiers, type Tier } from '@resetline/domain';
import type { BootstrapInput } from './bootstrapTenant.js';

export const USAGE = `Usage: npm run tenant -- create --id <tenant-id> --name <name> --tier <free|basic|premium> --admin <username> [--language en|nl]

Creates the tenant and its first global administrator, and prints a one-time temporary password
(shown once; it must be changed at the first sign-in).`;

/** A wrong command line; the message says what to fix. */
export class UsageError extends Error {}

const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const parseTenantArgs = (argv: readonly string[]): BootstrapInput => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        id: { type: 'string' },
        name: { type: 'string' },
        tier: { type: 'string' },
        admin: { type: 'string' },
        language: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals[0] !== 'create' || positionals.length !== 1) {
    throw new UsageError(
      `Unknown command "${positionals.join(' ')}": the only command is "create"`,
    );
  }
  const missing = (['id', 'name', 'tier', 'admin'] as const).filter((k) => !values[k]?.trim());
  if (missing.length > 0)
    throw new UsageError(`Missing ${missing.map((m) => `--${m}`).join(', ')}`);
  const tenantId = values.id!.trim();
  if (!TENANT_ID.test(tenantId)) {
    throw new UsageError(
      `--id "${tenantId}" is not a tenant id: lowercase letters, digits and dashes, at most 63, starting with a letter or digit`,
    );
  }
  const tier = values.tier!.trim();
  if (!(tiers as readonly string[]).includes(tier)) {
    throw new UsageError(`--tier "${tier}" is not a tier: use one of ${tiers.join(', ')}`);
  }
  const language = values.language?.trim();
  if (language !== undefined && language !== 'en' && language !== 'nl') {
    throw new UsageError(`--language "${language}" is not supported: use en or nl`);
  }
  return {
    tenantId,
    name: values.name!.trim(),
    tier: tier as Tier,
    adminUsername: values.admin!.trim(),
    language,
  };
};
