import { DomainError } from '../domain-error';
import type { Command, Decider, DomainEvent } from '../decider';

/**
 * Decider specifications: given past events, when a command, then new events or a DomainError.
 *
 *   given([registered, submitted]).when(verify).then([verified])
 *   given([registered]).when(verify).thenThrows('organization.not-submitted')
 */
export const deciderSpec = <C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>) => {
  const given = (history: E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenThrows: (code: string) => {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DomainError);
          expect((caught as DomainError).code).toBe(code);
        },
        thenNothing: () => expect(run()).toEqual([]),
      };
    },
  });
  return { given };
};
