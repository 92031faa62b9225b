import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NotificationDeliveryError,
  SmsWebhookNotifier,
  verifyWebhookSignature,
} from '@resetline/adapters';
import { startWebhookSink } from '../support/webhookSink.js';
import type { WebhookSink } from '../support/webhookSink.js';

const SECRET = 'whsec-test-0123456789abcdef0123456789';
const CODE = '731904';
const NOW = new Date('2026-03-02T10:00:00.000Z');
const smsMessage = {
  channel: 'sms',
  to: '+31612345678',
  text: `Your Contoso verification code is ${CODE}`,
  language: 'nl',
  id: 'evt-0192a1b2.sms',
} as const;

describe('SmsWebhookNotifier', () => {
  let sink: WebhookSink;
  let notifier: SmsWebhookNotifier;
  beforeEach(async () => {
    sink = await startWebhookSink();
    notifier = new SmsWebhookNotifier({
      url: sink.url,
      secret: SECRET,
      timeoutMs: 500,
      clock: { now: () => NOW },
    });
  });
  afterEach(() => sink.close());

  it('POSTs the documented JSON body, signed with HMAC-SHA256 over "<timestamp>.<body>"', async () => {
    const { id } = await notifier.send(smsMessage);
    const [request] = await sink.waitFor(1);
    expect(id).toBe('evt-0192a1b2.sms');
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      id: 'evt-0192a1b2.sms',
      channel: 'sms',
      to: '+31612345678',
      text: smsMessage.text,
      language: 'nl',
    });
    const timestamp = request?.headers['x-resetline-timestamp'];
    expect(timestamp).toBe(String(NOW.getTime() / 1000));
    const expected = createHmac('sha256', SECRET)
      .update(`${timestamp}.${request?.body}`)
      .digest('hex');
    expect(request?.headers['x-resetline-signature']).toBe(`v1=${expected}`);
  });

  it('signs so that verifyWebhookSignature accepts it, and refuses a tampered body or a stale timestamp', async () => {
    await notifier.send({ ...smsMessage, channel: 'voice' });
    const [request] = await sink.waitFor(1);
    const signed = {
      secret: SECRET,
      timestamp: String(request?.headers['x-resetline-timestamp']),
      body: request?.body ?? '',
      signature: String(request?.headers['x-resetline-signature']),
      nowSeconds: NOW.getTime() / 1000 + 60,
    };
    expect(JSON.parse(signed.body).channel).toBe('voice');
    expect(verifyWebhookSignature(signed)).toBe(true);
    expect(verifyWebhookSignature({ ...signed, body: signed.body.replace(CODE, '000000') })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ ...signed, secret: 'another-secret' })).toBe(false);
    expect(verifyWebhookSignature({ ...signed, nowSeconds: signed.nowSeconds + 600 })).toBe(false);
  });

  describe('when the gateway does not take the message', () => {
    const failure = async () => {
      const error = await notifier.send(smsMessage).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(error).toBeInstanceOf(NotificationDeliveryError);
      const delivery = error as NotificationDeliveryError;
      expect(delivery.message).not.toContain(CODE);
      expect(delivery.message).not.toContain(SECRET);
      return delivery;
    };

    it('retries on a 5xx answer', async () => {
      sink.replyWith(500);
      expect(await failure()).toMatchObject({
        reason: 'WebhookFailed',
        retryable: true,
        channel: 'sms',
      });
    });

    it('fails for good on a 4xx answer', async () => {
      sink.replyWith(400);
      const error = await failure();
      expect(error).toMatchObject({ reason: 'WebhookRejected', retryable: false });
      expect(error.message).toContain('400');
    });

    it('retries on 429, which asks to come back later', async () => {
      sink.replyWith(429);
      expect(await failure()).toMatchObject({ reason: 'WebhookFailed', retryable: true });
    });

    it('retries when the gateway does not answer in time', async () => {
      sink.replyWith('hang');
      expect(await failure()).toMatchObject({ reason: 'WebhookTimeout', retryable: true });
    });

    it('retries when the gateway is down', async () => {
      await sink.close();
      expect(await failure()).toMatchObject({ reason: 'WebhookUnreachable', retryable: true });
    });

    it('refuses e-mail messages', async () => {
      const error = await notifier
        .send({ channel: 'email', to: 'a@b.example', subject: 's', text: 't' })
        .catch((error: unknown) => error);
      expect(error).toMatchObject({ reason: 'ChannelNotSupported', retryable: false });
      expect(sink.requests).toHaveLength(0);
    });
  });
});
