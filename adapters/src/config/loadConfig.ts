import type { z } from 'zod';
import { configDocs } from './configDocs.js';
import { envSchema } from './envSchema.js';
import type { Config } from './envSchema.js';

export type ConfigProblem = Readonly<{ variable: string; problem: string }>;

/** The environment is invalid; the message names every bad variable, never a secret's value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n` +
        problems.map(({ variable, problem }) => `  ${variable}: ${problem}`).join('\n'),
    );
  }
}

const order = new Map(configDocs.map((doc, index) => [doc.name, index]));
const sensitive = new Set(configDocs.filter((doc) => doc.sensitive).map((doc) => doc.name));
const MAX_ECHO_LENGTH = 80;

/**
 * Parses the environment (the composition root passes `process.env`; nothing else reads it).
 * Throws a ConfigError listing every problem at once.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => toProblem(issue, env))
    .sort((a, b) => (order.get(a.variable) ?? 99) - (order.get(b.variable) ?? 99));
  throw new ConfigError(problems);
}

function toProblem(
  issue: z.core.$ZodIssue,
  env: Readonly<Record<string, string | undefined>>,
): ConfigProblem {
  const variable = String(issue.path[0] ?? '(environment)');
  const value = env[variable];
  if (sensitive.has(variable) || value === undefined) return { variable, problem: issue.message };
  const echoed = value.length > MAX_ECHO_LENGTH ? `${value.slice(0, MAX_ECHO_LENGTH)}…` : value;
  return { variable, problem: `${issue.message} (got ${JSON.stringify(echoed)})` };
}
