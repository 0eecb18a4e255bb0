// The bad-input sweep (issue 10): every service started as the smoke does (real Postgres,
// Redis, Kafka; one process each, on its own ports and database), then Schemathesis from
// the stack's venv against its /openapi.json with a fixed seed and a bounded number of
// examples per operation, a bearer token from auth for a freshly registered user. Fails on
// any 5xx, any response that does not match the document (status, content type, body), or
// any crash. Run through scripts/fuzz.sh (stack env, Node 24).
//
//   FUZZ_MAX_EXAMPLES  test cases per operation and phase (default 20)
//   FUZZ_SEED          Hypothesis seed (default 20261123): the same run twice sends the same requests
//   FUZZ_OUT           where reports and service logs go (default .stack/fuzz)
//   FUZZ_ONLY          comma-separated services to fuzz (default all; auth always starts: it issues the token)
//   FUZZ_LOG_LEVEL     the services' LOG_LEVEL (default warn; info shows every refused request)
/* global fetch, setTimeout, AbortSignal, URL, Buffer */ // Node globals (the lint config of .mjs files lists k6's)
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '..');
const VENV = process.env.PERFLAB_VENV ?? join(ROOT, '.stack/venv');
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '20';
const SEED = process.env.FUZZ_SEED ?? '20261123';
const OUT = resolve(ROOT, process.env.FUZZ_OUT ?? '.stack/fuzz');
const DATABASE = 'perflab_fuzz';
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  // A method a path does not have answers 405 with an Allow header that names the ones it does.
  'unsupported_method',
  'allow_header_conformance',
].join(',');
const RUN = `fuzz${Date.now().toString(36)}`;
/** auth creates this ADMIN at start-up (ADMIN_EMAIL): reporting answers an ADMIN for any company. */
const ADMIN = { email: `${RUN}-admin@example.com`, password: 'FuzzAdmin123!' };

const withDatabase = (url, name) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const databaseUrl = withDatabase(
  process.env.DATABASE_URL ?? 'postgresql://perflab:perflab@127.0.0.1:5432/perflab',
  DATABASE,
);
const log = (line) => console.log(`fuzz: ${line}`);

/**
 * Each service, on its port + 200 (the dev services use the port itself, the bench's bare
 * baselines port + 100), so a fuzz run and a bench run can share the machine. A new service
 * adds itself here.
 */
const SERVICES = [
  {
    name: 'auth',
    entry: 'apps/auth/src/main.ts',
    port: 3201,
    env: { REDIS_KEY_PREFIX: `${RUN}-auth`, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  },
  {
    name: 'notifications',
    entry: 'apps/notifications/src/main.ts',
    port: 3202,
    env: {
      REDIS_KEY_PREFIX: `${RUN}-notifications`,
      AUTH_JWKS_URL: 'http://127.0.0.1:3201/.well-known/jwks.json',
      // Its own topic and groups: the fuzz run never joins the dev or bench consumers.
      NOTIFICATIONS_TOPIC: 'fuzz.notification.requested.v1',
      NOTIFICATIONS_GROUP: 'fuzz-notification-workers',
      WELCOME_GROUP: 'fuzz-notification-welcome',
      CACHE_WARMING_ENABLED: 'false',
    },
  },
  {
    name: 'ingestion',
    entry: 'apps/ingestion/src/main.ts',
    port: 3204,
    env: {
      // Schemathesis cannot sign: every webhook is refused before its body is read (401), as documented.
      WEBHOOK_SECRETS: `fuzz=whsec_${Buffer.from(RUN.padEnd(32, '0')).toString('base64')}`,
      SESSION_COMPLETED_TOPIC: 'fuzz.impact.session-completed.v1',
      FEEDBACK_RECEIVED_TOPIC: 'fuzz.impact.feedback-received.v1',
    },
  },
  {
    name: 'recommendations',
    entry: 'apps/recommendations/src/main.ts',
    port: 3200,
    env: {
      REDIS_KEY_PREFIX: `${RUN}-recommendations`,
      USER_BEHAVIOR_TOPIC: 'fuzz.user.behavior.v1',
      BEHAVIOR_GROUP: 'fuzz-ecomm-consumers',
    },
  },
  {
    name: 'reporting',
    entry: 'apps/reporting/src/main.ts',
    port: 3205,
    // A user without a companyId reads nothing (403): an ADMIN reaches every report's code.
    token: 'admin',
    env: {
      REDIS_KEY_PREFIX: `${RUN}-reporting`,
      AUTH_JWKS_URL: 'http://127.0.0.1:3201/.well-known/jwks.json',
      // Ingestion's fuzz topics (it declares them), and a group of its own.
      SESSION_COMPLETED_TOPIC: 'fuzz.impact.session-completed.v1',
      FEEDBACK_RECEIVED_TOPIC: 'fuzz.impact.feedback-received.v1',
      REPORTING_GROUP: 'fuzz-reporting-rollups',
    },
  },
  {
    name: 'chat',
    entry: 'apps/chat/src/main.ts',
    port: 3203,
    // The run's user is a member of no chat: history answers 403 after its params and query pass.
    env: {
      REDIS_KEY_PREFIX: `${RUN}-chat`,
      AUTH_JWKS_URL: 'http://127.0.0.1:3201/.well-known/jwks.json',
      CHAT_MESSAGES_TOPIC: 'fuzz.chat.message.sent.v1',
    },
  },
];

function run(command, args, options = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

async function freshDatabase() {
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [DATABASE],
    );
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const code = await run(process.execPath, ['-r', '@swc-node/register', 'libs/database/src/cli/migrate.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (code !== 0) throw new Error(`migrating ${DATABASE} failed (exit ${code})`);
}

async function answers(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

const started = [];

async function start(service) {
  const base = `http://127.0.0.1:${service.port}`;
  if (await answers(`${base}/health/live`)) throw new Error(`${service.name}: port ${service.port} is already in use`);
  const logFile = join(OUT, `${service.name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', service.entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(service.port),
      WORKERS: '1',
      LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'warn',
      DATABASE_URL: databaseUrl,
      ...service.env,
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  started.push({ ...service, child });
  const deadline = Date.now() + 90_000;
  while (!(await answers(`${base}/health/live`))) {
    if (child.exitCode !== null) throw new Error(`${service.name} exited at start-up (log: ${logFile})`);
    if (Date.now() > deadline) throw new Error(`${service.name} did not answer in 90 s (log: ${logFile})`);
    await new Promise((wake) => setTimeout(wake, 500));
  }
  log(`${service.name} up on ${base} (pid ${child.pid})`);
  return base;
}

async function stopAll() {
  await Promise.all(
    started.map(
      ({ child }) =>
        new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
}

/** Access tokens for this run: `user`, freshly registered (USER role), and `admin` (ADMIN_EMAIL). */
async function accessTokens(authBase) {
  const post = (path, body) =>
    fetch(`${authBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const login = async (email, password) => {
    const reply = await post('/auth/login', { email, password });
    if (reply.status !== 200) throw new Error(`login as ${email} answered ${reply.status}: ${await reply.text()}`);
    return (await reply.json()).access_token;
  };
  const account = { email: `${RUN}@example.com`, password: 'FuzzRun123!', name: 'Fuzz Run' };
  const registered = await post('/auth/register', account);
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
  return { user: await login(account.email, account.password), admin: await login(ADMIN.email, ADMIN.password) };
}

async function fuzz(service, base, token) {
  const dir = join(OUT, service.name);
  mkdirSync(dir, { recursive: true });
  log(`${service.name}: schemathesis, ${MAX_EXAMPLES} examples per operation, seed ${SEED}`);
  return run(
    join(VENV, 'bin', 'schemathesis'),
    [
      'run',
      `${base}/openapi.json`,
      '--checks',
      CHECKS,
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      MAX_EXAMPLES,
      '--seed',
      SEED,
      // One worker: with two threads, CPython 3.11.7's compiler (Hypothesis compiles strategies)
      // sometimes fails "AST constructor recursion depth mismatch", crashing the run.
      '--workers',
      '1',
      '--request-timeout',
      '10',
      '--header',
      `Authorization: Bearer ${token}`,
      '--report',
      'junit,ndjson',
      '--report-dir',
      dir,
    ],
    { cwd: dir }, // its .schemathesis/ cache lands there, not in the checkout
  );
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  await freshDatabase();
  log(`${DATABASE}: dropped, recreated and migrated`);
  const bases = [];
  for (const service of SERVICES) bases.push(await start(service));
  const tokens = await accessTokens(bases[0]);
  const failed = [];
  const only = process.env.FUZZ_ONLY?.split(',').map((name) => name.trim());
  for (const [index, service] of SERVICES.entries())
    if (only && !only.includes(service.name)) log(`${service.name}: skipped (FUZZ_ONLY)`);
    else if ((await fuzz(service, bases[index], tokens[service.token ?? 'user'])) !== 0) failed.push(service.name);
  log(
    `${failed.length ? `FAILED: ${failed.join(', ')}` : 'no server error, every answer as documented'} ` +
      `(${Math.round((Date.now() - t0) / 1000)} s; reports and service logs in ${OUT})`,
  );
  return failed.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  log(`ERROR: ${error.message}`);
} finally {
  await stopAll();
}
process.exit(code);
