import { env } from '@perflab/config';
import { z } from 'zod';

/** The bench's CPU profile hook (cpu-profile-hook.ts), as runService reads it from the environment. */
export const cpuProfileEnv = {
  /** Unset (the default): no hook. */
  CPU_PROFILE_DIR: z.string().min(1).optional(),
  /** 1 ms is V8's default; 100 µs costs ~10× the samples. */
  CPU_PROFILE_INTERVAL_US: env.int(1000, 50, 100_000),
};
