import { describe, expect, it } from 'vitest';
import { memoryDestination } from './fixtures/memory-destination';
import { logFatal } from './log-fatal';
import { createLogger } from './logger';

describe('logFatal', () => {
  it('writes the error through the logger at fatal', () => {
    const out = memoryDestination();
    const fallback: string[] = [];
    logFatal(
      createLogger('svc', { level: 'info', destination: out }),
      Object.freeze(new Error('boom')),
      'exiting',
      (l) => fallback.push(l),
    );
    expect(out.lines).toEqual([
      expect.objectContaining({ level: 'fatal', msg: 'exiting', err: expect.objectContaining({ message: 'boom' }) }),
    ]);
    expect(fallback).toEqual([]);
  });

  it('when the logger throws, writes one JSON line with the error and the logging failure, and does not throw', () => {
    const lines: string[] = [];
    const broken = {
      fatal: () => {
        throw new TypeError('object is not extensible');
      },
    };
    expect(() =>
      logFatal(broken, Object.freeze(new Error('the real cause')), 'uncaughtException; exiting', (l) => lines.push(l)),
    ).not.toThrow();
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'fatal',
      msg: 'uncaughtException; exiting',
      pid: process.pid,
      err: { type: 'Error', message: 'the real cause' },
      loggingErr: { type: 'TypeError', message: 'object is not extensible' },
    });
  });

  it('falls back to the messages when the error cannot be written as JSON', () => {
    const lines: string[] = [];
    const unwritable = Object.assign(new Error('has a bigint'), { size: 10n });
    logFatal(
      {
        fatal: () => {
          throw new Error('logger down');
        },
      },
      unwritable,
      'exiting',
      (l) => lines.push(l),
    );
    expect(JSON.parse(lines[0])).toMatchObject({
      err: { message: 'has a bigint' },
      loggingErr: { message: 'logger down' },
    });
  });
});
