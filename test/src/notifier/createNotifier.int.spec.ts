import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier } from '@resetline/adapters';
import { startSmtpSink } from '../support/smtpSink.js';
import type { SmtpSink } from '../support/smtpSink.js';
import { startWebhookSink } from '../support/webhookSink.js';
import type { WebhookSink } from '../support/webhookSink.js';

const email = { channel: 'email', to: 'jan@contoso.example', subject: 'Hi', text: 'mail' } as const;
const sms = { channel: 'sms', to: '+31612345678', text: 'sms' } as const;
const voice = { channel: 'voice', to: '+31612345678', text: 'call' } as const;

describe('createNotifier', () => {
  let directory: string;
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'resetline-notifier-'));
    smtp = await startSmtpSink();
    webhook = await startWebhookSink();
  });
  afterAll(async () => {
    await smtp.close();
    await webhook.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps every channel in the dev outbox when no transport is configured', async () => {
    const notifier = createNotifier({ outboxDirectory: join(directory, 'only-outbox') });
    for (const message of [email, sms, voice]) await notifier.send(message);
    expect(notifier.routes).toEqual({
      email: 'dev-outbox',
      sms: 'dev-outbox',
      voice: 'dev-outbox',
    });
    expect((await notifier.outbox?.list())?.map((m) => m.text)).toEqual(['call', 'sms', 'mail']);
    await notifier.close();
  });

  it('sends e-mail by SMTP and sms and voice by the webhook when both are configured', async () => {
    const notifier = createNotifier({
      smtp: { url: smtp.url, from: 'no-reply@resetline.example' },
      smsWebhook: { url: webhook.url, secret: 'whsec-0123456789abcdef' },
    });
    for (const message of [email, sms, voice]) await notifier.send(message);
    expect(notifier.routes).toEqual({ email: 'smtp', sms: 'sms-webhook', voice: 'sms-webhook' });
    expect(notifier.outbox).toBeUndefined();
    expect((await smtp.waitFor(1)).map((m) => m.text)).toEqual(['mail']);
    const requests = await webhook.waitFor(2);
    expect(requests.map((r) => JSON.parse(r.body).channel)).toEqual(['sms', 'voice']);
    await notifier.close();
  });

  it('falls back to the outbox only for the channel without a transport', async () => {
    const notifier = createNotifier({
      smtp: { url: smtp.url, from: 'no-reply@resetline.example' },
      outboxDirectory: join(directory, 'phone-outbox'),
    });
    await notifier.send(sms);
    expect(notifier.routes).toEqual({ email: 'smtp', sms: 'dev-outbox', voice: 'dev-outbox' });
    expect((await notifier.outbox?.list())?.map((m) => m.channel)).toEqual(['sms']);
    await notifier.close();
  });

  it('names what is missing when a channel has neither a transport nor an outbox', () => {
    expect(() => createNotifier({ smtp: { url: smtp.url, from: 'x@y.example' } })).toThrow(
      /SMS_WEBHOOK_URL/,
    );
  });
});
