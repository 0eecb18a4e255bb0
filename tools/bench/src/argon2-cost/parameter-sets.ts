/** One argon2id cost: memory (KiB), passes, lanes. */
export interface Argon2Params {
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/**
 * OWASP's Password Storage Cheat Sheet lists these argon2id settings as equivalent in
 * resistance to offline cracking (m × t roughly constant, p = 1): they differ in what they
 * cost this machine's CPU and memory bandwidth per hash, which is what the tool measures.
 */
export const OWASP_ARGON2ID_SETS: (Argon2Params & { name: string })[] = [
  { name: '46 MiB × 1', memoryKib: 47_104, iterations: 1, parallelism: 1 },
  { name: '19 MiB × 2', memoryKib: 19_456, iterations: 2, parallelism: 1 },
  { name: '12 MiB × 3', memoryKib: 12_288, iterations: 3, parallelism: 1 },
  { name: '9 MiB × 4', memoryKib: 9_216, iterations: 4, parallelism: 1 },
  { name: '7 MiB × 5', memoryKib: 7_168, iterations: 5, parallelism: 1 },
];

/** auth's defaults (ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM in apps/auth/src/auth.config.ts). */
export const AUTH_DEFAULT_ARGON2: Argon2Params = { memoryKib: 7_168, iterations: 5, parallelism: 1 };

/** The params a bench-started auth ran with: its env where set, else auth's defaults. */
export function authParamsFrom(env: Record<string, string> | undefined): Argon2Params {
  const int = (key: string, fallback: number) => {
    const v = Number(env?.[key]);
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  return {
    memoryKib: int('ARGON2_MEMORY_KIB', AUTH_DEFAULT_ARGON2.memoryKib),
    iterations: int('ARGON2_ITERATIONS', AUTH_DEFAULT_ARGON2.iterations),
    parallelism: int('ARGON2_PARALLELISM', AUTH_DEFAULT_ARGON2.parallelism),
  };
}

export const sameParams = (a: Argon2Params, b: Argon2Params) =>
  a.memoryKib === b.memoryKib && a.iterations === b.iterations && a.parallelism === b.parallelism;
