import { z } from 'zod';

/** The kinds of security info a user can register. Mobile phones deliver by SMS or voice. */
export const methodKinds = [
  'email',
  'mobilePhone',
  'officePhone',
  'authenticator',
  'securityQuestions',
] as const;
export type MethodKind = (typeof methodKinds)[number];
export const methodKindSchema = z.enum(methodKinds);

/** How a one-time code travels. */
export const deliveryChannels = ['email', 'sms', 'voice'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

export const ssprPolicySchema = z
  .object({
    /** Who may use self-service reset: nobody, members of selectedGroups, or everyone. */
    scope: z.enum(['none', 'selected', 'all']),
    selectedGroups: z.array(z.string().min(1).max(256)).max(100),
    allowedMethods: z.array(methodKindSchema).min(1),
    /** How many different methods a user must pass. Admins always need two. */
    gatesRequired: z.union([z.literal(1), z.literal(2)]),
    securityQuestions: z.object({
      toRegister: z.number().int().min(3).max(5),
      toAnswer: z.number().int().min(3).max(5),
      customQuestions: z.array(z.string().min(3).max(200)).max(20),
    }),
    requireRegistrationAtSignIn: z.boolean(),
    /** Days before users are asked to re-confirm their security info; 0 = never. */
    reconfirmAfterDays: z.number().int().min(0).max(730),
    notifyUserOnReset: z.boolean(),
    notifyAdminsOnAdminReset: z.boolean(),
    helpdesk: z.object({
      url: z.url().optional(),
      email: z.email().optional(),
    }),
    writebackEnabled: z.boolean(),
    allowUnlockWithoutReset: z.boolean(),
    /** Opt-in: admin resets issue a one-time temporary password instead of sending a reset. */
    adminTemporaryPassword: z.boolean(),
  })
  .refine((p) => p.securityQuestions.toAnswer <= p.securityQuestions.toRegister, {
    message: 'securityQuestions.toAnswer cannot exceed securityQuestions.toRegister',
    path: ['securityQuestions', 'toAnswer'],
  })
  .refine((p) => p.scope !== 'selected' || p.selectedGroups.length > 0, {
    message: 'scope "selected" needs at least one group in selectedGroups',
    path: ['selectedGroups'],
  })
  .refine((p) => p.gatesRequired === 1 || p.allowedMethods.length >= 2, {
    message: 'two gates need at least two allowed methods',
    path: ['allowedMethods'],
  });
export type SsprPolicy = z.infer<typeof ssprPolicySchema>;

/** Entra's defaults: self-service reset off until an admin scopes it. */
export const defaultSsprPolicy: SsprPolicy = {
  scope: 'none',
  selectedGroups: [],
  allowedMethods: ['email', 'mobilePhone'],
  gatesRequired: 1,
  securityQuestions: { toRegister: 3, toAnswer: 3, customQuestions: [] },
  requireRegistrationAtSignIn: true,
  reconfirmAfterDays: 180,
  notifyUserOnReset: true,
  notifyAdminsOnAdminReset: true,
  helpdesk: {},
  writebackEnabled: false,
  allowUnlockWithoutReset: false,
  adminTemporaryPassword: false,
};
