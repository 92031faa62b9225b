import nodemailer from 'nodemailer';
import type { NodemailerError, Transporter } from 'nodemailer';
import type { Notifier, OutgoingMessage } from '@resetline/domain';
import { NotificationDeliveryError, describeEndpoint } from './errors.js';

export type SmtpNotifierOptions = Readonly<{
  /** SMTP_URL: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://host:465`. */
  url: string;
  /** SMTP_FROM: `"Resetline" <no-reply@example.org>`. */
  from: string;
  /** Connections kept open to the relay (default 5); 0 opens one connection per message. */
  maxConnections?: number;
  /** Budget for connecting, the greeting and each idle wait (default 10 s). */
  timeoutMs?: number;
}>;

/** E-mail through an SMTP relay with nodemailer; errors are translated to delivery errors. */
export class SmtpNotifier implements Notifier {
  private readonly transport: Transporter;
  private readonly endpoint: string;

  constructor(private readonly options: SmtpNotifierOptions) {
    this.endpoint = describeEndpoint(options.url);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const maxConnections = options.maxConnections ?? 5;
    this.transport = nodemailer.createTransport({
      url: options.url,
      ...(maxConnections > 0 ? { pool: true, maxConnections } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // Templates are ours, but nothing in a message may make the worker read files or URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: OutgoingMessage): Promise<{ id: string }> {
    if (message.channel !== 'email') {
      throw new NotificationDeliveryError(
        message.channel,
        'ChannelNotSupported',
        false,
        `The SMTP notifier sends e-mail only, not ${message.channel}`,
      );
    }
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.id ? { headers: { 'X-Resetline-Message-Id': message.id } } : {}),
      });
      return { id: String(info.messageId) };
    } catch (error) {
      throw translateSmtpError(error as NodemailerError, this.endpoint);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

const UNREACHABLE = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY']);
const BAD_SETUP = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'EREQUIRETLS']);

// Permanent means the same message would be refused again, so retrying only delays the
// failed job an admin must look at. nodemailer 10 sets `permanent` from the SMTP reply class.
function translateSmtpError(error: NodemailerError, endpoint: string): NotificationDeliveryError {
  const code = error.code ?? '';
  const reply = describeReply(error);
  const fail = (reason: string, retryable: boolean, text: string) =>
    new NotificationDeliveryError('email', reason, retryable, text, { cause: error });
  if (BAD_SETUP.has(code)) {
    return fail(
      'SmtpAuthFailed',
      false,
      `SMTP server at ${endpoint} refused the login or the TLS setup${reply} (check SMTP_URL)`,
    );
  }
  if (code === 'ETIMEDOUT') {
    return fail('SmtpTimeout', true, `SMTP server at ${endpoint} did not answer in time`);
  }
  if (UNREACHABLE.has(code) && error.responseCode === undefined) {
    const cause = error.originalCode ? ` (${error.originalCode})` : '';
    return fail('SmtpUnreachable', true, `SMTP server at ${endpoint} is unreachable${cause}`);
  }
  if (error.permanent === true || (error.responseCode === undefined && code === 'EENVELOPE')) {
    return fail('SmtpRejected', false, `SMTP server at ${endpoint} rejected the message${reply}`);
  }
  if (error.permanent === false) {
    return fail('SmtpDeferred', true, `SMTP server at ${endpoint} deferred the message${reply}`);
  }
  return fail(
    'SmtpFailed',
    true,
    `Sending through SMTP server at ${endpoint} failed (${code || error.message})`,
  );
}

const ADDRESS = /[^\s<>"'@]+@[^\s<>"']+/g;

/** ` (550 on RCPT TO: 5.1.1 <address> unknown)`: reply code and text, addresses masked. */
function describeReply(error: NodemailerError): string {
  if (error.responseCode === undefined) return '';
  const command = error.command ? ` on ${error.command}` : '';
  const text = (error.response ?? '')
    .replace(/^\d{3}[ -]?/, '')
    .replace(ADDRESS, '***')
    .slice(0, 120);
  return ` (${error.responseCode}${command}${text ? `: ${text}` : ''})`;
}
