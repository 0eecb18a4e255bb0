import { describe, expect, it } from 'vitest';
import { computeLag } from './consumer-lag';
import { forgetLag, recordLag, totalConsumerLag } from './lag-registry';

describe('computeLag', () => {
  it('subtracts the committed offset from the end offset, counting never-committed partitions from the log start', () => {
    const lag = computeLag(
      't',
      [
        { partition: 0, offset: '5' },
        { partition: 1, offset: '-1' },
      ],
      [
        { partition: 0, high: '12', low: '0' },
        { partition: 1, high: '9', low: '3' },
        { partition: 2, high: '4', low: '4' },
      ],
    );
    expect(lag).toEqual([
      { topic: 't', partition: 0, lag: 7 },
      { topic: 't', partition: 1, lag: 6 },
      { topic: 't', partition: 2, lag: 0 },
    ]);
  });
});

describe('totalConsumerLag', () => {
  it('sums the last measurement of every running group', () => {
    const before = totalConsumerLag();
    recordLag('unit-a', 3);
    recordLag('unit-b', 4);
    recordLag('unit-a', 1);
    expect(totalConsumerLag() - before).toBe(5);
    forgetLag('unit-a');
    forgetLag('unit-b');
    expect(totalConsumerLag()).toBe(before);
  });
});
