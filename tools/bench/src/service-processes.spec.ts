import { describe, expect, it } from 'vitest';
import { describeProcess, planProcesses } from './service-processes';
import { loadTargets } from './targets/targets';

describe('planProcesses', () => {
  it('runs one process with ROLE unset when the suite declares no roles', () => {
    expect(planProcesses('auth', { port: 3001 })).toEqual([{ name: 'auth', port: 3001, env: {} }]);
  });

  it('runs one process per role: the first on the suite port, each with its own ROLE and cluster size', () => {
    expect(
      planProcesses('notifications', { port: 3002, roles: { api: {}, worker: { port: 3012, workers: 1 } } }),
    ).toEqual([
      { name: 'notifications-api', role: 'api', port: 3002, env: { ROLE: 'api' } },
      { name: 'notifications-worker', role: 'worker', port: 3012, env: { ROLE: 'worker', WORKERS: '1' } },
    ]);
  });

  it('is what targets.json declares for notifications (api + worker), and for no other suite', () => {
    const targets = loadTargets();
    expect(planProcesses('notifications', targets.suites.notifications).map((p) => p.role)).toEqual(['api', 'worker']);
    for (const [name, t] of Object.entries(targets.suites).filter(([n]) => n !== 'notifications'))
      expect(planProcesses(name, t)).toEqual([{ name, port: t.port, env: {} }]);
  });

  it('refuses a plan it could not run, naming the key', () => {
    const plan = (roles: Record<string, { port?: number; workers?: number }>) => () =>
      planProcesses('n', { port: 3002, roles });
    expect(plan({ api: {}, worker: {} })).toThrow(/n\.roles\.worker: needs a "port"/);
    expect(plan({ api: { port: 3999 } })).toThrow(/first role serves the suite's port 3002, not 3999/);
    expect(plan({ api: {}, worker: { port: 3002 } })).toThrow(/two roles on port 3002/);
    expect(plan({ api: { workers: 0 } })).toThrow(/n\.roles\.api\.workers: 0 is not a positive whole number/);
    expect(plan({ 'Bad Role': {} })).toThrow(/"Bad Role" is not a role name/);
  });
});

describe('describeProcess', () => {
  it('says the role, port, pid, workers and what it ran from', () => {
    const [api, worker] = planProcesses('notifications', {
      port: 3002,
      roles: { api: {}, worker: { port: 3012, workers: 1 } },
    });
    expect(
      describeProcess(api, { pid: 10, workers: 2, from: 'compiled JavaScript (dist/bench/notifications-api)' }),
    ).toBe(
      'notifications-api: ROLE=api, port 3002, pid 10, 2 cluster workers, from compiled JavaScript (dist/bench/notifications-api)',
    );
    expect(describeProcess(worker, { pid: 11, workers: 0 })).toBe(
      'notifications-worker: ROLE=worker, port 3012, pid 11, one process (no cluster)',
    );
    expect(describeProcess({ name: 'auth', port: 3001, env: {} }, {})).toBe(
      'auth: ROLE unset (every role in one process), port 3001',
    );
  });
});
