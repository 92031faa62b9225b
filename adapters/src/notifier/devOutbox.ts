import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, NotificationChannel, Notifier, OutgoingMessage } from '@resetline/domain';

export type DevOutboxOptions = Readonly<{
  /** Where `outbox.jsonl` lives (created if missing). */
  directory: string;
  clock?: Clock;
  /**
   * Past this size `outbox.jsonl` becomes `outbox.previous.jsonl` (replacing the one before), so
   * the outbox, which holds codes in clear, keeps only recent messages (default 5 MiB).
   */
  maxBytes?: number;
}>;

export type OutboxMessage = OutgoingMessage & Readonly<{ id: string; storedAt: string }>;

export type OutboxQuery = Readonly<{ limit?: number; channel?: NotificationChannel; to?: string }>;

const systemClock: Clock = { now: () => new Date() };
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The embedded notifier: keeps every message in a JSON-lines file the console shows, instead
 * of sending it. It holds codes in clear, so the file is private to the service user, and the
 * outbox logs nothing.
 */
export class DevOutbox implements Notifier {
  readonly file: string;
  readonly previousFile: string;
  private readonly clock: Clock;
  private ready: Promise<unknown> | undefined;
  // Writes go one at a time, so a rotation never moves a file another write is appending to.
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DevOutboxOptions) {
    this.file = join(options.directory, 'outbox.jsonl');
    this.previousFile = join(options.directory, 'outbox.previous.jsonl');
    this.clock = options.clock ?? systemClock;
  }

  async send(message: OutgoingMessage): Promise<{ id: string }> {
    const stored: OutboxMessage = {
      ...message,
      id: message.id ?? randomUUID(),
      storedAt: this.clock.now().toISOString(),
    };
    const write = this.writes.then(() => this.append(`${JSON.stringify(stored)}\n`));
    this.writes = write.catch(() => {});
    await write;
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

  async close(): Promise<void> {
    await this.writes;
  }

  private async append(line: string): Promise<void> {
    this.ready ??= mkdir(this.options.directory, { recursive: true, mode: 0o700 });
    await this.ready;
    await appendFile(this.file, line, { mode: 0o600 });
    const { size } = await stat(this.file);
    if (size > (this.options.maxBytes ?? DEFAULT_MAX_BYTES))
      await rename(this.file, this.previousFile);
  }

  /** Oldest first: the previous file, then the current one. */
  private async readAll(): Promise<OutboxMessage[]> {
    const content = `${await readIfPresent(this.previousFile)}\n${await readIfPresent(this.file)}`;
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

const readIfPresent = async (file: string): Promise<string> => {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
};
