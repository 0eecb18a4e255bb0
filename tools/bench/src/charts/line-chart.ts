// A small hand-written SVG line chart: no native deps, renders in any Markdown viewer.

export interface LineSeries {
  name: string;
  points: [number, number][];
  color?: string;
  /** plot against the right axis */
  right?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  yRightLabel?: string;
  width?: number;
  height?: number;
  /** format x tick values (default: number) */
  xFormat?: (x: number) => string;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmtNum = (v: number) => (Math.abs(v) >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toPrecision(3)}`);

export function lineChart(series: LineSeries[], o: ChartOptions): string {
  const W = o.width ?? 720;
  const H = o.height ?? 300;
  const m = { l: 60, r: o.yRightLabel ? 60 : 20, t: 30, b: 60 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = all.map(([x]) => x);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length ? Math.max(...xs) : 1;
  const yMax = (right: boolean) =>
    niceMax(
      Math.max(
        0,
        ...series
          .filter((s) => !!s.right === right)
          .flatMap((s) => s.points.map(([, y]) => y))
          .filter(Number.isFinite),
      ),
    );
  const yl = yMax(false);
  const yr = yMax(true);
  const sx = (x: number) => m.l + (x1 === x0 ? pw / 2 : ((x - x0) / (x1 - x0)) * pw);
  const sy = (y: number, right?: boolean) => m.t + ph - (y / (right ? yr : yl)) * ph;
  const xf = o.xFormat ?? fmtNum;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(o.title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const y = m.t + (ph * i) / 4;
    parts.push(`<line x1="${m.l}" y1="${y}" x2="${m.l + pw}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.l - 6}" y="${y + 4}" text-anchor="end">${fmtNum(yl * (1 - i / 4))}</text>`);
    if (o.yRightLabel) parts.push(`<text x="${m.l + pw + 6}" y="${y + 4}">${fmtNum(yr * (1 - i / 4))}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const xv = x0 + ((x1 - x0) * i) / 5;
    parts.push(`<text x="${sx(xv)}" y="${m.t + ph + 16}" text-anchor="middle">${esc(xf(xv))}</text>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 26}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
  );
  if (o.yRightLabel)
    parts.push(
      `<text transform="translate(${W - 10} ${m.t + ph / 2}) rotate(90)" text-anchor="middle">${esc(o.yRightLabel)}</text>`,
    );
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (pts.length === 1) {
      parts.push(`<circle cx="${sx(pts[0][0])}" cy="${sy(pts[0][1], s.right)}" r="3" fill="${color}"/>`);
    } else if (pts.length) {
      const d = pts.map(([x, y], k) => `${k ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y, s.right).toFixed(1)}`).join('');
      parts.push(
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"${s.right ? ' stroke-dasharray="5,3"' : ''}/>`,
      );
    }
    const lx = m.l + i * 130;
    parts.push(`<rect x="${lx}" y="${H - 14}" width="12" height="4" fill="${color}"/>`);
    parts.push(`<text x="${lx + 16}" y="${H - 9}">${esc(s.name + (s.right ? ' (right)' : ''))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
