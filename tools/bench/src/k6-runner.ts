import { withFileLimit } from './file-limit';
import { spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  openSync,
  readSync,
  closeSync,
  existsSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { basename, join } from 'node:path';
import { SeriesAggregator, SeriesSummary } from './k6/series-aggregator';
import { ProcTreeSampler, CpuSample } from './collectors/proc-cpu';

export interface K6RunOptions {
  k6Bin: string;
  script: string;
  outDir: string;
  /** file name stem for summary/series/log, e.g. "auth-register" */
  stem: string;
  env: Record<string, string>;
  /** print a progress line every N seconds (0 = quiet) */
  progressEvery?: number;
  /** seconds at the start left out of the tables (still charted) */
  warmupSeconds?: number;
  log?: (line: string) => void;
  /** called once, when the first iteration is seen in the series (setup() has ended) */
  onLoadStart?: (atUnixSeconds: number) => Promise<void>;
}

export interface K6RunResult {
  script: string;
  stem: string;
  exitCode: number;
  thresholdsFailed: boolean;
  summaryFile: string;
  seriesFile: string;
  logFile: string;
  startedAt: number;
  endedAt: number;
  series: SeriesSummary;
  generatorCpu: CpuSample[];
  stderrTail: string[];
}

// Tags kept on every sample: enough for per-route/per-scenario/per-error tables, without the
// full URL (one row per id would explode the series).
const SYSTEM_TAGS = 'status,method,name,scenario,expected_response,error_code,check,group';

function fmtSecs(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

export function parseMaxDuration(line: string): number | null {
  const m = /(\d+h)?(\d+m)?([\d.]+s)? max duration/.exec(line);
  if (!m || !(m[1] || m[2] || m[3])) return null;
  return (
    (parseInt(m[1] ?? '0', 10) * 3600 || 0) + (parseInt(m[2] ?? '0', 10) * 60 || 0) + (parseFloat(m[3] ?? '0') || 0)
  );
}

export async function runK6(o: K6RunOptions): Promise<K6RunResult> {
  const summaryFile = join(o.outDir, `${o.stem}.summary.json`);
  const csv = join(o.outDir, `${o.stem}.series.csv`);
  const logFile = join(o.outDir, `${o.stem}.k6.log`);
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const agg = new SeriesAggregator(basename(o.script, '.js'), 5, o.warmupSeconds ?? 0);
  const logOut = createWriteStream(logFile);
  const stderrTail: string[] = [];
  let maxDuration: number | null = null;

  const args = [
    'run',
    '--no-color',
    '--summary-export',
    summaryFile,
    '--out',
    `csv=${csv}`,
    `--system-tags=${SYSTEM_TAGS}`,
    o.script,
  ];
  const startedAt = Date.now() / 1000;
  const child = spawn(...withFileLimit(o.k6Bin, args), {
    env: { ...process.env, ...o.env, K6_NO_USAGE_REPORT: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sampler = new ProcTreeSampler(child.pid ?? -1).start(1000);

  const onText = (buf: Buffer) => {
    const text = buf.toString();
    logOut.write(text);
    for (const line of text.split('\n')) {
      maxDuration ??= parseMaxDuration(line);
      if (/level=(error|warning)/.test(line)) {
        stderrTail.push(line.trim());
        if (stderrTail.length > 20) stderrTail.shift();
      }
    }
  };
  child.stdout.on('data', onText);
  child.stderr.on('data', onText);

  // Tail the CSV as k6 writes it: the aggregation and the progress line in one pass.
  let offset = 0;
  const buf = Buffer.alloc(1 << 20);
  const drain = () => {
    if (!existsSync(csv)) return;
    const fd = openSync(csv, 'r');
    try {
      let n: number;
      while ((n = readSync(fd, buf, 0, buf.length, offset)) > 0) {
        offset += n;
        agg.feed(buf.subarray(0, n).toString('utf8'));
      }
    } finally {
      closeSync(fd);
    }
  };
  let lastPrint = 0;
  let loadStartHook: Promise<void> | undefined;
  const fireLoadStart = () => {
    const at = agg.loadStartedAt();
    if (at !== null && o.onLoadStart && !loadStartHook) loadStartHook = o.onLoadStart(at);
  };
  const tick = setInterval(() => {
    drain();
    fireLoadStart();
    const elapsed = Date.now() / 1000 - startedAt;
    if (o.progressEvery && elapsed - lastPrint >= o.progressEvery) {
      lastPrint = elapsed;
      const p = agg.progress();
      const cpu = sampler.samples.at(-1)?.cpuPercent ?? NaN;
      const remaining = maxDuration ? ` / ~${fmtSecs(Math.max(0, maxDuration - elapsed))} left` : '';
      log(
        `  [${o.stem}] ${fmtSecs(elapsed)}${remaining} · ${p.rps.toFixed(0)} req/s · ${p.requests} reqs · ${p.failed} errors · k6 cpu ${cpu.toFixed(0)}%`,
      );
    }
  }, 1000);

  const exitCode: number = await new Promise((res) => child.on('close', (code) => res(code ?? 1)));
  clearInterval(tick);
  sampler.stop();
  drain();
  fireLoadStart();
  await loadStartHook;
  await new Promise<void>((res) => logOut.end(res));
  const endedAt = Date.now() / 1000;
  const series = agg.finish();

  // Keep the raw series, compressed (k6 writes ~14 rows per request).
  let seriesFile = csv;
  if (existsSync(csv) && statSync(csv).size > 0) {
    seriesFile = `${csv}.gz`;
    await pipeline(createReadStream(csv), createGzip(), createWriteStream(seriesFile));
    unlinkSync(csv);
  }
  return {
    script: o.script,
    stem: o.stem,
    exitCode,
    thresholdsFailed: exitCode === 99,
    summaryFile,
    seriesFile,
    logFile,
    startedAt,
    endedAt,
    series,
    generatorCpu: sampler.samples,
    stderrTail,
  };
}
