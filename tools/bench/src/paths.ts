import { resolve } from 'node:path';

// tools/bench/src → repository root, independent of the caller's cwd.
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const LOAD_TESTS = resolve(REPO_ROOT, 'load-tests');
export const TARGETS_FILE = resolve(LOAD_TESTS, 'targets.json');
export const RESULTS_DIR = resolve(LOAD_TESTS, 'results');
export const STACK_SH = resolve(REPO_ROOT, 'infra', 'stack', 'stack.sh');
