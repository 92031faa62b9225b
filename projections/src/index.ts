export * from './clickhouse/index.js';
export * from './projector/index.js';
export { auditLogProjection, toAuditRow } from './auditLog/auditLogProjection.js';
export { activityOf, services, type Activity, type Feature } from './auditLog/activityNames.js';
export { maskContact, redact } from './auditLog/redact.js';
export { outcomeOf, type Outcome } from './auditLog/outcome.js';
export { applyRetention, type RetentionSwept } from './retention/applyRetention.js';
export { tenantRetentionProjection } from './retention/tenantRetentionProjection.js';
export { resetFlowsProjection, type FlowOutcome } from './resetFlows/resetFlowsProjection.js';
export {
  registrationStateProjection,
  type RegistrationChange,
} from './registrationState/registrationStateProjection.js';
export {
  registeredMethodsAsOf,
  type RegisteredMethods,
} from './registrationState/registeredMethodsAsOf.js';
export { userProfilesProjection } from './userProfiles/userProfilesProjection.js';
export * from './reports/index.js';
