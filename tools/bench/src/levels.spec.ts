import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { levelResult, realtimeThroughput } from './levels';
import type { RunData } from './report/model';
import { loadTargets } from './targets/targets';

const fixture = () =>
  JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8')) as RunData;

describe('levels of a real-time suite (no HTTP requests)', () => {
  it('counts acknowledged messages per second of the sending phase as the level’s throughput', () => {
    const run = fixture();
    expect(realtimeThroughput(run)).toBeNull();
    run.scripts[0].series.totalRequests = 0;
    run.scripts[0].series.endpoints = [];
    const noWork = levelResult(1, 30, run, loadTargets());
    expect(noWork).toMatchObject({ passed: false, failures: ['no requests completed'] });

    run.scripts[0].realtime = { chat_messages_sent: { count: 600 }, chat_send_window_s: { value: 20 } };
    expect(realtimeThroughput(run)).toEqual({ messages: 600, perSecond: 30 });
    const level = levelResult(1, 30, run, loadTargets());
    expect(level.rps).toBe(30);
    expect(level.failures).not.toContain('no requests completed');
  });
});
