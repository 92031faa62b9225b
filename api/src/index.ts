export { startResetline, type RunningResetline } from './embedded.js';
export { buildResetlineSchema } from './schema.js';
