import { GroupCommand } from '../../../domain/group/commands/group-command';
import { GroupEvent } from '../../../domain/group/events/group-event';
import { GroupDecider } from '../../../domain/group/group.decider';
import { GroupState } from '../../../domain/group/group.state';

/** given(history).when(command).then(events) — the shape of an event-sourced test, after emmett's DeciderSpecification. */
export function deciderSpec(decider: GroupDecider) {
  return {
    given(history: GroupEvent[]) {
      const state: GroupState = history.reduce(decider.evolve, decider.initialState);
      return {
        when(command: GroupCommand) {
          const decide = () => decider.decide(command, state);
          return {
            then(expected: GroupEvent[]) {
              expect(decide()).toEqual(expected);
            },
            thenNothingHappens() {
              expect(decide()).toEqual([]);
            },
            thenRefuses(error: new (...args: never[]) => Error, message?: string | RegExp) {
              expect(decide).toThrow(error);
              if (message) expect(decide).toThrow(message);
            },
          };
        },
      };
    },
  };
}
