import { deliveryChannels, methodKinds, phoneMethodSchema } from '@resetline/domain';
import { registerEnumType } from 'type-graphql';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

/** Kinds of security info, as the domain names them. */
export const SecurityInfoKind = enumOf(methodKinds);
registerEnumType(SecurityInfoKind, {
  name: 'SecurityInfoKind',
  description:
    'A kind of security info: email, mobilePhone, officePhone, authenticator, securityQuestions.',
});

export const PhoneKind = enumOf(phoneMethodSchema.options);
registerEnumType(PhoneKind, { name: 'PhoneKind', description: 'Office phones take calls only.' });

export const DeliveryChannel = enumOf(deliveryChannels);
registerEnumType(DeliveryChannel, { name: 'DeliveryChannel', description: 'How a code travels.' });

export const ResetPurpose = enumOf(['reset', 'unlock'] as const);
registerEnumType(ResetPurpose, {
  name: 'ResetPurpose',
  description: 'reset sets a new password; unlock only unlocks (where the policy allows it).',
});
