import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@perflab/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { healthy } from '../service';
import { SuiteDef } from '../suites';
import { TargetsFile } from '../targets/targets';
import { startServiceProcesses } from './start-processes';

// A suite whose targets.json declares roles runs one process per role, each with its ROLE and
// cluster size, each logging to its own file; they stop together.

const dir = mkdtempSync(join(tmpdir(), 'bench-roles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = () => undefined;
const STAND_IN = 'tools/bench/src/testing/stand-in-service.fixture.ts';

describe('startServiceProcesses', () => {
  it('starts every role of the suite on its own port and stops them all', async () => {
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const suite: SuiteDef = {
      name: 'roles',
      targetsSuite: 'roles',
      port: apiPort,
      entry: STAND_IN,
      scripts: [],
      job: 'roles',
      kind: 'service',
    };
    const targets = {
      suites: {
        roles: { port: apiPort, app: 'x', scenarios: {}, roles: { api: {}, worker: { port: workerPort, workers: 1 } } },
      },
    } as unknown as TargetsFile;
    const service = await startServiceProcesses({ suite, targets, env: { STAND_IN: 'healthy' }, dir, log });
    try {
      expect(service.startedByBench).toBe(true);
      expect(service.pids).toHaveLength(2);
      expect(service.pid).toBe(service.pids?.[0]);
      expect(await healthy(`http://127.0.0.1:${apiPort}/health`)).toBe(true);
      expect(await healthy(`http://127.0.0.1:${workerPort}/health`)).toBe(true);
      expect(readFileSync(join(dir, 'service-worker.log'), 'utf8')).toContain(
        `stand-in: healthy on port ${workerPort} as worker`,
      );
      const lines = service.describe?.() ?? [];
      expect(lines[0]).toMatch(
        new RegExp(
          `^roles-api: ROLE=api, port ${apiPort}, pid \\d+, one process \\(no cluster\\), from compiled JavaScript`,
        ),
      );
      expect(lines[1]).toMatch(new RegExp(`^roles-worker: ROLE=worker, port ${workerPort}, pid \\d+`));
    } finally {
      await service.stop();
    }
    expect(await healthy(`http://127.0.0.1:${apiPort}/health`)).toBe(false);
    expect(await healthy(`http://127.0.0.1:${workerPort}/health`)).toBe(false);
  });
});
