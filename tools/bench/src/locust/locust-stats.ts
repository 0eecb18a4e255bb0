// Locust's `<prefix>_stats.csv` (one row per request name, plus "Aggregated"), read into numbers.

export interface LocustRow {
  method: string;
  name: string;
  requests: number;
  failures: number;
  medianMs: number;
  avgMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  rps: number;
}

/** One CSV line; quoted fields may hold commas and doubled quotes. */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  out.push(field);
  return out;
}

/** Rows in file order; the "Aggregated" row is the one with an empty method. */
export function parseLocustStats(text: string): LocustRow[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!header) return [];
  const columns = csvFields(header);
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`Locust stats CSV has no column "${name}" (has: ${columns.join(', ')})`);
    return index;
  };
  const number = (fields: string[], name: string) => {
    const value = Number(fields[at(name)]);
    return Number.isFinite(value) ? value : NaN;
  };
  return lines.map((line) => {
    const f = csvFields(line);
    return {
      method: f[at('Type')],
      name: f[at('Name')],
      requests: number(f, 'Request Count'),
      failures: number(f, 'Failure Count'),
      medianMs: number(f, 'Median Response Time'),
      avgMs: number(f, 'Average Response Time'),
      p95Ms: number(f, '95%'),
      p99Ms: number(f, '99%'),
      maxMs: number(f, 'Max Response Time'),
      rps: number(f, 'Requests/s'),
    };
  });
}
