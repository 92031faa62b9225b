import { z } from 'zod';
import {
  IllegalStateError,
  ValidationError,
  type CommandMetadata,
  type ServiceDeps,
} from '../core/index.js';
import { loadActiveTenant } from '../tenant/service.js';
import { parseInput } from '../tenant/parseInput.js';
import {
  assertMayRegisterAuthenticator,
  AUTHENTICATOR_ENROLMENT_MS,
  confirmAuthenticator,
} from './businessLogic.js';
import {
  runRegistration,
  signedInUserId,
  throwIfVerificationFailed,
  type SecurityInfoConfirmed,
} from './service.js';
import { loadUserInTenant } from '../user/acting.js';

/*
 * An authenticator is pending until its first code is confirmed. The pending secret is not
 * written to the event store: it travels back to the client sealed (AES-GCM, server key) in an
 * enrolment token bound to tenant, user and method, valid 10 minutes. An abandoned enrolment
 * leaves no secret behind, and the catalogue needs no extra event. Wrong codes are recorded as
 * SecurityInfoVerificationFailed events for the method id and counted from the stream.
 */

const enrolmentSchema = z.object({
  tenantId: z.string(),
  userId: z.string(),
  methodId: z.string(),
  secret: z.string(),
  expiresAt: z.iso.datetime(),
});
type Enrolment = z.infer<typeof enrolmentSchema>;

export type AuthenticatorEnrolment = Readonly<{
  methodId: string;
  /** Shown once, as a QR code, to the user who owns it; it holds the secret. */
  otpauthUri: string;
  /** Opaque; hand it back with the first code. */
  enrolmentToken: string;
  expiresAt: string;
}>;

export const handleRegisterAuthenticator = async (
  deps: ServiceDeps,
  metadata: CommandMetadata,
): Promise<AuthenticatorEnrolment> => {
  const userId = signedInUserId(metadata);
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const user = assertMayRegisterAuthenticator(
    (await loadUserInTenant(deps.eventStore, tenant.tenantId, userId)) ?? { status: 'none' },
    { tenant },
  );
  const secret = deps.totp.generateSecret();
  const enrolment: Enrolment = {
    tenantId: tenant.tenantId,
    userId,
    methodId: deps.random.uuidv7(),
    secret,
    expiresAt: new Date(metadata.now.getTime() + AUTHENTICATOR_ENROLMENT_MS).toISOString(),
  };
  return {
    methodId: enrolment.methodId,
    otpauthUri: deps.totp.uri(secret, tenant.branding.displayName, user.username),
    enrolmentToken: deps.secretBox.seal(JSON.stringify(enrolment)),
    expiresAt: enrolment.expiresAt,
  };
};

const invalidEnrolment = () =>
  new ValidationError('InvalidEnrolment', 'This authenticator enrolment is not valid: start again');

const openEnrolment = (deps: ServiceDeps, token: string, metadata: CommandMetadata): Enrolment => {
  let enrolment: Enrolment;
  try {
    enrolment = enrolmentSchema.parse(JSON.parse(deps.secretBox.open(token)));
  } catch {
    throw invalidEnrolment();
  }
  if (enrolment.tenantId !== metadata.tenantId || enrolment.userId !== signedInUserId(metadata))
    throw invalidEnrolment();
  if (metadata.now.getTime() > Date.parse(enrolment.expiresAt)) {
    throw new IllegalStateError(
      'EnrolmentExpired',
      'The authenticator enrolment has expired: start again',
    );
  }
  return enrolment;
};

export const confirmAuthenticatorSchema = z.object({
  enrolmentToken: z.string().min(1).max(2000),
  code: z.string().regex(/^\d{6}$/, 'a code of 6 digits'),
});

export const handleConfirmAuthenticator = async (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
): Promise<SecurityInfoConfirmed> => {
  const { enrolmentToken, code } = parseInput(
    confirmAuthenticatorSchema,
    input,
    'InvalidCode',
    'authenticator code',
  );
  const { methodId, secret } = openEnrolment(deps, enrolmentToken, metadata);
  const sealedTotpSecret = deps.secretBox.seal(secret);
  const totpStep = deps.totp.verifyStep(secret, code, metadata.now);
  const { newEvents } = await runRegistration(deps, metadata, (state, context, loaded) => {
    const failuresSoFar = loaded.events.filter(
      (e) => e.type === 'SecurityInfoVerificationFailed' && e.data['methodId'] === methodId,
    ).length;
    return confirmAuthenticator(
      {
        type: 'ConfirmAuthenticator',
        data: { methodId, sealedTotpSecret, totpStep, failuresSoFar },
        metadata,
      },
      state,
      context,
    );
  });
  throwIfVerificationFailed(newEvents);
  return {
    methodId,
    requirementMet: newEvents.some((e) => e.type === 'RequiredSecurityInfoRegistered'),
  };
};
