import type { TreeNode } from './cpuprofile';
import { packageOf } from './packages';

// A flame graph as a self-contained SVG (no script): one row per stack depth, root at the
// bottom, each frame as wide as its total time, coloured by package; hover shows the numbers.

const WIDTH = 1200;
const ROW = 16;
const MIN_PX = 0.3;

const COLOURS: Record<string, string> = {
  ours: '#e4572e',
  nest: '#e0245e',
  fastify: '#2e86ab',
  prisma: '#5a67d8',
  pg: '#336791',
  kafkajs: '#8e44ad',
  ioredis: '#c0392b',
  pino: '#16a085',
  'prom-client': '#d35400',
  opentelemetry: '#7f8c8d',
  'node internals': '#f5b041',
  gc: '#95a5a6',
};
const colourOf = (pkg: string) => COLOURS[pkg] ?? '#b7950b';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function label(node: TreeNode): string {
  const f = node.frame;
  const name = f.functionName || '(anonymous)';
  const file = f.url ? f.url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|libs)\//, '$1/') : '';
  return file ? `${name} ${file}:${f.lineNumber + 1}` : name;
}

export function flameGraph(tree: TreeNode, title: string): string {
  const total = tree.totalUs;
  const rects: string[] = [];
  let depthMax = 0;
  const place = (node: TreeNode, x: number, depth: number) => {
    const w = (node.totalUs / total) * WIDTH;
    if (w < MIN_PX) return;
    depthMax = Math.max(depthMax, depth);
    rects.push(rect(node, x, depth, w, total));
    let cx = x;
    for (const c of [...node.children.values()].sort((a, b) => b.totalUs - a.totalUs)) {
      place(c, cx, depth + 1);
      cx += (c.totalUs / total) * WIDTH;
    }
  };
  if (total > 0) place(tree, 0, 0);
  const height = (depthMax + 1) * ROW + 40;
  // Rows were placed from the root up; flip so the root sits at the bottom.
  const body = rects.map((r) =>
    r.replace(/__Y(\d+)__/g, (_m, d: string) => String(height - 10 - (Number(d) + 1) * ROW)),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="4" y="16" font-size="13">${esc(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function rect(node: TreeNode, x: number, depth: number, w: number, total: number): string {
  const pkg = node.frame.lineNumber === -1 && !node.frame.url ? 'all' : packageOf(node.frame);
  const text = label(node);
  const share = ((node.totalUs / total) * 100).toFixed(2);
  const tip = `${text} [${pkg}] total ${(node.totalUs / 1000).toFixed(1)} ms (${share} %), self ${(node.selfUs / 1000).toFixed(1)} ms`;
  const chars = Math.floor((w - 4) / 6.6);
  const shown = chars >= 3 ? (text.length > chars ? `${text.slice(0, chars - 1)}…` : text) : '';
  return [
    `<g><title>${esc(tip)}</title>`,
    `<rect x="${x.toFixed(2)}" y="__Y${depth}__" width="${w.toFixed(2)}" height="${ROW - 1}" fill="${pkg === 'all' ? '#dddddd' : colourOf(pkg)}" rx="1"/>`,
    shown ? `<text x="${(x + 2).toFixed(2)}" y="__Y${depth}__" dy="12" fill="#000">${esc(shown)}</text>` : '',
    '</g>',
  ].join('');
}
