export { configDocs, type ConfigVariableDoc } from './configDocs.js';
export { DEV_SECRETS_FILE, ensureDevSecrets, type ConfigWithSecrets } from './devSecrets.js';
export {
  envSchema,
  LOG_LEVELS,
  NODE_ENVS,
  type Config,
  type LogLevel,
  type TrustProxy,
  type NodeEnv,
  type ServerSecrets,
} from './envSchema.js';
export { ConfigError, loadConfig, type ConfigProblem } from './loadConfig.js';
export { Redacted } from './redacted.js';
export { MIN_SECRET_BYTES } from './secretKey.js';
