import type { EventStore } from '@resetline/domain';
import type { DigestSource } from './weeklyDigest.js';

const activityOf: Readonly<Record<string, string>> = {
  PasswordReset: 'resetsSelfService',
  PasswordResetByAdmin: 'resetsByAdmin',
  PasswordChanged: 'changes',
  AccountUnlocked: 'unlocks',
  PasswordResetStarted: 'resetFlowsStarted',
  PasswordResetFailed: 'resetFlowsFailed',
  SecurityInfoRegistered: 'registrations',
  AccountLocked: 'lockouts',
  NotificationFailed: 'notificationsFailed',
};
const PAGE = 2000;

/**
 * Counts the week's activities straight from the event store. It scans the global log once per
 * tenant and week, which is fine for the embedded deployment; the ClickHouse rollups answer the
 * same question in constant time and replace this behind the DigestSource interface.
 */
export class EventStoreDigestSource implements DigestSource {
  constructor(private readonly eventStore: EventStore) {}

  async summarize(tenantId: string, from: Date, to: Date): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(
      [...new Set(Object.values(activityOf))].map((activity) => [activity, 0]),
    );
    for (let after = 0; ;) {
      const page = await this.eventStore.readAll({ after, maxCount: PAGE });
      for (const event of page) {
        const activity = activityOf[event.type];
        if (!activity || event.metadata.tenantId !== tenantId) continue;
        if (event.occurredAt < from || event.occurredAt >= to) continue;
        counts[activity] = (counts[activity] ?? 0) + 1;
      }
      if (page.length < PAGE) return counts;
      after = page[page.length - 1]!.position;
    }
  }
}
