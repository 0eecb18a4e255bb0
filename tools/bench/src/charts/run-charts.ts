import { WindowRow } from '../k6/series-aggregator';
import { lineChart } from './line-chart';

// The charts every report embeds (issue 5): latency percentiles over time, throughput and
// error rate over time, and for levels req/s and p95 against VUs.

const rel = (windows: WindowRow[]) => {
  const t0 = windows[0]?.t ?? 0;
  return (w: WindowRow) => w.t - t0;
};

export function latencyChart(windows: WindowRow[]): string {
  const x = rel(windows);
  return lineChart(
    [
      { name: 'p50', points: windows.map((w) => [x(w), w.p50]) },
      { name: 'p95', points: windows.map((w) => [x(w), w.p95]) },
      { name: 'p99', points: windows.map((w) => [x(w), w.p99]) },
    ],
    { title: 'Latency percentiles over time (k6, per window)', xLabel: 'seconds since start', yLabel: 'ms' },
  );
}

export function throughputChart(windows: WindowRow[]): string {
  const x = rel(windows);
  return lineChart(
    [
      { name: 'req/s', points: windows.map((w) => [x(w), w.rps]) },
      { name: 'error %', points: windows.map((w) => [x(w), w.errorRate * 100]), right: true },
    ],
    {
      title: 'Throughput and error rate over time',
      xLabel: 'seconds since start',
      yLabel: 'req/s',
      yRightLabel: 'error %',
    },
  );
}

export function levelsChart(levels: { vus: number; rps: number; p95: number }[]): string {
  return lineChart(
    [
      { name: 'req/s', points: levels.map((l) => [l.vus, l.rps]) },
      { name: 'p95 ms', points: levels.map((l) => [l.vus, l.p95]), right: true },
    ],
    { title: 'Throughput and p95 against VUs (levels)', xLabel: 'VUs', yLabel: 'req/s', yRightLabel: 'p95 ms' },
  );
}
