export * from './businessLogic.js';
export * from './directoryWriteback.js';
export * from './newPassword.js';
export * from './service.js';
