export * from './user.js';
export * from './businessLogic.js';
export { assertUserInTenant, loadUserInTenant, resolveActingAdmin } from './acting.js';
export * from './service.js';
export * from './usernameReservation.js';
