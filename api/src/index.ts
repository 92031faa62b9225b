export { startResetline, type RunningResetline, type StartOptions } from './embedded.js';
export { buildResetlineSchema } from './schema.js';
export { limits } from './rateLimit/rateLimits.js';
