import type { Argon2CostFile, Argon2SetCost } from '../../argon2-cost/cost-file';
import { costTable } from '../../argon2-cost/cost-table';
import { authParamsFrom, sameParams } from '../../argon2-cost/parameter-sets';
import { describeBound, meets, targetsFor, type TargetsFile } from '../../targets/targets';
import { NM, pct, rate, status, table } from '../cells';
import type { GradeRow } from '../grade';
import type { RunData } from '../model';

// Auth's register and login runs beside what the CPU can hash (issue #14): every register is one
// argon2id hash, every login one verification of the same cost, so req/s is bounded by the
// hashes/s `npm run argon2-cost` measured on this machine. Computes from the run only.

/** k6 scripts whose every request costs one argon2id hash. */
const HASH_BOUND_SCRIPTS = ['register', 'login'];

interface HashBoundRow {
  script: string;
  reached: number;
  ceiling: number | null;
  ratio: number | null;
}

function serviceSet(run: RunData): Argon2SetCost | undefined {
  const params = authParamsFrom(run.config.serviceEnv);
  return run.argon2Cost?.sets.find((s) => sameParams(s, params));
}

function hashBoundRows(run: RunData): HashBoundRow[] {
  const set = serviceSet(run);
  return run.scripts
    .filter((s) => HASH_BOUND_SCRIPTS.includes(s.script))
    .map((s) => {
      const ceiling = set ? set.ceilingHashesPerSecond : null;
      return { script: s.script, reached: s.series.avgRps, ceiling, ratio: ceiling ? s.series.avgRps / ceiling : null };
    });
}

/** Graded rows (counted in the verdict): a scenario with `hash_ceiling_ratio` in targets.json. */
export function costModelRows(run: RunData, targets: TargetsFile): GradeRow[] {
  if (run.suite !== 'auth') return [];
  return hashBoundRows(run).flatMap((r) => {
    const bar = targets.suites.auth?.scenarios[r.script]
      ? targetsFor(targets, 'auth', r.script, run.profile).hash_ceiling_ratio
      : undefined;
    if (!bar) return [];
    // Smoke is functional: two VUs do not load the hash, so the ratio says nothing there.
    const graded = run.profile !== 'smoke';
    const why = run.argon2Cost ? 'no argon2-cost measurement for the service’s parameters' : 'no argon2-cost.json';
    return [
      {
        scope: r.script,
        metric: 'req/s ÷ argon2 ceiling',
        value: r.ratio,
        shown: r.ratio === null ? NM(why) : pct(r.ratio, why, 0),
        target: describeBound(bar),
        ok: r.ratio === null || !graded ? null : meets(r.ratio, bar),
        ...(graded ? {} : { why: 'smoke does not load the hash' }),
      },
    ];
  });
}

export function costModel(run: RunData): string {
  if (run.suite !== 'auth' || !run.scripts.some((s) => HASH_BOUND_SCRIPTS.includes(s.script))) return '';
  const head = '## Password hashing: the cost model';
  const cost: Argon2CostFile | undefined = run.argon2Cost;
  if (!cost)
    return [
      head,
      '',
      'Not measured: no `load-tests/auth/argon2-cost.json` (record it with `npm run argon2-cost` on this machine, quiet).',
    ].join('\n');
  const params = authParamsFrom(run.config.serviceEnv);
  const set = serviceSet(run);
  return [
    head,
    '',
    'Each register is one argon2id hash and each login one verification of the same cost, so their',
    'req/s cannot exceed the hashes/s this machine’s cores give at the service’s parameters — and',
    'they share those cores with k6, Postgres and the rest of the stack, so the ceiling is an upper bound.',
    '',
    ...costTable(cost, params),
    '',
    table(
      ['Script', 'Reached', 'Ceiling (service’s parameters)', 'Reached ÷ ceiling'],
      hashBoundRows(run).map((r) => [
        r.script,
        rate(r.reached),
        r.ceiling === null
          ? NM(`the service ran m=${params.memoryKib} KiB, t=${params.iterations}, not measured`)
          : rate(r.ceiling),
        r.ratio === null ? NM('no ceiling') : pct(r.ratio, 'no ceiling', 0),
      ]),
    ),
    ...(set ? [] : ['', `The service's parameters are not among the measured sets: ${status(null)}.`]),
  ].join('\n');
}
