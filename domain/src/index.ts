export * from './core/index.js';
export * from './events.js';
export * from './passwordReset/passwordReset.js';
export * from './policy/index.js';
export * from './tenant/tenant.js';
export * from './user/user.js';
