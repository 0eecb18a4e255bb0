import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@perflab/testing';
import { describe, expect, it } from 'vitest';

const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

describe('Database.warm', () => {
  it("loads Prisma's query compiler without opening a connection, so it succeeds while Postgres is down", async () => {
    const port = await freePort(); // nothing listens there
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', resolve(__dirname, 'fixtures/warm-then-report.ts')],
      {
        cwd: WORKSPACE_ROOT,
        env: { ...process.env, DATABASE_URL: `postgresql://perflab:perflab@127.0.0.1:${port}/none` },
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ before: false, after: true, connections: 0 });
  });
});
