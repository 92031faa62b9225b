import { z } from 'zod';
import type { Command } from '../core/index.js';
import type { MethodKind } from '../policy/index.js';
import type { ActiveTenant } from '../tenant/tenant.js';

/** Entra: codes are valid 5 minutes; 5 wrong codes drop the verification (Kratos: 5). */
export const REGISTRATION_CODE_VALIDITY_MS = 5 * 60 * 1000;
export const MAX_REGISTRATION_CODE_FAILURES = 5;
export const EMAIL_CODE_DIGITS = 8;
export const PHONE_CODE_DIGITS = 6;
/** Time to scan the QR code and type the first authenticator code. */
export const AUTHENTICATOR_ENROLMENT_MS = 10 * 60 * 1000;

export const phoneMethodSchema = z.enum(['mobilePhone', 'officePhone']);
export const registerEmailSchema = z.object({ address: z.email().max(254) });
export const registerPhoneSchema = z.object({
  method: phoneMethodSchema,
  number: z.string().min(1).max(40),
  /** Defaults to SMS for a mobile phone and a call for an office phone. */
  channel: z.enum(['sms', 'voice']).optional(),
});
export const confirmCodeSchema = z.object({
  methodId: z.string().min(1).max(100),
  code: z.string().regex(/^\d{6,8}$/, 'a code of 6 to 8 digits'),
});

/** A code to deliver: only its keyed hash and its sealed form, never the code itself. */
type IssuedCode = Readonly<{ codeHash: string; sealedCode: string; expiresAt: string }>;

export type RegisterEmail = Command<
  'RegisterEmail',
  IssuedCode & { methodId: string; address: string }
>;
export type RegisterPhone = Command<
  'RegisterPhone',
  IssuedCode & {
    methodId: string;
    method: 'mobilePhone' | 'officePhone';
    number: string;
    channel: 'sms' | 'voice';
  }
>;
/** What a confirmation confirms: `confirmEmail` only an email, `confirmPhone` only a phone. */
export type ContactKind = 'email' | 'phone';
export const contactMethods: Readonly<Record<ContactKind, readonly MethodKind[]>> = {
  email: ['email'],
  phone: ['mobilePhone', 'officePhone'],
};
/**
 * `codeMatches` is the keyed-hash comparison the service made against the pending code;
 * `expected`, when given, is the only kind of contact this confirmation may confirm.
 */
export type ConfirmSecurityInfo = Command<
  'ConfirmSecurityInfo',
  { methodId: string; codeMatches: boolean; expected?: ContactKind | undefined }
>;
export type RegisterSecurityQuestions = Command<
  'RegisterSecurityQuestions',
  { methodId: string; questions: readonly Readonly<{ question: string; answerHash: string }>[] }
>;
/**
 * The enrolment was checked and opened by the service; `failuresSoFar` counts earlier wrong
 * codes. `totpStep` is the time step the code matched (null: wrong code): it is used up.
 */
export type ConfirmAuthenticator = Command<
  'ConfirmAuthenticator',
  { methodId: string; sealedTotpSecret: string; totpStep: number | null; failuresSoFar: number }
>;
export type ReviewSecurityInfo = Command<'ReviewSecurityInfo', Record<string, never>>;
export type RemoveSecurityInfo = Command<'RemoveSecurityInfo', { methodId: string }>;

export type RegistrationCommand =
  | RegisterEmail
  | RegisterPhone
  | ConfirmSecurityInfo
  | RegisterSecurityQuestions
  | ConfirmAuthenticator
  | ReviewSecurityInfo
  | RemoveSecurityInfo;

/** The tenant's tier and policy, loaded by the service. */
export type RegistrationContext = Readonly<{ tenant: Pick<ActiveTenant, 'tier' | 'ssprPolicy'> }>;
