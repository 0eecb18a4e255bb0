import { env } from '@perflab/config';

/** How runService sizes each cluster worker's young generation. */
export const workerHeapEnv = {
  /**
   * MB per semi-space of each cluster worker's young generation (V8's --max-semi-space-size);
   * 0 leaves V8's own default. A worker serving requests allocates short-lived objects fast
   * (framework, validation, JSON): a larger young generation scavenges less often and promotes
   * less to the old one. Measured in load-tests/notifications/RESULTS.md (2026-11-25). A single
   * process (WORKERS=1) cannot resize its own heap: give it NODE_OPTIONS=--max-semi-space-size=N.
   */
  WORKER_SEMI_SPACE_MB: env.int(64, 0, 1_024),
};

/**
 * The node flags each worker starts with: the primary's own, plus the semi-space size unless
 * it is 0 or the operator already set one (in the primary's flags or NODE_OPTIONS, which win).
 */
export function workerExecArgv(
  primaryExecArgv: readonly string[],
  nodeOptions: string | undefined,
  semiSpaceMb: number,
): string[] {
  const setByOperator = [...primaryExecArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) =>
    flag.startsWith('--max-semi-space-size'),
  );
  if (semiSpaceMb === 0 || setByOperator) return [...primaryExecArgv];
  return [...primaryExecArgv, `--max-semi-space-size=${semiSpaceMb}`];
}
