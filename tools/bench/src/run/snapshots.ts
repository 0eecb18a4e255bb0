import { PgSnapshot, resetStatements, snapshotPostgres } from '../collectors/postgres';
import { readRedisInfo } from '../collectors/redis';

type RedisRead = Awaited<ReturnType<typeof readRedisInfo>>;

// Postgres and Redis "before" snapshots, taken once when the first script's load starts
// (its setup() has ended), so setup()'s seeding is not in the resource tables; and
// pg_stat_statements reset at that moment, so the top-query table is this run's.

export class LoadStartSnapshots {
  statementsReset = false;
  private pg?: PgSnapshot;
  private redis?: RedisRead;

  constructor(
    private readonly databaseUrl: string,
    private readonly redisUrl: string,
  ) {}

  /** Idempotent: only the first call (the first iteration of the first script) snapshots. */
  readonly atLoadStart = async (): Promise<void> => {
    if (this.pg) return;
    this.statementsReset = await resetStatements(this.databaseUrl);
    [this.pg, this.redis] = await Promise.all([
      snapshotPostgres(this.databaseUrl, 100, this.statementsReset),
      readRedisInfo(this.redisUrl),
    ]);
  };

  /** The snapshots; taken now when no iteration was ever seen. */
  async taken(): Promise<{ pg: PgSnapshot; redis: RedisRead }> {
    await this.atLoadStart();
    return { pg: this.pg!, redis: this.redis! };
  }
}
