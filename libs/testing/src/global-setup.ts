import { Socket } from 'node:net';
import { assertTestDatabase, testEnv } from './test-env';

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(port, host);
  });
}

/** Fails the whole integration run early, with one clear line, when the stack is down. */
export default async function globalSetup(): Promise<void> {
  assertTestDatabase(testEnv.databaseUrl);
  const pg = new URL(testEnv.databaseUrl);
  const redis = new URL(testEnv.redisUrl);
  const [kafkaHost, kafkaPort] = testEnv.kafkaBrokers[0].split(':');
  const checks = [
    ['Postgres', pg.hostname, Number(pg.port || 5432)],
    ['Redis', redis.hostname, Number(redis.port || 6379)],
    ['Kafka', kafkaHost, Number(kafkaPort)],
  ] as const;
  const down: string[] = [];
  for (const [name, host, port] of checks) {
    if (!(await reachable(host, port))) down.push(`${name} (${host}:${port})`);
  }
  if (down.length > 0) {
    throw new Error(`Integration tests need the stack; not reachable: ${down.join(', ')}. Run: npm run stack -- up`);
  }
}
