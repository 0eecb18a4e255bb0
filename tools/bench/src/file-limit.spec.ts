import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withFileLimit } from './file-limit';

describe('withFileLimit', () => {
  it('runs the command with the soft descriptor limit raised as far as allowed, arguments intact', () => {
    const [command, args] = withFileLimit('/bin/sh', ['-c', 'ulimit -n; echo "$0"', 'a b']);
    const [limit, arg] = execFileSync(command, args).toString().trim().split('\n');
    const hard = execFileSync('/bin/sh', ['-c', 'ulimit -Hn']).toString().trim();
    expect(limit).toBe(hard === 'unlimited' || Number(hard) >= 65_536 ? '65536' : hard);
    expect(arg).toBe('a b');
  });
});
