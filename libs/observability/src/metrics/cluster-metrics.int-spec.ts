import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { waitFor } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sum } from './fixtures/prom-text';

const root = resolve(__dirname, '../../../..');
const fixture = resolve(__dirname, 'fixtures/cluster-app.fixture.ts');

let child: ChildProcess;
let port: number;
let stderr = '';

/** One request on its own connection, so the kernel's round-robin spreads them over workers. */
function get(path: string): Promise<{ status: number; worker: string | undefined; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, worker: res.headers['x-worker'] as string | undefined, body }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  // Through @swc-node/register, as services run: proves the @perflab/* aliases resolve there.
  child = spawn(process.execPath, ['-r', '@swc-node/register', fixture], {
    cwd: root,
    env: { ...process.env, WORKERS: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  port = await waitFor(() => Number(/READY (\d+)/.exec(stdout)?.[1]) || undefined, {
    timeoutMs: 60_000,
    what: `cluster fixture to listen (stderr: ${stderr})`,
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('cluster metrics', () => {
  it('aggregates every worker into one scrape', async () => {
    const served = new Map<string, number>();
    let sent = 0;
    // Bounded: stop once both workers have served a few requests.
    while (sent < 400 && (served.size < 2 || Math.min(...served.values()) < 5)) {
      const response = await get(`/work/${sent}`);
      expect(response.status).toBe(200);
      expect(response.worker).toBeDefined();
      served.set(response.worker!, (served.get(response.worker!) ?? 0) + 1);
      sent++;
    }
    expect(served.size, `workers that served: ${[...served.keys()].join(',')}; stderr: ${stderr}`).toBe(2);

    const scrape = await get('/metrics');
    expect(scrape.status, scrape.body).toBe(200);
    const text = scrape.body;
    // Each worker saw only part of the traffic; the one that answered the scrape reports all of it.
    expect(sum(text, 'http_requests_total')).toBe(sent);
    expect(sum(text, 'http_requests_total', { method: 'GET', route: '/work/:id', status_code: '200' })).toBe(sent);
    expect(sum(text, 'http_request_duration_seconds_count', { route: '/work/:id' })).toBe(sent);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });
});
