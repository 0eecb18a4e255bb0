// Bare baseline for the auth suite's hottest endpoint, GET /users/:id (001 user profile,
// 1,000 req/s, p95 < 150 ms): node:http, no framework, the same essential I/O — one Redis
// GET of a cached JSON profile. The service's throughput and p95 are reported as a ratio to
// this, measured in the same session on the same machine.
import { createServer } from 'node:http';
import Redis from 'ioredis';

const PORT = Number(process.env.PORT ?? 3101);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const PREFIX = 'bench:baseline:profile:';
const USERS = 1000;

async function seed(): Promise<void> {
  // Deterministic: the same 1,000 profiles every run.
  const pipe = redis.pipeline();
  for (let i = 0; i < USERS; i++) {
    pipe.set(
      `${PREFIX}${i}`,
      JSON.stringify({
        id: String(i),
        email: `user${i}@example.com`,
        name: `User ${i}`,
        bio: 'x'.repeat(120),
        avatarUrl: null,
        settings: { theme: 'light' },
        role: 'USER',
      }),
      'EX',
      3600,
    );
  }
  await pipe.exec();
}

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const m = /^\/users\/([^/?]+)$/.exec(req.url ?? '');
  if (req.method !== 'GET' || !m) {
    res.writeHead(404).end();
    return;
  }
  redis.get(PREFIX + m[1]).then(
    (body) => {
      if (body === null) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    },
    () => res.writeHead(503).end(),
  );
});

seed().then(() => server.listen(PORT, '127.0.0.1'));
const stop = () => server.close(() => redis.quit().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
