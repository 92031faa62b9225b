export * from './tenant.js';
export * from './businessLogic.js';
export * from './directory.js';
export { parseInput } from './parseInput.js';
export { changedFields, mergePolicyPatch, type PolicyPatch } from './policyPatch.js';
export * from './service.js';
export * from './ssprCoverage.js';
