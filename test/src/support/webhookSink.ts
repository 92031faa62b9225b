import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedRequest = Readonly<{
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}>;

/** How the sink answers one request: a status code, or `hang` to never answer. */
export type WebhookReply = number | 'hang';

export type WebhookSink = Readonly<{
  url: string;
  requests: readonly ReceivedRequest[];
  /** Sets the answer to every following request (default 200). */
  replyWith(reply: WebhookReply | ((request: ReceivedRequest) => WebhookReply)): void;
  waitFor(count: number, timeoutMs?: number): Promise<readonly ReceivedRequest[]>;
  close(): Promise<void>;
}>;

/** A local HTTP server that keeps every request it gets, for webhook tests. */
export async function startWebhookSink(): Promise<WebhookSink> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let reply: (request: ReceivedRequest) => WebhookReply = () => 200;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      for (const wake of waiters) wake();
      const status = reply(request);
      if (status === 'hang') return;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ received: status < 300 }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/sms`,
    requests,
    replyWith(next) {
      reply = typeof next === 'function' ? next : () => next;
    },
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          cleanup();
          resolve(requests);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `Webhook sink got ${requests.length} of ${count} requests in ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
