import type { Logger } from '@nestjs/common';
import { waitFor } from '@perflab/testing';
import { describe, expect, it, vi } from 'vitest';
import { AdapterRecovery } from './adapter-recovery';

function recoveryOf(sockets: string[], catchUp: (socket: string) => Promise<number>) {
  const logger = { warn: vi.fn() };
  return { logger, recovery: new AdapterRecovery(() => [...sockets], catchUp, logger as unknown as Logger) };
}

describe('AdapterRecovery', () => {
  it('catches every socket up, at most two at a time', async () => {
    let running = 0;
    let most = 0;
    const done: string[] = [];
    const { logger, recovery } = recoveryOf(['a', 'b', 'c', 'd', 'e'], async (socket) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      done.push(socket);
      return 1;
    });
    recovery.request('local');
    await waitFor(() => logger.warn.mock.calls.length === 1, { what: 'the run to end' });
    expect(done.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(most).toBe(2);
    expect(logger.warn.mock.calls[0][0]).toContain('caught up 5 socket(s), 5 message(s) re-sent');
  });

  it('coalesces requests made during a run into one more run', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runs: string[] = [];
    const { logger, recovery } = recoveryOf(['a'], async () => {
      runs.push('a');
      await gate;
      return 0;
    });
    recovery.request('local');
    recovery.request('remote');
    recovery.request('remote');
    release();
    await waitFor(() => logger.warn.mock.calls.length === 2, { what: 'two runs' });
    expect(runs).toEqual(['a', 'a']);
  });

  it('counts a socket whose catch-up failed and goes on with the others', async () => {
    const { logger, recovery } = recoveryOf(['ok', 'bad'], async (socket) => {
      if (socket === 'bad') throw new Error('Postgres is down');
      return 3;
    });
    recovery.request('local');
    await waitFor(() => logger.warn.mock.calls.length === 1, { what: 'the run to end' });
    expect(logger.warn.mock.calls[0][0]).toMatch(/2 socket\(s\), 3 message\(s\) re-sent, 1 catch-up\(s\) failed/);
  });
});
