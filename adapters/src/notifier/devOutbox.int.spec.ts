import { mkdtemp, readFile, rm, stat, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DevOutbox } from './devOutbox.js';

describe('DevOutbox', () => {
  let directory: string;
  let tick: number;
  const clock = { now: () => new Date(Date.UTC(2026, 2, 2, 10, 0, tick++)) };
  beforeEach(async () => {
    directory = join(await mkdtemp(join(tmpdir(), 'resetline-outbox-')), 'nested');
    tick = 0;
  });
  afterEach(() => rm(join(directory, '..'), { recursive: true, force: true }));

  it('keeps sent messages and lists them newest first', async () => {
    const outbox = new DevOutbox({ directory, clock });
    const first = await outbox.send({
      channel: 'email',
      to: 'jan@contoso.example',
      subject: 'Your code',
      text: 'Code 48213377',
      html: '<b>48213377</b>',
      id: 'evt-1',
    });
    const second = await outbox.send({ channel: 'sms', to: '+31612345678', text: 'Code 731904' });

    expect(first.id).toBe('evt-1');
    expect(second.id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await new DevOutbox({ directory }).list();
    expect(listed).toEqual([
      {
        channel: 'sms',
        to: '+31612345678',
        text: 'Code 731904',
        id: second.id,
        storedAt: '2026-03-02T10:00:01.000Z',
      },
      {
        channel: 'email',
        to: 'jan@contoso.example',
        subject: 'Your code',
        text: 'Code 48213377',
        html: '<b>48213377</b>',
        id: 'evt-1',
        storedAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
  });

  it('filters by channel and recipient and limits the list', async () => {
    const outbox = new DevOutbox({ directory, clock });
    for (const n of [1, 2, 3]) await outbox.send({ channel: 'sms', to: '+311', text: `m${n}` });
    await outbox.send({ channel: 'email', to: 'a@b.example', subject: 's', text: 'mail' });
    await outbox.send({ channel: 'voice', to: '+312', text: 'call' });

    expect((await outbox.list({ channel: 'sms', limit: 2 })).map((m) => m.text)).toEqual([
      'm3',
      'm2',
    ]);
    expect((await outbox.list({ to: 'a@b.example' })).map((m) => m.text)).toEqual(['mail']);
    expect(await outbox.list({ limit: 0 })).toEqual([]);
  });

  it('lists nothing before the first message', async () => {
    expect(await new DevOutbox({ directory }).list()).toEqual([]);
  });

  it('skips a line cut short by a crash and keeps the others', async () => {
    const outbox = new DevOutbox({ directory, clock });
    await outbox.send({ channel: 'sms', to: '+311', text: 'kept' });
    await appendFile(outbox.file, '{"channel":"sms","to":"+3');
    expect((await outbox.list()).map((m) => m.text)).toEqual(['kept']);
  });

  it('keeps the file private to the service user, since it holds codes', async () => {
    const outbox = new DevOutbox({ directory, clock });
    await outbox.send({ channel: 'sms', to: '+311', text: 'Code 731904' });
    expect((await stat(outbox.file)).mode & 0o777).toBe(0o600);
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
    expect(await readFile(outbox.file, 'utf8')).toContain('"text":"Code 731904"');
  });

  it('keeps only recent messages: past maxBytes the file rolls over, one older file kept', async () => {
    const outbox = new DevOutbox({ directory, clock, maxBytes: 300 });
    for (let n = 1; n <= 12; n++) await outbox.send({ channel: 'sms', to: '+311', text: `m${n}` });

    const texts = (await outbox.list()).map((m) => m.text);
    expect(texts[0]).toBe('m12');
    expect(texts).not.toContain('m1');
    expect(texts).toEqual([...texts].sort((a, b) => Number(b.slice(1)) - Number(a.slice(1))));
    const sizeOf = (file: string) =>
      stat(file).then(
        (s) => s.size,
        () => 0,
      );
    const lineBytes = 120; // one stored SMS line here is about 100 bytes
    expect((await sizeOf(outbox.file)) + (await sizeOf(outbox.previousFile))).toBeLessThan(
      2 * (300 + lineBytes),
    );
    expect((await stat(outbox.previousFile)).mode & 0o777).toBe(0o600);
  });
});
