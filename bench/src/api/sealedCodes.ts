import type { EventStore, SecretBox } from '@resetline/domain';

/**
 * The newest code sealed into a stream's events, opened with the server's secret box: what the
 * delivery worker would send. The bench reads codes this way instead of running the delivery
 * workers and the dev outbox inside the measured server.
 */
export const lastSealedCode = async (
  store: EventStore,
  secretBox: SecretBox,
  streamId: string,
): Promise<string> => {
  const events = await store.readStream(streamId, { direction: 'backwards', maxCount: 5 });
  const sealed = events.find((e) => typeof e.data['sealedCode'] === 'string');
  if (!sealed) throw new Error(`bench:api: no sealed code on ${streamId}`);
  return secretBox.open(sealed.data['sealedCode'] as string);
};
