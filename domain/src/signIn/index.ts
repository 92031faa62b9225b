export * from './accounts.js';
export * from './businessLogic.js';
export * from './credentialState.js';
export * from './lockout.js';
export * from './passwordCheck.js';
export * from './service.js';
