import { describe, expect, it } from 'vitest';
import { memoryDestination } from './fixtures/memory-destination';
import { createLogger } from './logger';

describe('logging frozen and non-extensible errors', () => {
  it('writes a frozen error under err, message, stack, fields and cause, and leaves it as it was', () => {
    const out = memoryDestination();
    const error = Object.assign(new Error('frozen', { cause: Object.freeze(new Error('root')) }), { code: 'E_FROZEN' });
    Object.freeze(error);
    createLogger('svc', { level: 'info', destination: out }).error({ err: error, userId: 'u1' }, 'failed');
    expect(out.lines[0]).toMatchObject({
      msg: 'failed',
      userId: 'u1',
      err: { type: 'Error', message: 'frozen: root', code: 'E_FROZEN' },
    });
    expect(out.lines[0].err).toHaveProperty('stack', expect.stringContaining('Error: frozen'));
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    expect(Object.isFrozen(error)).toBe(true);
  });

  it('writes a non-extensible error passed alone, and the errors of a frozen AggregateError', () => {
    const out = memoryDestination();
    const logger = createLogger('svc', { level: 'info', destination: out });
    class TimeoutError extends Error {}
    logger.error(Object.preventExtensions(new TimeoutError('slow')));
    logger.error({ err: Object.freeze(new AggregateError([Object.freeze(new Error('one'))], 'many')) }, 'all');
    expect(out.lines[0]).toMatchObject({ msg: 'slow', err: { type: 'TimeoutError', message: 'slow' } });
    expect(out.lines[1]).toMatchObject({ err: { message: 'many', aggregateErrors: [{ message: 'one' }] } });
  });

  it('still serialises an ordinary error in place, as pino does', () => {
    const out = memoryDestination();
    createLogger('svc', { level: 'info', destination: out }).error({ err: new RangeError('plain') }, 'x');
    expect(out.lines[0]).toMatchObject({ err: { type: 'RangeError', message: 'plain' } });
  });

  it('with trace context on and no active span, writes lines that carry fields (the mixin object is never shared)', () => {
    const out = memoryDestination();
    const logger = createLogger('svc', { level: 'info', destination: out, traceContext: true });
    logger.info({ context: 'RoutesResolver' }, 'first');
    logger.fatal({ err: Object.freeze(new Error('boom')) }, 'second');
    expect(out.lines.map((l) => [l.msg, l.context ?? (l.err as { message: string }).message])).toEqual([
      ['first', 'RoutesResolver'],
      ['second', 'boom'],
    ]);
    expect(out.lines[1]).not.toHaveProperty('context');
  });
});
