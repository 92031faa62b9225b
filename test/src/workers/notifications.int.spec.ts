import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '@resetline/adapters';
import { notificationStreamId, userStreamId } from '@resetline/domain';
import { CheckpointStore, DISPATCHER_CHECKPOINT } from '@resetline/workers';
import { join } from 'node:path';
import { rawJobData, startHarness, WEBHOOK_SECRET, type Harness } from './harness.js';

describe('workers: dispatcher → BullMQ → notifiers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('mails the sealed reset code exactly once, even when the dispatcher replays from 0', async () => {
    await h.seed.tenant('en');
    const userId = await h.seed.user({ email: 'jan@contoso.example' });
    const { code, eventId } = await h.seed.resetCode(userId, {
      channel: 'email',
      to: 'jan@contoso.example',
      masked: 'j***@contoso.example',
    });

    const [mail] = await h.smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['jan@contoso.example']);
    expect(mail?.headers.get('x-resetline-message-id')).toBe(eventId);
    expect(mail?.text).toContain(code);
    expect(mail?.html).toContain(code);
    expect(mail?.subject).toBe('Your Contoso <IT> verification code');
    expect(mail?.html).toContain('Contoso &lt;IT&gt;');
    expect(mail?.html).toContain('#aa3300');
    expect(mail?.text).toContain('https://help.contoso.example/sspr');
    await h.settle();

    // Replay everything: the same job ids reach the queue again and are dropped.
    await h.workers().stop();
    const checkpoints = new CheckpointStore(join(h.dir, 'dispatcher.sqlite'));
    checkpoints.commit(DISPATCHER_CHECKPOINT, 0);
    checkpoints.close();
    await h.restart();
    await h.settle();
    expect(h.workers().dispatcher?.position).toBe(await h.store.headPosition());
    expect(h.smtp.messages).toHaveLength(1);

    const outcomes = await h.store.readStream(notificationStreamId(userId));
    expect(outcomes.map((e) => [e.type, e.data])).toEqual([
      [
        'NotificationSent',
        {
          sourceEventId: eventId,
          template: 'resetCode',
          channel: 'email',
          maskedTo: 'j***@contoso.example',
          language: 'en',
        },
      ],
    ]);
    expect(outcomes[0]?.metadata.causationId).toBe(eventId);
  });

  it('keeps the code out of Redis: job payloads carry only the sealed value', async () => {
    await h.seed.tenant('en');
    const userId = await h.seed.user({ email: 'jan@contoso.example' });
    const sent = await h.seed.resetCode(userId, {
      channel: 'email',
      to: 'jan@contoso.example',
      masked: 'j***@contoso.example',
    });
    await h.smtp.waitFor(1);
    await h.settle();

    const payloads = await rawJobData(h.redis, h.prefix);
    // The code job, the re-confirmation reminder of the e-mail address, the tenant's digest and
    // the reset flow's expiry.
    expect(payloads).toHaveLength(4);
    for (const data of payloads) expect(data).not.toContain(sent.code);
    const codeJob = payloads.find((data) => data.includes('sealedCode')) as string;
    const payload = JSON.parse(codeJob) as { sealedCode: string };
    expect(h.secretBox.open(payload.sealedCode)).toBe(sent.code);
  });

  it('texts a Dutch user in Dutch through the signed SMS webhook', async () => {
    await h.seed.tenant('en');
    const userId = await h.seed.user({ language: 'nl', phone: '+31612345678' });
    const { code } = await h.seed.resetCode(userId, {
      channel: 'sms',
      to: '+31612345678',
      masked: '+31 6*****78',
    });

    const [request] = await h.webhook.waitFor(1);
    const body = JSON.parse(request?.body ?? '{}') as Record<string, string>;
    expect(body['to']).toBe('+31612345678');
    expect(body['language']).toBe('nl');
    expect(body['text']).toContain(`uw code om uw wachtwoord opnieuw in te stellen is ${code}`);
    expect(
      verifyWebhookSignature({
        secret: WEBHOOK_SECRET,
        timestamp: String(request?.headers[TIMESTAMP_HEADER.toLowerCase()]),
        body: request?.body ?? '',
        signature: String(request?.headers[SIGNATURE_HEADER.toLowerCase()]),
        nowSeconds: Math.floor(Date.now() / 1000),
      }),
    ).toBe(true);
  });

  it('tells the user on every registered address after a reset, without any code', async () => {
    await h.seed.tenant('en');
    const userId = await h.seed.user({ email: 'jan@contoso.example', phone: '+31612345678' });
    const { code } = await h.seed.resetCode(userId, {
      channel: 'email',
      to: 'jan@contoso.example',
      masked: 'j***@contoso.example',
    });
    await h.smtp.waitFor(1);
    await h.seed.append(userStreamId(userId), 'PasswordReset', {
      hash: '$argon2id$x',
      flowId: 'f1',
    });

    const mails = await h.smtp.waitFor(2);
    const [sms] = await h.webhook.waitFor(1);
    const notice = mails[1];
    expect(notice?.subject).toBe('Your Contoso <IT> password was reset');
    expect(notice?.text).toContain('contact your helpdesk');
    expect(sms?.body).toContain('was reset');
    for (const message of [notice?.text, notice?.html, notice?.subject, sms?.body]) {
      expect(message).not.toContain(code);
      expect(message).not.toMatch(/\b\d{6,8}\b/);
    }
    await h.settle();
    const outcomes = await h.store.readStream(notificationStreamId(userId));
    expect(
      outcomes.map((e) => `${e.type}:${e.data['template']}:${e.data['channel']}`).sort(),
    ).toEqual([
      'NotificationSent:passwordReset:email',
      'NotificationSent:passwordReset:sms',
      'NotificationSent:resetCode:email',
    ]);
  });

  it('tells the other admins, and only them, when an admin password is reset by an admin', async () => {
    await h.seed.tenant('nl');
    const subject = await h.seed.user({
      roles: ['globalAdmin'],
      email: 'boss@contoso.example',
      displayName: 'Baas',
    });
    await h.seed.user({ roles: ['passwordAdmin'], email: 'help@contoso.example', language: 'nl' });
    await h.seed.user({ roles: ['user'], email: 'plain@contoso.example' });
    await h.seed.append(
      userStreamId(subject),
      'PasswordResetByAdmin',
      { temporary: false, mustChangeAtNextSignIn: true },
      'admin-1',
    );

    await h.smtp.waitFor(2);
    await h.settle();
    const byRecipient = new Map(h.smtp.messages.map((m) => [m.envelopeTo[0], m]));
    expect([...byRecipient.keys()].sort()).toEqual([
      'boss@contoso.example',
      'help@contoso.example',
    ]);
    expect(byRecipient.get('help@contoso.example')?.subject).toBe(
      'Het wachtwoord van beheerder Baas is opnieuw ingesteld',
    );
    expect(byRecipient.get('boss@contoso.example')?.subject).toBe(
      'An administrator reset your Contoso <IT> password',
    );
  });

  it('sends an admin-requested reset an invitation to the portal reset page', async () => {
    await h.seed.tenant('en');
    const userId = await h.seed.user({ email: 'jan@contoso.example' });
    await h.seed.append(userStreamId(userId), 'AdminResetRequested', {}, 'admin-1');
    const [mail] = await h.smtp.waitFor(1);
    expect(mail?.text).toContain(
      `https://sspr.contoso.example/reset?username=${encodeURIComponent(`${userId}@contoso.example`)}`,
    );
  });
});

describe('workers: permanent delivery failures', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      smtp: {
        refuseRecipient: (a) =>
          a.startsWith('gone@') ? { code: 550, message: 'No such user' } : undefined,
      },
    });
  });
  afterEach(() => h.close());

  it('records NotificationFailed once and fails the job without retrying', async () => {
    await h.seed.tenant('en');
    const userId = await h.seed.user({ email: 'gone@contoso.example' });
    const { eventId, code } = await h.seed.resetCode(userId, {
      channel: 'email',
      to: 'gone@contoso.example',
      masked: 'g***@contoso.example',
    });
    const deadline = Date.now() + 10_000;
    while ((await h.queue().counts('notifications')).failed === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [failed] = await h.queue().listFailed('notifications');
    expect(failed?.id).toBe(eventId);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).not.toContain(code);
    const outcomes = await h.store.readStream(notificationStreamId(userId));
    expect(outcomes.map((e) => [e.type, e.data['reason'], e.data['permanent']])).toEqual([
      ['NotificationFailed', 'SmtpRejected', true],
    ]);
    expect(h.smtp.messages).toHaveLength(0);
  });
});
