import type { Command } from './command.js';
import type { Event } from './event.js';

/** `decide` turns a command and the current state into new events; `evolve` folds them. */
export type Decider<State, C extends Command, E extends Event> = Readonly<{
  decide: (command: C, state: State) => E | readonly E[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}>;

export const asArray = <E>(events: E | readonly E[]): readonly E[] =>
  Array.isArray(events) ? (events as readonly E[]) : [events as E];

export const fold = <State, E extends Event>(
  decider: Pick<Decider<State, Command, E>, 'evolve' | 'initialState'>,
  events: readonly E[],
): State => events.reduce(decider.evolve, decider.initialState());
