import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deleteRunTopics } from '../collectors/kafka';
import { REPO_ROOT } from '../paths';
import { loadTargets } from '../targets/targets';
import { accessTokens } from './access-tokens';
import { FUZZED } from './fuzz-plan';
import { runSchemathesis } from './schemathesis';
import { FuzzServices, startFuzzServices } from './start-fuzz-services';

// The bad-input sweep (issue 10): every service started as the bench's smoke starts it (its
// database, Redis, seed, env, ports and code: start-fuzz-services.ts), then Schemathesis from
// the stack's venv against its /openapi.json with a fixed seed and a bounded number of
// examples per operation, a bearer token from auth for a freshly registered user. Fails on
// any 5xx, any response that does not match the document (status, content type, body), or
// any crash. Run through scripts/fuzz.sh (stack env, Node 24) under the bench lock.
//
//   FUZZ_MAX_EXAMPLES  test cases per operation and phase (default 20)
//   FUZZ_SEED          Hypothesis seed (default 20261123): the same run twice sends the same requests
//   FUZZ_OUT           where reports and service logs go (default .stack/fuzz)
//   FUZZ_ONLY          comma-separated services to fuzz (default all; every one starts: auth issues the token)
//   FUZZ_LOG_LEVEL     the services' LOG_LEVEL (default warn; info shows every refused request)

const log = (line: string) => console.log(`fuzz: ${line}`);

function stackEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS']) {
    const value = process.env[key];
    if (!value) throw new Error(`${key} is not set (run through scripts/fuzz.sh: it reads the stack's env)`);
    env[key] = value;
  }
  return env;
}

async function main(): Promise<number> {
  const venv = process.env.PERFLAB_VENV ?? join(REPO_ROOT, '.stack/venv');
  const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? '20';
  const seed = process.env.FUZZ_SEED ?? '20261123';
  const outDir = resolve(REPO_ROOT, process.env.FUZZ_OUT ?? '.stack/fuzz');
  const only = process.env.FUZZ_ONLY?.split(',').map((name) => name.trim());
  const runId = `fuzz-${Date.now().toString(36)}`;
  const admin = { email: `${runId}-admin@example.com`, password: 'FuzzAdmin123!' };
  const stack = stackEnv();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const t0 = Date.now();
  let services: FuzzServices | undefined;
  try {
    services = await startFuzzServices({
      services: FUZZED,
      targets: loadTargets(),
      stackEnv: stack,
      runId,
      admin,
      logLevel: process.env.FUZZ_LOG_LEVEL ?? 'warn',
      outDir,
      log,
    });
    const tokens = await accessTokens(services.bases.auth, runId, admin);
    const failed: string[] = [];
    for (const service of FUZZED) {
      if (only && !only.includes(service.name)) {
        log(`${service.name}: skipped (FUZZ_ONLY)`);
        continue;
      }
      const reportDir = join(outDir, service.name);
      mkdirSync(reportDir, { recursive: true });
      log(`${service.name}: schemathesis, ${maxExamples} examples per operation, seed ${seed}`);
      const code = await runSchemathesis(venv, {
        base: services.bases[service.name],
        token: tokens[service.token],
        maxExamples,
        seed,
        reportDir,
      });
      if (code !== 0) failed.push(service.name);
    }
    log(
      `${failed.length ? `FAILED: ${failed.join(', ')}` : 'no server error, every answer as documented'} ` +
        `(${Math.round((Date.now() - t0) / 1000)} s; reports and service logs in ${outDir})`,
    );
    return failed.length ? 1 : 0;
  } finally {
    await services?.stop();
    await deleteRunTopics(stack.KAFKA_BROKERS.split(','), runId, log);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    log(`ERROR: ${err.message}`);
    process.exit(1);
  },
);
