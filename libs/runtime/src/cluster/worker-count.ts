import { availableParallelism } from 'node:os';

/** WORKERS: 0 or unset means one per core; 1 means a single process without cluster. */
export function resolveWorkerCount(requested: number | undefined, cores = availableParallelism()): number {
  if (requested === undefined || !Number.isFinite(requested) || requested <= 0) return Math.max(1, cores);
  return Math.floor(requested);
}
