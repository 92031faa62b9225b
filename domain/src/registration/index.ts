export * from './businessLogic.js';
export * from './masking.js';
export * from './registrationStatus.js';
export * from './service.js';
export * from './authenticatorEnrolment.js';
