import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuStats, ProcTreeSampler, type CpuStats } from '../collectors/proc-cpu';
import { parseLocustStats, type LocustRow } from './locust-stats';
import { parseChatDelivery, type ChatDelivery } from './chat-delivery';

// Locust as a second load generator, for any suite with a `locustfile.py`: headless, its
// shape chosen by the locustfile from PROFILE (a LoadTestShape), CSV written to the run's
// directory and read back as rows. One process (one core): enough for the documents' rates.

export interface LocustRun {
  exitCode: number;
  rows: LocustRow[];
  statsFile: string;
  /** unix seconds */
  startedAt: number;
  endedAt: number;
  /** Locust's own CPU (its process tree), sampled every second as k6's is */
  generatorCpu?: CpuStats;
  /** the chat locustfile's delivery count (printed as it quits) */
  delivery?: ChatDelivery;
  error?: string;
}

/** The Locust of the stack's virtual environment (`stack.sh env` prints PERFLAB_VENV). */
export function locustBin(venv: string | undefined, repoRoot: string): string {
  return join(venv || join(repoRoot, '.stack', 'venv'), 'bin', 'locust');
}

export async function runLocust(opts: {
  bin: string;
  locustfile: string;
  host: string;
  dir: string;
  stem: string;
  env: Record<string, string>;
  log: (s: string) => void;
}): Promise<LocustRun> {
  const prefix = join(opts.dir, opts.stem);
  const statsFile = `${prefix}_stats.csv`;
  const startedAt = Date.now() / 1000;
  if (!existsSync(opts.bin))
    return { exitCode: -1, rows: [], statsFile, startedAt, endedAt: startedAt, error: `no Locust at ${opts.bin}` };
  const args = ['-f', opts.locustfile, '--headless', '--host', opts.host, '--csv', prefix, '--csv-full-history'];
  args.push('--only-summary', '--loglevel', 'WARNING');
  opts.log(`locust ${opts.stem}: ${args.join(' ')}`);
  const log = createWriteStream(`${prefix}.log`);
  const child = spawn(opts.bin, args, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = new ProcTreeSampler(child.pid ?? -1).start(1000);
  let output = '';
  child.stdout.on('data', (b: Buffer) => {
    if (output.length < 1 << 20) output += b.toString();
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exitCode = await new Promise<number>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('exit', (code) => resolve(code ?? -1));
  });
  sampler.stop();
  log.end();
  const endedAt = Date.now() / 1000;
  const generatorCpu = cpuStats(sampler.samples);
  const delivery = parseChatDelivery(output);
  // Locust exits 1 when any request failed; the rows say how many.
  if (!existsSync(statsFile))
    return {
      exitCode,
      rows: [],
      statsFile,
      startedAt,
      endedAt,
      generatorCpu,
      error: `no ${statsFile} (see ${prefix}.log)`,
    };
  const rows = parseLocustStats(readFileSync(statsFile, 'utf8'));
  return { exitCode, rows, statsFile, startedAt, endedAt, generatorCpu, ...(delivery ? { delivery } : {}) };
}
