import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail, type ReceivedMail } from '../support/smtpSink.js';

/**
 * A real SMTP server whose gate can hold every new message at RCPT TO: a sender is then stuck
 * mid-conversation, before the message is accepted, which is where a test kills it.
 */
export type GatedSmtpSink = Readonly<{
  url: string;
  messages: readonly Pick<ReceivedMail, 'envelopeTo' | 'headers' | 'text'>[];
  /** Senders waiting at the gate. */
  held(): number;
  close(): void;
  open(): void;
  waitFor(count: number, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}>;

export async function startGatedSmtpSink(): Promise<GatedSmtpSink> {
  const messages: Pick<ReceivedMail, 'envelopeTo' | 'headers' | 'text'>[] = [];
  let waiting: (() => void)[] = [];
  let gateOpen = true;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onRcptTo(_address, _session, callback) {
      if (gateOpen) return callback();
      waiting.push(() => callback());
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const parsed = parseMail(Buffer.concat(chunks).toString('utf8'));
        messages.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          headers: parsed.headers,
          text: parsed.text,
        });
        callback();
      });
    },
  });
  // A sender killed while held leaves a dead socket behind; that is the point, not an error.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    held: () => waiting.length,
    close: () => {
      gateOpen = false;
    },
    open: () => {
      gateOpen = true;
      const released = waiting;
      waiting = [];
      for (const release of released) release();
    },
    waitFor: async (count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `SMTP sink got ${messages.length} of ${count} messages in ${timeoutMs} ms`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
