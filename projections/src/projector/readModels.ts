import { activityEventsProjection } from '../auditLog/activityEventsProjection.js';
import { auditLogProjection } from '../auditLog/auditLogProjection.js';
import { registrationStateProjection } from '../registrationState/registrationStateProjection.js';
import { resetFlowAttemptsProjection } from '../resetFlows/resetFlowAttemptsProjection.js';
import { resetFlowsProjection } from '../resetFlows/resetFlowsProjection.js';
import { tenantRetentionProjection } from '../retention/tenantRetentionProjection.js';
import { userProfilesProjection } from '../userProfiles/userProfilesProjection.js';
import type { Projection } from './projection.js';

/** Every read model the projector keeps. */
export const readModels: readonly Projection[] = [
  auditLogProjection,
  activityEventsProjection,
  resetFlowsProjection,
  resetFlowAttemptsProjection,
  registrationStateProjection,
  userProfilesProjection,
  tenantRetentionProjection,
];

export const findReadModel = (name: string): Projection => {
  const found = readModels.find((p) => p.name === name);
  if (!found) {
    throw new Error(
      `Unknown projection "${name}"; known: ${readModels.map((p) => p.name).join(', ')}`,
    );
  }
  return found;
};
