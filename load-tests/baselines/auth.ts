// Bare baseline for the auth suite: node:http, no framework, serving what the suite's own k6
// scripts call (register.js, login.js, profile.js run against it unchanged, BASE_URL pointed
// here) with the same I/O as apps/auth:
// - register: argon2id hash (@node-rs/argon2, the service's ARGON2_* parameters, at most
//   threadpool − 1 hashes at once), then one transaction: the users INSERT and the
//   user.registered outbox row; then a nudge of the outbox relay (acks=all produce);
// - login: SELECT the user by email, argon2id verify (an unknown email burns the same work),
//   INSERT the refresh token's sha256, sign an EdDSA access token (jose);
// - GET /users/:id and /users/me: Redis GET user:<id> / me:<id>, on a miss the SELECT and a SET EX;
//   /users/me first verifies the bearer token.
// The same worker count and pool size (service env files), the same UV_THREADPOOL_SIZE rule.
// No validation library, metrics, logging, or rate limits (the load profiles turn auth's off;
// in smoke the service's limiter calls are extra work the baseline does not do).
import { THREADPOOL } from './_auth-threadpool'; // first: libuv sizes its pool on first use
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import Redis from 'ioredis';
import { jwtVerify, SignJWT } from 'jose';
import {
  HttpError,
  Reply,
  baselineTopic,
  createTopic,
  jsonServer,
  kafka,
  outboxRelay,
  parseJson,
  runClustered,
  servicePool,
} from './_bare';

const PORT = Number(process.env.PORT ?? 3101);
const PARTITIONS = 6; // user.registered.v1's partition count (@perflab/contracts)
const ISSUER = process.env.JWT_ISSUER ?? 'perflab-auth';
const AUDIENCE = process.env.JWT_AUDIENCE ?? 'perflab';
const ACCESS_TTL = Number(process.env.JWT_ACCESS_TTL_SECONDS ?? 900);
const REFRESH_TTL = Number(process.env.JWT_REFRESH_TTL_SECONDS ?? 2_592_000);
const CACHE_TTL = Number(process.env.PROFILE_CACHE_TTL_SECONDS ?? 300);
const ARGON2 = {
  algorithm: Algorithm.Argon2id,
  memoryCost: Number(process.env.ARGON2_MEMORY_KIB ?? 7_168),
  timeCost: Number(process.env.ARGON2_ITERATIONS ?? 5),
  parallelism: Number(process.env.ARGON2_PARALLELISM ?? 1),
};

const USER = `id::text AS id, email, password_hash AS "passwordHash", name, role::text AS role, bio,
  avatar_url AS "avatarUrl", settings, created_at AS "createdAt", updated_at AS "updatedAt"`;
const INSERT_USER = `INSERT INTO users (id, email, password_hash, name, updated_at) VALUES ($1, $2, $3, $4, now()) RETURNING ${USER}`;
const INSERT_OUTBOX = `INSERT INTO outbox_events (topic, key, payload, headers)
  SELECT topic, key, payload, headers FROM jsonb_to_recordset($1::jsonb)
  AS e(topic text, key text, payload jsonb, headers jsonb)`;
const BY_EMAIL = `SELECT ${USER} FROM users WHERE email = $1 LIMIT 1`;
const BY_ID = `SELECT ${USER} FROM users WHERE id = $1::uuid LIMIT 1`;
const INSERT_REFRESH = `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`;

interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  name: string;
  role: string;
  bio: string | null;
  avatarUrl: string | null;
  settings: unknown;
  createdAt: Date;
  updatedAt: Date;
}

const publicProfile = (u: UserRow) => ({
  id: u.id,
  name: u.name,
  bio: u.bio,
  avatarUrl: u.avatarUrl,
  createdAt: new Date(u.createdAt).toISOString(),
});
const ownProfile = (u: UserRow) => ({
  ...publicProfile(u),
  email: u.email,
  role: u.role,
  settings: u.settings,
  updatedAt: new Date(u.updatedAt).toISOString(),
});

/** PasswordHasher's cap: at most threadpool − 1 hashes in flight, the rest wait in order. */
function concurrencyLimit(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

async function serve(): Promise<() => Promise<unknown>> {
  const topic = process.env.BASELINE_USER_TOPIC!; // set by the primary
  const privateKey = createPrivateKey({ key: JSON.parse(process.env.BASELINE_SIGNING_JWK!) as never, format: 'jwk' });
  const publicKey = createPublicKey(privateKey);
  const pool = servicePool('auth');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
  const nudge = outboxRelay(pool, producer, [topic]);
  const slots = concurrencyLimit(Math.max(1, THREADPOOL - 1));
  const dummy = slots(() => hash('timing-equaliser-not-a-real-password', ARGON2));
  const prefix = 'bench:baseline:auth:';

  async function cached<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = await redis.get(prefix + key);
    if (hit !== null) return JSON.parse(hit) as T;
    const value = await load();
    if (value !== undefined) await redis.set(prefix + key, JSON.stringify(value), 'EX', CACHE_TTL);
    return value;
  }

  async function register(body: Record<string, unknown>): Promise<Reply> {
    const email = String(body.email ?? '').toLowerCase();
    const { password } = body;
    const name = body.name ?? body.username; // `name` (002) or `username` (001's k6 script), as the service
    if (!email.includes('@') || typeof password !== 'string' || password.length < 8 || typeof name !== 'string')
      throw new HttpError(400, 'invalid registration');
    const passwordHash = await slots(() => hash(password, ARGON2));
    const id = randomUUID();
    const event = { userId: id, email, name, role: 'USER', registeredAt: new Date().toISOString() };
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<UserRow>(INSERT_USER, [id, email, passwordHash, name]);
      await client.query(INSERT_OUTBOX, [JSON.stringify([{ topic, key: id, payload: event, headers: null }])]);
      await client.query('COMMIT');
      nudge();
      return [201, ownProfile(rows[0])];
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if ((error as { code?: string }).code === '23505') throw new HttpError(409, 'That email is already registered');
      throw error;
    } finally {
      client.release();
    }
  }

  async function login(body: Record<string, unknown>): Promise<Reply> {
    const email = String(body.email ?? '').toLowerCase();
    const password = String(body.password ?? '');
    const user = (await pool.query<UserRow>(BY_EMAIL, [email])).rows[0];
    const stored = user?.passwordHash ?? (await dummy);
    const valid = await slots(() => verify(stored, password)).catch(() => false);
    if (!user || !valid) throw new HttpError(401, 'Invalid email or password');
    const refresh = randomBytes(32).toString('base64url');
    const tokenHash = createHash('sha256').update(refresh).digest('hex');
    const expiresAt = new Date(Date.now() + REFRESH_TTL * 1000);
    await pool.query(INSERT_REFRESH, [randomUUID(), user.id, randomUUID(), tokenHash, expiresAt]);
    const now = Math.floor(Date.now() / 1000);
    const access = await new SignJWT({ email: user.email, role: user.role })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'baseline', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TTL)
      .sign(privateKey);
    return [200, { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: ACCESS_TTL }];
  }

  async function me(req: IncomingMessage): Promise<Reply> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new HttpError(401, 'Authentication required');
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['EdDSA'],
      clockTolerance: 5,
      requiredClaims: ['sub', 'exp', 'iat'],
    }).catch(() => {
      throw new HttpError(401, 'Invalid token');
    });
    const id = String(payload.sub).toLowerCase();
    const profile = await cached(`me:${id}`, async () => {
      const u = (await pool.query<UserRow>(BY_ID, [id])).rows[0];
      return u ? ownProfile(u) : undefined;
    });
    if (!profile) throw new HttpError(404, 'No such user');
    return [200, profile];
  }

  async function route(req: IncomingMessage, body: string): Promise<Reply> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return [200, { status: 'ok' }];
    if (req.method === 'POST' && path === '/auth/register') return register(parseJson(body));
    if (req.method === 'POST' && path === '/auth/login') return login(parseJson(body));
    if (req.method === 'GET' && path === '/users/me') return me(req);
    const m = /^\/users\/([0-9a-f-]{36})$/i.exec(path);
    if (req.method === 'GET' && m) {
      const id = m[1].toLowerCase();
      const profile = await cached(`user:${id}`, async () => {
        const u = (await pool.query<UserRow>(BY_ID, [id])).rows[0];
        return u ? publicProfile(u) : undefined;
      });
      if (!profile) throw new HttpError(404, 'No such user');
      return [200, profile];
    }
    throw new HttpError(404, 'not found');
  }

  await producer.connect();
  const server = jsonServer(route).listen(PORT, '127.0.0.1');
  return () => {
    server.close();
    return Promise.allSettled([producer.disconnect(), redis.quit(), pool.end()]);
  };
}

runClustered(async () => {
  // One signing key for every worker (a token one worker signs, another verifies), as auth
  // shares its key through the database; a topic of the baseline's own, never user.registered.v1.
  const topic = baselineTopic('user-registered.v1');
  await createTopic(topic, PARTITIONS);
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return { BASELINE_USER_TOPIC: topic, BASELINE_SIGNING_JWK: JSON.stringify(jwk) };
}, serve);
