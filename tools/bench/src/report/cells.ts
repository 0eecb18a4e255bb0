// Every cell is a measured number or says why not: no blanks, no TBD.

export const NM = (why: string) => `not measured: ${why}`;

export const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function ms(v: number | null | undefined, why = 'no samples'): string {
  if (!finite(v)) return NM(why);
  return v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`;
}

export function pct(ratio: number | null | undefined, why = 'no samples', digits = 2): string {
  return finite(ratio) ? `${(ratio * 100).toFixed(digits)} %` : NM(why);
}

export function percentValue(v: number | null | undefined, why = 'no samples'): string {
  return finite(v) ? `${v.toFixed(1)} %` : NM(why);
}

export function count(v: number | null | undefined, why = 'no samples'): string {
  return finite(v) ? Math.round(v).toLocaleString('en-US') : NM(why);
}

export function rate(v: number | null | undefined, why = 'no samples'): string {
  return finite(v) ? `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} req/s` : NM(why);
}

export function bytes(v: number | null | undefined, why = 'no samples'): string {
  if (!finite(v)) return NM(why);
  if (v >= 1024 ** 3) return `${(v / 1024 ** 3).toFixed(2)} GB`;
  return `${(v / 1024 ** 2).toFixed(1)} MB`;
}

export function num(v: number | null | undefined, digits = 2, why = 'no samples'): string {
  return finite(v) ? `${+v.toFixed(digits)}` : NM(why);
}

/** A ratio, e.g. service ÷ baseline: "1.14×". */
export function times(v: number | null | undefined, why = 'no samples'): string {
  return finite(v) ? `${v.toFixed(2)}×` : NM(why);
}

export const status = (ok: boolean | null) => (ok === null ? 'n/a (no target)' : ok ? 'PASS' : 'FAIL');

export function table(head: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
