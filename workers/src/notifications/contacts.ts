import type { ExistingUser, NotificationChannel } from '@resetline/domain';

export type Contact = Readonly<{ channel: NotificationChannel; to: string; maskedTo: string }>;

/** Registered addresses a notice can reach: e-mail by mail, mobile by SMS, office phone by voice. */
export function contactsOf(
  user: ExistingUser,
  channels: readonly NotificationChannel[] = ['email', 'sms', 'voice'],
): readonly Contact[] {
  const contacts: Contact[] = [];
  for (const method of user.methods) {
    if (!method.target || !method.maskedTarget) continue;
    const channel =
      method.method === 'email'
        ? 'email'
        : method.method === 'mobilePhone'
          ? 'sms'
          : method.method === 'officePhone'
            ? 'voice'
            : undefined;
    if (channel && channels.includes(channel)) {
      contacts.push({ channel, to: method.target, maskedTo: method.maskedTarget });
    }
  }
  return contacts;
}
