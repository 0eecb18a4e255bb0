import type { Argon2CostFile } from './cost-file';
import { sameParams, type Argon2Params } from './parameter-sets';

const n = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The measurement as a markdown table; `current` marks the set the service runs with. */
export function costTable(file: Argon2CostFile, current?: Argon2Params): string[] {
  const m = file.machine;
  return [
    `Measured ${file.measuredAt} on ${m.cores} × ${m.cpuModel}, Node ${m.node}; CPU ${n(m.idleBeforePercent, 0)} % idle before the start.`,
    '',
    `| argon2id (OWASP-equivalent) | CPU per hash | hashes/s per core | ceiling on ${m.cores} cores (per core × cores) | measured, ${m.cores} at once |`,
    '| --- | --- | --- | --- | --- |',
    ...file.sets.map(
      (s) =>
        `| ${s.name} (m=${s.memoryKib} KiB, t=${s.iterations}, p=${s.parallelism})${current && sameParams(s, current) ? ' **← service**' : ''} | ${n(s.cpuMsPerHash, 2)} ms | ${n(s.hashesPerSecondPerCore)} | ${n(s.ceilingHashesPerSecond)} /s | ${n(s.measuredHashesPerSecond)} /s |`,
    ),
  ];
}
