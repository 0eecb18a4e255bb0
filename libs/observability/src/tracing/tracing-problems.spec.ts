import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryDestination } from '../logging/fixtures/memory-destination';
import { createLogger } from '../logging/logger';
import { TracingProblems } from './tracing-problems';

describe('TracingProblems', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const out = memoryDestination();
    const problems = new TracingProblems(60_000, () => Date.now());
    problems.writeTo(createLogger('svc', { level: 'info', destination: out, traceContext: false }));
    return { out, problems };
  };

  it('writes the first error at once, then one warning per interval with the count', () => {
    const { out, problems } = setup();
    problems.report('export failed: ECONNREFUSED');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatchObject({ level: 'warn', failures: 1 });
    expect(out.lines[0].msg).toContain('latest: export failed: ECONNREFUSED');

    for (let i = 0; i < 50; i += 1) problems.report(`export failed ${i}`);
    expect(out.lines).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(out.lines).toHaveLength(2);
    expect(out.lines[1]).toMatchObject({ failures: 50 });
    expect(out.lines[1].msg).toContain('latest: export failed 49');
  });

  it('writes nothing when nothing failed, and what failed before it had a logger once it has one', () => {
    const early = new TracingProblems(60_000, () => Date.now());
    early.report('failed before the logger existed');
    vi.advanceTimersByTime(120_000);
    const out = memoryDestination();
    early.writeTo(createLogger('svc', { level: 'info', destination: out, traceContext: false }));
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatchObject({ failures: 1 });
    vi.advanceTimersByTime(120_000);
    expect(out.lines).toHaveLength(1);
  });
});
