import { bytes, pct } from './cells';

// Each resource bar in its unit, so a target reads "< 2.00 GB", not "< 2147483648".

export type Unit = (n: number) => string;

const plain: Unit = (n) => `${+n.toFixed(3)}`;
const percent: Unit = (n) => `${+n.toFixed(2)} %`;
const millis: Unit = (n) => `${+n.toFixed(1)} ms`;

export function resourceUnit(key: string): Unit {
  if (key.endsWith('_bytes')) return (n) => bytes(n);
  if (key.endsWith('_percent')) return percent;
  if (key.endsWith('_ms')) return millis;
  if (key.endsWith('_seconds')) return (n) => `${+n.toFixed(1)} s`;
  if (key.endsWith('_rate')) return (n) => pct(n, undefined, 1);
  return plain;
}
