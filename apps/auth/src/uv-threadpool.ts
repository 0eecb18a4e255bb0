import { availableParallelism } from 'node:os';

/**
 * Must run before anything touches libuv's thread pool (it is sized on first use).
 * argon2 hashes run there, so the pool decides how many cores hashing can use: the
 * default of 4 threads would leave cores idle on a bigger machine. One thread more than
 * the cores, and PasswordHasher lets at most (size - 1) hashes in at once, so dns.lookup
 * and fs always find a free thread. Each hash holds ARGON2_MEMORY_KIB (7 MiB by default) while it
 * runs, which bounds this process's hashing memory at (size - 1) x ARGON2_MEMORY_KIB.
 */
const explicit = Number(process.env.UV_THREADPOOL_SIZE);
export const threadPoolSize = explicit > 0 ? explicit : Math.max(4, availableParallelism() + 1);
process.env.UV_THREADPOOL_SIZE = String(threadPoolSize);
export const maxConcurrentHashes = Math.max(1, threadPoolSize - 1);
