import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/targets';
import { PromSnapshot } from '../collectors/prometheus';
import { tableRow } from '../testing/table-row';
import { RunData } from './model';
import { bottlenecks } from './verdicts';
import { renderReport } from './write-report';

// A service the bench ran as several processes (targets.json roles): the report says which.
const fx = (f: string) => readFileSync(join(__dirname, 'fixtures', f), 'utf8');
const recorded = (): RunData => JSON.parse(fx('baseline-auth-smoke.run.json')) as RunData;
const targets = loadTargets();

describe('a service run as one process per role', () => {
  const lines = [
    'notifications-api: ROLE=api, port 3002, pid 10, 2 cluster workers, from compiled JavaScript (dist/bench/notifications, built in 0.6 s)',
    'notifications-worker: ROLE=worker, port 3012, pid 11, one process (no cluster), from compiled JavaScript (dist/bench/notifications, built in 0.6 s)',
  ];

  it('lists the processes and counts the event loops over all of them', () => {
    const run = recorded();
    run.config.processes = lines;
    run.config.serviceInstances = { count: 3, cluster: true, pid: 10, processes: 2 };
    const report = renderReport(run, targets, []);
    expect(tableRow(report, 'Service processes')[1]).toBe(lines.join('; '));
    expect(tableRow(report, 'Application instances')[1]).toBe(
      '3 event loops in 2 processes (one per role; see Service processes), counted during the run',
    );
  });

  it('ranks the event loops of every process against the service CPU', () => {
    const run = {
      ...recorded(),
      profile: 'load',
      prometheus: JSON.parse(fx('prometheus-job-prometheus.json')) as PromSnapshot,
    };
    run.config.serviceInstances = { count: 3, cluster: true, pid: 10, processes: 2 };
    const loops = bottlenecks(run, targets).find((b) => b.component.startsWith('Node event loops'))!;
    expect(loops.component).toBe('Node event loops (3 in 2 processes, one core each)');
    expect(loops.utilisation).toBeCloseTo(run.prometheus.stats.cpu_percent.max! / 300, 9);
  });

  it('says when a run did not record them (older runs)', () => {
    expect(tableRow(renderReport(recorded(), targets, []), 'Service processes')[1]).toBe('not recorded');
  });
});
