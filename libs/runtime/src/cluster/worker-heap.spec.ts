import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './worker-heap';

describe('workerExecArgv', () => {
  it("adds the semi-space size to the primary's own flags", () => {
    expect(workerExecArgv(['-r', '@swc-node/register'], undefined, 64)).toEqual([
      '-r',
      '@swc-node/register',
      '--max-semi-space-size=64',
    ]);
  });

  it("leaves V8's default at 0", () => {
    expect(workerExecArgv(['--enable-source-maps'], '', 0)).toEqual(['--enable-source-maps']);
  });

  it('leaves a size the operator set, in the flags or in NODE_OPTIONS', () => {
    expect(workerExecArgv(['--max-semi-space-size=8'], undefined, 64)).toEqual(['--max-semi-space-size=8']);
    expect(workerExecArgv([], '--enable-source-maps --max-semi-space-size=32', 64)).toEqual([]);
  });
});
