import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotificationDeliveryError, SmtpNotifier } from '@resetline/adapters';
import { startSmtpSink } from '../support/smtpSink.js';
import type { SmtpSink, SmtpSinkOptions } from '../support/smtpSink.js';

const CODE = '48213377';
const codeMessage = {
  channel: 'email',
  to: 'jan@contoso.example',
  subject: 'Je verificatiecode – Contoso',
  text: `Je code is ${CODE}. Hij is 5 minuten geldig.`,
  html: `<p>Je code is <b>${CODE}</b>. Hij is 5 minuten geldig.</p>`,
  id: 'evt-0192a1b2',
} as const;

describe('SmtpNotifier', () => {
  let sink: SmtpSink | undefined;
  let notifier: SmtpNotifier | undefined;
  const start = async (options: SmtpSinkOptions = {}, url?: (sink: SmtpSink) => string) => {
    sink = await startSmtpSink(options);
    notifier = new SmtpNotifier({
      url: url ? url(sink) : sink.url,
      from: '"Resetline" <no-reply@resetline.example>',
    });
    return { sink, notifier };
  };
  afterEach(async () => {
    await notifier?.close();
    await sink?.close();
    sink = undefined;
    notifier = undefined;
  });

  it('delivers subject, text and html through a real SMTP conversation', async () => {
    const { sink, notifier } = await start();
    const { id } = await notifier.send(codeMessage);
    const [mail] = await sink.waitFor(1);
    expect(mail).toMatchObject({
      envelopeFrom: 'no-reply@resetline.example',
      envelopeTo: ['jan@contoso.example'],
      subject: 'Je verificatiecode – Contoso',
      text: codeMessage.text,
      html: codeMessage.html,
    });
    expect(mail?.headers.get('message-id')).toBe(id);
    expect(mail?.headers.get('x-resetline-message-id')).toBe('evt-0192a1b2');
  });

  it('logs in with the credentials of SMTP_URL', async () => {
    const { sink, notifier } = await start(
      { user: { name: 'relay', password: 's3cret-relay' } },
      (sink) => `smtp://relay:s3cret-relay@127.0.0.1:${sink.port}`,
    );
    await notifier.send(codeMessage);
    const [mail] = await sink.waitFor(1);
    expect(mail?.authUser).toBe('relay');
  });

  describe('when delivery fails', () => {
    const failure = async (send: Promise<unknown>) => {
      const error = await send.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(error).toBeInstanceOf(NotificationDeliveryError);
      const delivery = error as NotificationDeliveryError;
      expect(delivery.message).not.toContain(CODE);
      expect(delivery.message).not.toContain('jan@contoso.example');
      return delivery;
    };

    it('fails for good when the server refuses the recipient (5xx)', async () => {
      const { notifier } = await start({
        refuseRecipient: (to) => ({ code: 550, message: `5.1.1 <${to}> No such user` }),
      });
      const error = await failure(notifier.send(codeMessage));
      expect(error).toMatchObject({ channel: 'email', reason: 'SmtpRejected', retryable: false });
      expect(error.message).toContain('550');
    });

    it('retries when the server defers the recipient (4xx)', async () => {
      const { notifier } = await start({
        refuseRecipient: () => ({ code: 451, message: '4.7.1 Try again later' }),
      });
      const error = await failure(notifier.send(codeMessage));
      expect(error).toMatchObject({ reason: 'SmtpDeferred', retryable: true });
    });

    it('fails for good on wrong credentials, without echoing them', async () => {
      const { notifier } = await start(
        { user: { name: 'relay', password: 's3cret-relay' } },
        (sink) => `smtp://relay:wrong-pass@127.0.0.1:${sink.port}`,
      );
      const error = await failure(notifier.send(codeMessage));
      expect(error).toMatchObject({ reason: 'SmtpAuthFailed', retryable: false });
      expect(error.message).not.toContain('wrong-pass');
    });

    it('retries when nothing listens on the port', async () => {
      const port = await closedPort();
      notifier = new SmtpNotifier({ url: `smtp://127.0.0.1:${port}`, from: 'no-reply@x.example' });
      const error = await failure(notifier.send(codeMessage));
      expect(error).toMatchObject({ reason: 'SmtpUnreachable', retryable: true });
      expect(error.message).toContain(`127.0.0.1:${port}`);
    });

    it('refuses sms and voice messages', async () => {
      const { notifier } = await start();
      const error = await failure(notifier.send({ ...codeMessage, channel: 'sms' }));
      expect(error).toMatchObject({ reason: 'ChannelNotSupported', retryable: false });
    });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
