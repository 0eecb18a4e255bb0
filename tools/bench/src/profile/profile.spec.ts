import { describe, expect, it } from 'vitest';
import { CallFrame, CpuProfile } from './cpuprofile';
import { flameGraph } from './flame-graph';
import { packageOf } from './packages';
import { mergeProfiles, summarise } from './summary';

const frame = (functionName: string, url = ''): CallFrame => ({ functionName, url, lineNumber: 0, columnNumber: 0 });
const NM = '/work/main/node_modules';

describe('packageOf', () => {
  it.each([
    [`${NM}/@nestjs/core/router/router-execution-context.js`, 'nest'],
    [`${NM}/fastify/lib/route.js`, 'fastify'],
    [`${NM}/find-my-way/index.js`, 'fastify'],
    [`${NM}/@prisma/client/runtime/client.js`, 'prisma'],
    [`${NM}/pg-protocol/dist/parser.js`, 'pg'],
    [`${NM}/kafkajs/src/network/connection.js`, 'kafkajs'],
    [`${NM}/ioredis/built/Redis.js`, 'ioredis'],
    [`${NM}/pino/lib/proto.js`, 'pino'],
    [`${NM}/prom-client/lib/histogram.js`, 'prom-client'],
    [`file://${NM}/some-lib/node_modules/pg/lib/client.js`, 'pg'],
    ['node:internal/streams/readable', 'node internals'],
    ['/work/wt-x/apps/notifications/src/shared/notification.repository.ts', 'ours'],
    ['/work/wt-x/libs/runtime/src/http/error.filter.ts', 'ours'],
    // A bare baseline's own code, as the bench builds it.
    ['/work/main/dist/bench/load-tests-baselines-notifications/load-tests/baselines/notifications.js', 'ours'],
    [`${NM}/left-pad/index.js`, 'left-pad'],
    // A service's generated Prisma client, compiled into its build.
    ['/work/main/dist/bench/notifications/prisma/notifications/generated/internal/class.js', 'prisma'],
  ])('%s → %s', (url, pkg) => expect(packageOf(frame('f', url))).toBe(pkg));

  it('puts V8 pseudo-frames and url-less builtins where they belong', () => {
    expect(packageOf(frame('(garbage collector)'))).toBe('gc');
    expect(packageOf(frame('(program)'))).toBe('node internals');
    expect(packageOf(frame('stringify'))).toBe('node internals');
  });
});

/** root → main → {fastify handler → ours, (garbage collector)}; (idle) beside main. */
function profile(): CpuProfile {
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
      { id: 2, callFrame: frame('main', '/r/apps/x/src/main.ts'), children: [3] },
      { id: 3, callFrame: frame('handler', `${NM}/fastify/lib/handle.js`), children: [4] },
      { id: 4, callFrame: frame('list', '/r/apps/x/src/list.ts') },
      { id: 5, callFrame: frame('(garbage collector)') },
      { id: 6, callFrame: frame('(idle)') },
    ],
    startTime: 0,
    endTime: 10_000,
    // 10 samples of 1 ms: list ×4, handler ×2, main ×1, gc ×1, idle ×2
    samples: [4, 4, 3, 4, 2, 5, 6, 6, 4, 3],
    timeDeltas: Array(10).fill(1000),
  };
}

describe('merging profiles', () => {
  it('adds self and total time per frame across workers, idle apart', () => {
    const tree = mergeProfiles([profile(), profile()]);
    expect(tree.totalUs).toBe(2 * 8000);
    expect(tree.idleUs).toBe(2 * 2000);
    const main = [...tree.children.values()].find((n) => n.frame.functionName === 'main')!;
    expect(main.totalUs).toBe(2 * 7000);
    expect(main.selfUs).toBe(2 * 1000);
  });

  it('ranks packages and frames by self time, as shares of the CPU time', () => {
    const tree = mergeProfiles([profile()]);
    const s = summarise([{ pid: 1, profile: profile() }], tree, 1000, []);
    expect(s.cpuMs).toBe(8);
    expect(s.idleMs).toBe(2);
    expect(s.packages.map((p) => [p.name, p.selfMs])).toEqual([
      ['ours', 5],
      ['fastify', 2],
      ['gc', 1],
    ]);
    expect(s.topFrames[0]).toMatchObject({
      frame: 'list apps/x/src/list.ts:1',
      package: 'ours',
      selfMs: 4,
      share: 0.5,
    });
  });
});

describe('the flame graph', () => {
  it('draws each frame as wide as its total time, with the numbers on hover', () => {
    const svg = flameGraph(mergeProfiles([profile()]), 'test run');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>main apps/x/src/main.ts:1 [ours] total 7.0 ms (87.50 %), self 1.0 ms</title>');
    expect(svg).toMatch(
      /<title>handler fastify\/lib\/handle\.js:1 \[fastify\][^<]*<\/title><rect x="0\.00" y="\d+" width="900\.00"/,
    );
    expect(svg).not.toContain('(idle)');
    expect(svg).not.toContain('__Y');
  });
});
