import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseEnv, StackEnv } from '../stack';
import { REPO_ROOT, STACK_SH } from '../paths';
import { ChaosStackPorts, Dependency } from './config';

// The bench's own Postgres, Redis and Kafka for a chaos run: the shared stack's pieces
// (infra/stack) started again under another STACK_DIR and other ports, so stopping them is
// real (Postgres fast shutdown, Redis shutdown, Kafka controlled shutdown) and nobody else's
// work stops with them. Downloads (Kafka jars) come from the shared stack's cache.

export const CHAOS_PIECES: Dependency[] = ['postgres', 'redis', 'kafka'];

export class ChaosStack {
  readonly dir: string;
  private readonly vars: Record<string, string>;

  constructor(ports: ChaosStackPorts, sharedDir = process.env.STACK_DIR ?? join(REPO_ROOT, '.stack')) {
    this.dir = join(sharedDir, ports.dir);
    this.vars = {
      STACK_DIR: this.dir,
      STACK_CACHE_DIR: join(sharedDir, 'cache'),
      STACK_PG_PORT: String(ports.pg_port),
      STACK_REDIS_PORT: String(ports.redis_port),
      STACK_KAFKA_PORT: String(ports.kafka_port),
      STACK_KAFKA_CONTROLLER_PORT: String(ports.kafka_controller_port),
    };
  }

  /** stack.sh with this stack's dir and ports; resolves with its output, rejects with it on failure. */
  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [STACK_SH, ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...this.vars },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      child.on('close', (code) =>
        code === 0
          ? resolve(out)
          : reject(new Error(`stack.sh ${args.join(' ')} (chaos stack) exited ${code}:\n${out}`)),
      );
    });
  }

  async up(pieces: Dependency[] = CHAOS_PIECES): Promise<void> {
    await this.run(['up', ...pieces]);
  }

  async down(pieces: Dependency[] = CHAOS_PIECES): Promise<void> {
    await this.run(['down', ...pieces]);
  }

  /** The shared stack's env (k6, Prometheus) with this stack's Postgres, Redis and Kafka. */
  async env(shared: StackEnv): Promise<StackEnv> {
    const own = parseEnv(await this.run(['env']));
    return {
      ...shared,
      DATABASE_URL: own.DATABASE_URL,
      REDIS_URL: own.REDIS_URL,
      KAFKA_BROKERS: own.KAFKA_BROKERS,
    };
  }

  describe(): string {
    const v = this.vars;
    return `the bench's own, in ${this.dir}: Postgres :${v.STACK_PG_PORT}, Redis :${v.STACK_REDIS_PORT}, Kafka :${v.STACK_KAFKA_PORT} (controller :${v.STACK_KAFKA_CONTROLLER_PORT}); started for this run and stopped after`;
  }
}
