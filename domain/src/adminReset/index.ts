export * from './businessLogic.js';
export * from './service.js';
