import { deepStrictEqual, fail, ok } from 'node:assert/strict';
import { asArray } from './decider.js';
import { ResetlineError, type ErrorCode } from './errors.js';
import type { Event } from './event.js';

type Evolve<State, E extends Event> = (state: State, event: E) => State;

/**
 * Given/When/Then for deciders (after Emmett's DeciderSpecification):
 * `spec.given(events).when((state) => decideX(command, state)).then(expectedEvents)`.
 * `then` also accepts a predicate for events with generated values.
 */
export const deciderSpecification = <State, E extends Event>(
  decider: Readonly<{ evolve: Evolve<State, E>; initialState: () => State }>,
) => ({
  given: (events: readonly E[]) => {
    const state = events.reduce(decider.evolve, decider.initialState());
    return {
      state,
      when: (decide: (state: State) => E | readonly E[]) => {
        const run = (): readonly E[] => asArray(decide(state));
        return {
          then: (expected: readonly E[] | ((events: readonly E[]) => void)): readonly E[] => {
            const events = run();
            if (typeof expected === 'function') expected(events);
            else deepStrictEqual(events, expected);
            return events;
          },
          thenThrows: (code: ErrorCode, reason?: string): ResetlineError => {
            try {
              const events = run();
              return fail(`expected ${code}${reason ? `/${reason}` : ''}, got ${JSON.stringify(events.map((e) => e.type))}`);
            } catch (error) {
              ok(error instanceof ResetlineError, `expected a ResetlineError, got ${String(error)}`);
              deepStrictEqual(error.code, code);
              if (reason) deepStrictEqual(error.reason, reason);
              return error;
            }
          },
        };
      },
    };
  },
});
