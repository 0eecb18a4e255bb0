import { describe, expect, it } from 'vitest';
import { numericOptionProblems } from './numeric-options';

describe('numericOptionProblems', () => {
  it('accepts the defaults and ordinary values', () => {
    expect(
      numericOptionProblems({
        'vu-scale': '1',
        'rate-scale': '0.4',
        rounds: '4',
        'max-regression': '10',
        warmup: '0',
        repeat: '1',
        settle: '15',
        'quiet-wait': '0',
        'quiet-load': '1.5',
      }),
    ).toEqual([]);
  });

  it('names each bad option and what it takes', () => {
    expect(
      numericOptionProblems({ 'quiet-wait': '2m', 'rate-scale': '0', rounds: '2.5', 'quiet-load': '', repeat: '-1' }),
    ).toEqual([
      '--rate-scale "0": a number > 0',
      '--rounds "2.5": a whole number ≥ 1',
      '--repeat "-1": a whole number ≥ 1',
      '--quiet-wait "2m": a number ≥ 0',
      '--quiet-load "": a number ≥ 0',
    ]);
  });

  it('leaves unset options alone', () => {
    expect(numericOptionProblems({ 'vu-scale': '1' })).toEqual([]);
  });
});
