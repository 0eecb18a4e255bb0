// auth's rule (apps/auth/src/uv-threadpool.ts): one libuv thread more than the cores, so
// argon2 hashes can use every core and dns/fs still find a free thread. libuv sizes its
// pool on first use, so this module is imported before anything else.
import { availableParallelism } from 'node:os';

const explicit = Number(process.env.UV_THREADPOOL_SIZE);
export const THREADPOOL = explicit > 0 ? explicit : Math.max(4, availableParallelism() + 1);
process.env.UV_THREADPOOL_SIZE = String(THREADPOOL);
