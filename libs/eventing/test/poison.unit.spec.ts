import { exponentialBackoff } from '../src/retry-backoff';
import { isPoison, PoisonEventError, POISON_ERROR_CLASSES } from '../src/poison';

class EventContractError extends Error {}
class StrictContractError extends EventContractError {}
class UndecodableMessageError extends Error {
  constructor() {
    super('Undecodable message: value is not JSON');
    this.name = 'UndecodableMessageError';
  }
}

describe('poison or outage', () => {
  it('counts the errors named in the one list as poison, subclasses included', () => {
    expect(isPoison(new PoisonEventError('refused'))).toBe(true);
    expect(isPoison(new EventContractError('data does not parse'))).toBe(true);
    expect(isPoison(new StrictContractError('data does not parse'))).toBe(true);
    expect(isPoison(new UndecodableMessageError())).toBe(true);
    expect([...POISON_ERROR_CLASSES]).toEqual(['PoisonEventError', 'UndecodableMessageError', 'EventContractError']);
  });

  it('counts every other error as an outage, to be retried', () => {
    expect(isPoison(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(isPoison(new TypeError('x is undefined'))).toBe(false);
    expect(isPoison('a string')).toBe(false);
    expect(isPoison(undefined)).toBe(false);
  });
});

describe('exponential backoff', () => {
  it('doubles from 100 ms and stops growing at 30 s', () => {
    const highest = exponentialBackoff({ random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 9, 10, 11, 50, 5000].map(highest)).toEqual([100, 200, 400, 800, 1600, 25600, 30000, 30000, 30000, 30000]);
  });

  it('jitters between half and all of the nominal delay', () => {
    const lowest = exponentialBackoff({ random: () => 0 });
    expect([1, 2, 3, 20].map(lowest)).toEqual([50, 100, 200, 15000]);
    const delays = Array.from({ length: 200 }, () => exponentialBackoff()(4));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
  });
});
