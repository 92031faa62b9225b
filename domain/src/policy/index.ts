export * from './lockoutPolicy.js';
export * from './ssprPolicy.js';
export * from './tier.js';
