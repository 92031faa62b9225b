export * from './auditPolicy.js';
export * from './lockoutPolicy.js';
export * from './ssprPolicy.js';
export * from './tier.js';
