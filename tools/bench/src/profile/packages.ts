import type { CallFrame } from './cpuprofile';

// Which package a frame's code belongs to, so the report can say "Prisma 18 %, Nest 9 %".

/** Node's own code (streams, sockets, url-less natives), charged to its caller where it has one (cpuprofile.ts's chargeOf). */
export const NODE_INTERNALS = 'node internals';

const NAMED: [RegExp, string][] = [
  [/^@nestjs\//, 'nest'],
  [/^(fastify|@fastify\/.*|find-my-way|light-my-request|avvio|fast-json-stringify|secure-json-parse)$/, 'fastify'],
  [/^(@prisma\/.*|prisma)$/, 'prisma'],
  [/^(pg|pg-.*|postgres-.*)$/, 'pg'],
  [/^kafkajs$/, 'kafkajs'],
  [/^(ioredis|redis-parser|@ioredis\/.*)$/, 'ioredis'],
  [/^(pino|pino-.*|sonic-boom|thread-stream)$/, 'pino'],
  [/^prom-client$/, 'prom-client'],
  [/^(@opentelemetry\/.*)$/, 'opentelemetry'],
  [/^(zod)$/, 'zod'],
  [/^(jose)$/, 'jose'],
  [/^(rxjs|reflect-metadata)$/, 'nest'],
];

/** The npm package name in a path (the last node_modules segment wins: nested deps). */
function npmPackage(url: string): string | null {
  const i = url.lastIndexOf('node_modules/');
  if (i < 0) return null;
  const rest = url.slice(i + 'node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'gc';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'node internals';
    return 'node internals'; // native builtins (JSON.parse, RegExp, …) have no url
  }
  if (url.startsWith('node:') || !url.includes('/')) return 'node internals';
  const pkg = npmPackage(url);
  // A service's generated Prisma client (prisma/<service>/generated, compiled into its build) is Prisma's code.
  if (pkg === null && /\/prisma\/[^/]+\/generated\//.test(url)) return 'prisma';
  // A bare baseline's own code (load-tests/baselines) is "ours" too: the hand-written twin of ours.
  if (pkg === null) return /\/(apps|libs|load-tests\/baselines)\//.test(url) ? 'ours' : 'other';
  for (const [re, name] of NAMED) if (re.test(pkg)) return name;
  return pkg;
}
