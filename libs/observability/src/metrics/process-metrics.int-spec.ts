import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

async function idleWakeupsPerSecond(resolution: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', '@swc-node/register', resolve(__dirname, 'fixtures/idle-wakeups.fixture.ts'), resolution],
    { cwd: WORKSPACE_ROOT },
  );
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { wakeupsPerSecond: number }).wakeupsPerSecond;
}

describe('collectProcessMetrics: the event-loop delay monitor', () => {
  it('samples at the resolution asked: an idle process wakes ~100×/s at the default 10 ms, ~10×/s at 100 ms', async () => {
    const [byDefault, atHundredMs] = await Promise.all([idleWakeupsPerSecond('default'), idleWakeupsPerSecond('100')]);
    expect(byDefault).toBeGreaterThan(40);
    expect(atHundredMs).toBeLessThan(25);
  });
});
