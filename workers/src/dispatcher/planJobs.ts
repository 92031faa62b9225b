import {
  isAdmin,
  type ActiveTenant,
  type ExistingUser,
  type NotificationTemplate,
  type RecordedEvent,
} from '@resetline/domain';
import { deliveryJob, type DeliveryJob, type PlannedJob } from '../notifications/deliveryJob.js';
import { contactsOf, type Contact } from '../notifications/contacts.js';
import { firstDigestJob } from '../schedules/weeklyDigest.js';
import { reminderJob } from '../schedules/reconfirmReminder.js';
import { resetExpiryJob } from '../schedules/resetExpiry.js';

/** What planning may look up; everything is as of the event, except the tenant's policy. */
export type PlanContext = Readonly<{
  now: Date;
  tenant(tenantId: string): Promise<ActiveTenant | undefined>;
  userAsOf(userId: string, position: number): Promise<ExistingUser | undefined>;
  flowUserId(flowId: string): Promise<string | null>;
  adminsOf(tenantId: string): readonly string[];
  /** Notices about events older than this are not sent (a replay of old history stays quiet). */
  maxNoticeAgeMs: number;
}>;

const USER_STREAM = /^user-(.+)$/;
const RESET_STREAM = /^reset-(.+)$/;

const userNotice: Readonly<Record<string, NotificationTemplate>> = {
  PasswordReset: 'passwordReset',
  PasswordChanged: 'passwordChanged',
  AccountUnlocked: 'accountUnlocked',
  PasswordResetByAdmin: 'passwordResetByAdmin',
};
const adminNoticeEvents = new Set(['PasswordReset', 'PasswordResetByAdmin', 'AdminResetRequested']);

/**
 * The jobs one stored event calls for. Job ids are the event id, with a suffix per recipient
 * when the event fans out; recipients come from state as of the event, so a replay plans the
 * same ids and the queue drops them.
 */
export async function planJobs(event: RecordedEvent, ctx: PlanContext): Promise<PlannedJob[]> {
  const base = {
    tenantId: event.metadata.tenantId,
    sourceEventId: event.id,
    correlationId: event.metadata.correlationId,
    occurredAt: event.occurredAt.toISOString(),
  };
  const data = event.data as Record<string, unknown>;
  const userId = USER_STREAM.exec(event.streamId)?.[1];

  if (event.type === 'ResetCodeSent') {
    const flowId = RESET_STREAM.exec(event.streamId)?.[1];
    const owner = flowId ? await ctx.flowUserId(flowId) : null;
    const user = owner ? await ctx.userAsOf(owner, event.position) : undefined;
    return codeJob(event, ctx, { ...base, template: 'resetCode' }, owner, user);
  }
  if (!userId) return [];
  if (event.type === 'SecurityInfoVerificationRequested') {
    const user = await ctx.userAsOf(userId, event.position);
    return codeJob(event, ctx, { ...base, template: 'registrationCode' }, userId, user);
  }
  if (event.type === 'SecurityInfoRegistered' || event.type === 'SecurityInfoReviewed') {
    const tenant = await ctx.tenant(base.tenantId);
    const days = tenant?.ssprPolicy.reconfirmAfterDays ?? 0;
    return days > 0 ? [reminderJob(event, userId, days, ctx.now)] : [];
  }
  if (event.type === 'UserProvisioned') return [];
  if (ctx.now.getTime() - event.occurredAt.getTime() > ctx.maxNoticeAgeMs) return [];

  const user = await ctx.userAsOf(userId, event.position);
  if (!user) return [];
  const tenant = await ctx.tenant(base.tenantId);
  const jobs: PlannedJob[] = [];
  const template = userNotice[event.type];
  const selfUnlockByReset = event.type === 'AccountUnlocked' && data['by'] === 'reset';
  if (template && !selfUnlockByReset && (tenant?.ssprPolicy.notifyUserOnReset ?? true)) {
    jobs.push(...fanOut(`${event.id}.u`, contactsOf(user), { ...base, template }, user));
  }
  if (event.type === 'AdminResetRequested') {
    const contacts = contactsOf(user, ['email', 'sms']);
    jobs.push(...fanOut(`${event.id}.u`, contacts, { ...base, template: 'resetInvitation' }, user));
  }
  if (
    adminNoticeEvents.has(event.type) &&
    isAdmin(user.roles) &&
    (tenant?.ssprPolicy.notifyAdminsOnAdminReset ?? true)
  ) {
    jobs.push(...(await adminJobs(event, ctx, base, user)));
  }
  return jobs;
}

/** A tenant's first weekly digest when it is created; a reset flow's expiry when it starts. */
export const planSchedules = (event: RecordedEvent, now: Date): PlannedJob[] => {
  if (event.type === 'TenantCreated') return [firstDigestJob(event.metadata.tenantId, now)];
  const expiry = resetExpiryJob(event, now);
  return expiry ? [expiry] : [];
};

type Base = Pick<DeliveryJob, 'tenantId' | 'sourceEventId' | 'correlationId' | 'occurredAt'> &
  Readonly<{ template: NotificationTemplate }>;

function codeJob(
  event: RecordedEvent,
  ctx: PlanContext,
  base: Base,
  recipientUserId: string | null,
  user: ExistingUser | undefined,
): PlannedJob[] {
  const d = event.data as {
    target: string;
    maskedTarget: string;
    channel: Contact['channel'];
    sealedCode: string;
    expiresAt: string;
  };
  // An expired code is useless to its owner: a late replay must not send it.
  if (Date.parse(d.expiresAt) <= ctx.now.getTime()) return [];
  return [
    deliveryJob(event.id, {
      ...base,
      channel: d.channel,
      to: d.target,
      maskedTo: d.maskedTarget,
      sealedCode: d.sealedCode,
      expiresAt: d.expiresAt,
      ...(recipientUserId ? { recipientUserId } : {}),
      ...(user ? { language: user.language, username: user.username } : {}),
    }),
  ];
}

function fanOut(
  prefix: string,
  contacts: readonly Contact[],
  base: Base,
  user: ExistingUser,
  subject?: ExistingUser,
): PlannedJob[] {
  return contacts.map((contact, index) =>
    deliveryJob(`${prefix}${index}`, {
      ...base,
      ...contact,
      recipientUserId: user.userId,
      language: user.language,
      username: (subject ?? user).username,
      subjectName: (subject ?? user).displayName,
    }),
  );
}

async function adminJobs(
  event: RecordedEvent,
  ctx: PlanContext,
  base: Omit<Base, 'template'>,
  subject: ExistingUser,
): Promise<PlannedJob[]> {
  const jobs: PlannedJob[] = [];
  for (const adminId of ctx.adminsOf(base.tenantId)) {
    if (adminId === subject.userId) continue;
    const admin = await ctx.userAsOf(adminId, event.position);
    if (!admin || admin.status !== 'active') continue;
    const contacts = contactsOf(admin, ['email']);
    jobs.push(
      ...fanOut(
        `${event.id}.a-${adminId}-`,
        contacts,
        { ...base, template: 'adminPasswordReset' },
        admin,
        subject,
      ),
    );
  }
  return jobs;
}
