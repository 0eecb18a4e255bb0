/**
 * The bench's numeric options, checked before anything runs: a typo (`--quiet-wait 2m`,
 * `--rate-scale O.4`) is refused with the option's name instead of silently turning a check
 * off or scaling a run by NaN.
 */
const BOUNDS: Record<string, { min: number; minExclusive?: boolean; integer?: boolean }> = {
  'vu-scale': { min: 0, minExclusive: true },
  'rate-scale': { min: 0, minExclusive: true },
  'duration-scale': { min: 0, minExclusive: true },
  rounds: { min: 1, integer: true },
  'max-regression': { min: 0 },
  warmup: { min: 0 },
  repeat: { min: 1, integer: true },
  settle: { min: 0 },
  'quiet-wait': { min: 0 },
  'quiet-load': { min: 0 },
};

/** One line per bad option, e.g. `--quiet-wait "2m": a number ≥ 0 (seconds)`; empty when all are good. */
export function numericOptionProblems(values: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, bound] of Object.entries(BOUNDS)) {
    const raw = values[name];
    if (raw === undefined) continue;
    const text = String(raw).trim();
    const n = Number(text);
    const ok =
      text !== '' &&
      Number.isFinite(n) &&
      (bound.minExclusive ? n > bound.min : n >= bound.min) &&
      (!bound.integer || Number.isInteger(n));
    if (!ok)
      problems.push(
        `--${name} "${String(raw)}": ${bound.integer ? 'a whole number' : 'a number'} ${bound.minExclusive ? '>' : '≥'} ${bound.min}`,
      );
  }
  return problems;
}
