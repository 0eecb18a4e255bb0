import { describe, expect, it } from 'vitest';
import { memoryDestination } from '../logging/fixtures/memory-destination';
import { createLogger } from '../logging/logger';
import { PinoNestLogger } from './pino-nest-logger';

describe('PinoNestLogger', () => {
  it("writes Nest's messages as JSON with their context", () => {
    const out = memoryDestination();
    const nest = new PinoNestLogger(createLogger('svc', { level: 'info', destination: out }));
    nest.log('Nest application successfully started', 'NestApplication');
    nest.warn({ slow: true }, 'Breaker');
    expect(out.lines[0]).toMatchObject({
      level: 'info',
      msg: 'Nest application successfully started',
      context: 'NestApplication',
    });
    expect(out.lines[1]).toMatchObject({ level: 'warn', slow: true, context: 'Breaker' });
  });

  it('keeps the stack Nest passes with an error', () => {
    const out = memoryDestination();
    new PinoNestLogger(createLogger('svc', { level: 'info', destination: out })).error(
      'failed',
      'Error: x\n    at y',
      'ExceptionsHandler',
    );
    expect(out.lines[0]).toMatchObject({
      level: 'error',
      msg: 'failed',
      stack: 'Error: x\n    at y',
      context: 'ExceptionsHandler',
    });
  });

  it('respects the level: debug and verbose are dropped at info', () => {
    const out = memoryDestination();
    const nest = new PinoNestLogger(createLogger('svc', { level: 'info', destination: out }));
    nest.debug('d', 'Ctx');
    nest.verbose('v', 'Ctx');
    expect(out.lines).toHaveLength(0);
  });
});
