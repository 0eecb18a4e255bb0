import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths';
import { machineInfo } from './machine';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('machineInfo: which code ran', () => {
  const other = mkdtempSync(join(tmpdir(), 'bench-machine-'));
  afterAll(() => rmSync(other, { recursive: true, force: true }));

  it("names the commit of the checkout the service ran from (a compare's worktree), not the bench's", () => {
    git(other, 'init', '-q');
    writeFileSync(join(other, 'f'), 'x');
    git(other, 'add', 'f');
    git(other, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one');
    const info = machineInfo('/nonexistent/k6', undefined, other);
    expect(info.gitCommit).toBe(git(other, 'rev-parse', '--short', 'HEAD'));
    expect(info.gitDirty).toBe(false);
    expect(machineInfo('/nonexistent/k6').gitCommit).toBe(git(REPO_ROOT, 'rev-parse', '--short', 'HEAD'));
  });
});
