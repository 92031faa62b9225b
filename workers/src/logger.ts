/** What the workers log: event ids, job ids, positions and reasons; never payloads or messages. */
export type WorkerLogger = Readonly<{
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}>;

export const jsonLogger = (name: string): WorkerLogger => {
  const write =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      process.stderr.write(
        `${JSON.stringify({ level, name, message, ...fields, time: new Date().toISOString() })}\n`,
      );
  return { info: write('info'), warn: write('warn'), error: write('error') };
};

export const silentLogger: WorkerLogger = { info() {}, warn() {}, error() {} };
