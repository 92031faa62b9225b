import type { Clock } from '@resetline/domain';

export const systemClock: Clock = { now: () => new Date() };
