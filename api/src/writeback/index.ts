import { WritebackResolver } from './writeback.resolver.js';

export { createWritebackFor, directoryConfigOf } from './directoryConfigs.js';
export { WritebackResolver };

/** Resolvers of the password writeback directory (configure, remove, test). */
export const writebackResolvers = [WritebackResolver] as const;
