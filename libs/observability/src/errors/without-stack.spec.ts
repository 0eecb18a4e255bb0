import { describe, expect, it } from 'vitest';
import { pauseStackCapture, withoutStack } from './without-stack';

describe('withoutStack', () => {
  it('builds an error with no frames in its stack', () => {
    const error = withoutStack(() => new Error('refused'));
    expect(error.message).toBe('refused');
    expect(error.stack).toBe('Error: refused');
  });

  it('puts the stack limit back, also when the construction throws', () => {
    const before = Error.stackTraceLimit;
    withoutStack(() => new Error('refused'));
    expect(Error.stackTraceLimit).toBe(before);
    expect(() =>
      withoutStack(() => {
        throw new TypeError('bad input');
      }),
    ).toThrow('bad input');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('fault').stack).toMatch(/\n\s+at /);
  });

  it('pauses capture for a super call until resumed', () => {
    const before = Error.stackTraceLimit;
    class Refusal extends Error {
      constructor() {
        const resume = pauseStackCapture();
        super('no');
        resume();
      }
    }
    expect(new Refusal().stack).toBe('Error: no');
    expect(Error.stackTraceLimit).toBe(before);
  });
});
