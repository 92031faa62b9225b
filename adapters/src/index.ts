export * from './config/index.js';
export * from './crypto/index.js';
export * from './eventStore/index.js';
export * from './jobQueue/index.js';
export * from './notifier/index.js';
export * from './writeback/index.js';
