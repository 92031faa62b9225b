import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, NotificationChannel, Notifier, OutgoingMessage } from '@resetline/domain';

export type DevOutboxOptions = Readonly<{
  /** Where `outbox.jsonl` lives (created if missing). */
  directory: string;
  clock?: Clock;
}>;

export type OutboxMessage = OutgoingMessage & Readonly<{ id: string; storedAt: string }>;

export type OutboxQuery = Readonly<{ limit?: number; channel?: NotificationChannel; to?: string }>;

const systemClock: Clock = { now: () => new Date() };

/**
 * The embedded notifier: keeps every message in a JSON-lines file the console shows, instead
 * of sending it. It holds codes in clear, so the file is private to the service user, and the
 * outbox logs nothing.
 */
export class DevOutbox implements Notifier {
  readonly file: string;
  private readonly clock: Clock;
  private ready: Promise<unknown> | undefined;

  constructor(private readonly options: DevOutboxOptions) {
    this.file = join(options.directory, 'outbox.jsonl');
    this.clock = options.clock ?? systemClock;
  }

  async send(message: OutgoingMessage): Promise<{ id: string }> {
    const stored: OutboxMessage = {
      ...message,
      id: message.id ?? randomUUID(),
      storedAt: this.clock.now().toISOString(),
    };
    this.ready ??= mkdir(this.options.directory, { recursive: true, mode: 0o700 });
    await this.ready;
    // One appendFile per line: O_APPEND keeps concurrent senders from interleaving lines.
    await appendFile(this.file, `${JSON.stringify(stored)}\n`, { mode: 0o600 });
    return { id: stored.id };
  }

  /** Stored messages, newest first. */
  async list(query: OutboxQuery = {}): Promise<readonly OutboxMessage[]> {
    const messages = (await this.readAll())
      .filter((message) => !query.channel || message.channel === query.channel)
      .filter((message) => !query.to || message.to === query.to)
      .reverse();
    return query.limit === undefined ? messages : messages.slice(0, query.limit);
  }

  async close(): Promise<void> {}

  private async readAll(): Promise<OutboxMessage[]> {
    let content: string;
    try {
      content = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const messages: OutboxMessage[] = [];
    for (const line of content.split('\n')) {
      if (!line) continue;
      try {
        messages.push(JSON.parse(line) as OutboxMessage);
      } catch {
        // A line cut short by a crash mid-write: skip it rather than hide every other message.
      }
    }
    return messages;
  }
}
