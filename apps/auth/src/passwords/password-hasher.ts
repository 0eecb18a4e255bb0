import { Algorithm, hash, verify } from '@node-rs/argon2';
import { ConcurrencyLimit } from '@perflab/async';

export interface Argon2Params {
  memoryKib: number;
  iterations: number;
  parallelism: number;
  /**
   * Hashes allowed on the thread pool at once. The pool is FIFO and shared with dns.lookup
   * and fs: without a cap, a burst of registrations queues a DNS lookup (a Kafka or
   * Postgres reconnect) behind every pending hash. Excess hashes wait here instead.
   */
  maxConcurrent?: number;
}

/**
 * argon2id through @node-rs/argon2: the hashing runs on libuv's thread pool, so the event
 * loop keeps serving other requests while a hash is computed (see main.ts for the pool size).
 */
export class PasswordHasher {
  private readonly slots: ConcurrencyLimit;

  constructor(private readonly params: Argon2Params) {
    this.slots = new ConcurrencyLimit(params.maxConcurrent ?? 3);
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() =>
      hash(password, {
        algorithm: Algorithm.Argon2id,
        memoryCost: this.params.memoryKib,
        timeCost: this.params.iterations,
        parallelism: this.params.parallelism,
      }),
    );
  }

  /** False for a wrong password or a malformed stored hash; never throws on a mismatch. */
  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await this.slots.run(() => verify(storedHash, password));
    } catch {
      return false;
    }
  }

  /**
   * For unknown emails: spend the same time as a real check, so response time does not
   * reveal whether an account exists.
   */
  async burn(password: string): Promise<false> {
    await this.verify(await this.dummyHash(), password);
    return false;
  }

  private dummy?: Promise<string>;
  private dummyHash(): Promise<string> {
    this.dummy ??= this.hash('timing-equaliser-not-a-real-password');
    return this.dummy;
  }
}
