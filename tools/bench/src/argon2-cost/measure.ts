import { readFileSync } from 'node:fs';
import { Algorithm, hash, hashSync } from '@node-rs/argon2';
import type { Argon2SetCost } from './cost-file';
import type { Argon2Params } from './parameter-sets';

const PASSWORD = 'correct horse battery staple';

const options = (p: Argon2Params) => ({
  algorithm: Algorithm.Argon2id,
  memoryCost: p.memoryKib,
  timeCost: p.iterations,
  parallelism: p.parallelism,
});

/**
 * CPU per hash: `hashes` hashes one after another on this thread, CPU time from
 * process.cpuUsage (user + system), so time spent waiting for a busy CPU is not counted;
 * then `cores` hashes at once on the thread pool for `seconds`, counted. One hash first, unmeasured.
 */
export async function measureSet(
  set: Argon2Params & { name: string },
  o: { hashes: number; cores: number; seconds: number },
): Promise<Argon2SetCost> {
  hashSync(PASSWORD, options(set));
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < o.hashes; i++) hashSync(PASSWORD, options(set));
  const cpu = process.cpuUsage(cpu0);
  const wallMsPerHash = (performance.now() - wall0) / o.hashes;
  const cpuMsPerHash = (cpu.user + cpu.system) / 1_000 / o.hashes;

  let done = 0;
  const until = performance.now() + o.seconds * 1_000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.cores }, async () => {
      while (performance.now() < until) {
        await hash(PASSWORD, options(set));
        done++;
      }
    }),
  );
  const measuredHashesPerSecond = done / ((performance.now() - started) / 1_000);

  const perCore = 1_000 / cpuMsPerHash;
  return {
    ...set,
    hashes: o.hashes,
    cpuMsPerHash,
    wallMsPerHash,
    hashesPerSecondPerCore: perCore,
    ceilingHashesPerSecond: perCore * o.cores,
    measuredHashesPerSecond,
  };
}

/** Percent of CPU time idle over `ms`, from /proc/stat (100 when it cannot be read: not Linux). */
export async function cpuIdlePercent(ms: number): Promise<number> {
  const sample = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = sample();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const b = sample();
    return b.total > a.total ? (100 * (b.idle - a.idle)) / (b.total - a.total) : 100;
  } catch {
    return 100;
  }
}
