import {
  CODE_VALIDITY_MS,
  type Clock,
  type JobContext,
  type JobHandler,
  type Language,
  type Notifier,
  type SecretBox,
} from '@resetline/domain';
import { NotificationDeliveryError, UnrecoverableJobError } from '@resetline/adapters';
import { deliveryJobSchema, type DeliveryJob } from './deliveryJob.js';
import type { DeliveryOutcomes } from './outcomes.js';
import { activityLabels, isCodeTemplate, renderMessage } from './templates/render.js';
import type { TenantDirectory } from './tenantDirectory.js';

export type DeliveryDeps = Readonly<{
  notifier: Notifier;
  secretBox: SecretBox;
  tenants: TenantDirectory;
  outcomes: DeliveryOutcomes;
  clock: Clock;
  /** PUBLIC_URL, without a trailing slash: links in messages point at the portal there. */
  publicUrl: string;
}>;

/**
 * Sends one message: opens the sealed code (only here, only now), renders the template in the
 * recipient's language with the tenant's branding, hands it to the notifier and records the
 * outcome. Refusals that will not change (bad address, 4xx from the gateway) fail at once;
 * transport trouble is thrown again so the queue retries with backoff.
 */
export const deliverNotification =
  (deps: DeliveryDeps): JobHandler =>
  async (payload, context) => {
    const parsed = deliveryJobSchema.safeParse(payload);
    if (!parsed.success) {
      throw new UnrecoverableJobError(`Notification job ${context.id} has an invalid payload`);
    }
    const job = parsed.data;
    if (await deps.outcomes.alreadySent(context.id, job)) return;
    const tenant = await deps.tenants.get(job.tenantId);
    const language: Language = job.language ?? tenant?.language ?? 'en';
    if (job.expiresAt && new Date(job.expiresAt) <= deps.clock.now()) {
      await fail(deps, context, job, 'CodeExpired', true);
      return;
    }
    const message = renderMessage({
      template: job.template,
      channel: job.channel,
      language,
      branding: {
        displayName: tenant?.branding.displayName ?? tenant?.name ?? 'Resetline',
        primaryColor: tenant?.branding.primaryColor,
        helpdeskUrl: tenant?.ssprPolicy.helpdesk.url,
        helpdeskEmail: tenant?.ssprPolicy.helpdesk.email,
      },
      params: paramsFor(deps, job, language),
    });
    try {
      await deps.notifier.send({
        channel: job.channel,
        to: job.to,
        ...message,
        id: context.id,
        language,
      });
    } catch (error) {
      const permanent = error instanceof NotificationDeliveryError && !error.retryable;
      const reason = error instanceof NotificationDeliveryError ? error.reason : 'SendFailed';
      if (permanent || context.attempt >= context.attempts) {
        await fail(deps, context, job, reason, permanent);
      }
      if (permanent) throw new UnrecoverableJobError(describe(error), { cause: error });
      throw error;
    }
    await deps.outcomes.record(context.id, job, {
      type: 'NotificationSent',
      data: {
        sourceEventId: job.sourceEventId,
        template: job.template,
        channel: job.channel,
        maskedTo: job.maskedTo,
        language,
      },
    });
  };

function paramsFor(deps: DeliveryDeps, job: DeliveryJob, language: Language) {
  const code =
    isCodeTemplate(job.template) && job.sealedCode
      ? deps.secretBox.open(job.sealedCode)
      : undefined;
  const validMinutes = job.expiresAt
    ? Math.max(1, Math.round((Date.parse(job.expiresAt) - Date.parse(job.occurredAt)) / 60_000))
    : CODE_VALIDITY_MS / 60_000;
  const labels = activityLabels(language);
  return {
    ...(code ? { code, validMinutes } : {}),
    ...(job.subjectName ? { subjectName: job.subjectName } : {}),
    ...(job.username ? { username: job.username } : {}),
    resetUrl: `${deps.publicUrl}/reset${job.username ? `?username=${encodeURIComponent(job.username)}` : ''}`,
    securityInfoUrl: `${deps.publicUrl}/register`,
    ...(job.digest
      ? {
          period: `${job.digest.from.slice(0, 10)} – ${job.digest.to.slice(0, 10)}`,
          counts: Object.entries(job.digest.counts).map(([key, count]) => ({
            label: labels[key] ?? key,
            count,
          })),
        }
      : {}),
  };
}

async function fail(
  deps: DeliveryDeps,
  context: JobContext,
  job: DeliveryJob,
  reason: string,
  permanent: boolean,
): Promise<void> {
  await deps.outcomes.record(context.id, job, {
    type: 'NotificationFailed',
    data: {
      sourceEventId: job.sourceEventId,
      template: job.template,
      channel: job.channel,
      maskedTo: job.maskedTo,
      reason,
      attempts: context.attempt,
      permanent,
    },
  });
}

// Delivery errors name the endpoint and the reply class, never the text that was sent.
const describe = (error: unknown): string =>
  error instanceof Error ? error.message : 'The notifier refused the message';
