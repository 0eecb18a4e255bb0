// npm run argon2-cost [-- --hashes 20 --seconds 5 --out <file> --no-write]
// Measures argon2id's CPU cost per hash on this machine for OWASP's equivalent parameter sets,
// prints hashes/s per core and the ceiling that implies here, and records it in
// load-tests/auth/argon2-cost.json, which the auth report's cost model reads. Run it on a quiet
// machine (it says how idle the CPU was before it started); it takes about a minute.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { ARGON2_COST_FILE, type Argon2CostFile } from './cost-file';
import { cpuIdlePercent, measureSet } from './measure';
import { OWASP_ARGON2ID_SETS } from './parameter-sets';
import { costTable } from './cost-table';

const cores = availableParallelism();
// Before the first hash sizes libuv's pool: one thread per core, so `cores` hashes run at once.
process.env.UV_THREADPOOL_SIZE = String(Math.max(4, cores));

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

async function main(args: string[]): Promise<void> {
  const hashes = Number(flag(args, 'hashes', '20'));
  const seconds = Number(flag(args, 'seconds', '5'));
  const out = flag(args, 'out', ARGON2_COST_FILE);
  const idleBeforePercent = await cpuIdlePercent(3_000);
  if (idleBeforePercent < 90)
    process.stderr.write(
      `argon2-cost: CPU only ${idleBeforePercent.toFixed(0)} % idle before the start: not a quiet machine\n`,
    );
  const sets = [];
  for (const set of OWASP_ARGON2ID_SETS) {
    process.stderr.write(`argon2-cost: ${set.name} …\n`);
    sets.push(await measureSet(set, { hashes, cores, seconds }));
  }
  const file: Argon2CostFile = {
    measuredAt: new Date().toISOString(),
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cores,
      node: process.version,
      loadAvg: loadavg(),
      idleBeforePercent,
    },
    sets,
  };
  process.stdout.write(costTable(file).join('\n') + '\n');
  if (!args.includes('--no-write')) {
    writeFileSync(out, JSON.stringify(file, null, 2) + '\n');
    process.stdout.write(`\nwritten to ${out}\n`);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`argon2-cost: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
