import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_TESTS } from './paths';

// The environment the bench gives a service it starts, per suite and profile:
// load-tests/<suite>/service.env, then load-tests/<suite>/service.<profile>.env on top.
// E.g. auth's load profiles turn its per-IP rate limits off (all k6 traffic comes from
// 127.0.0.1); smoke runs the service as configured by default.

export interface ServiceEnv {
  env: Record<string, string>;
  /** repo-relative files read, in order (later wins) */
  files: string[];
}

/** KEY=value lines; `#` comments, blank lines, optional `export `, optional quotes. */
export function parseEnvFile(text: string, file = 'env file'): Record<string, string> {
  const out: Record<string, string> = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`${file}:${i + 1}: not KEY=value: "${line}"`);
    const v = m[2].trim();
    out[m[1]] = /^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v.replace(/\s+#.*$/, '');
  });
  return out;
}

/** `${RUN_ID}` in a value becomes this run's id (per-run Kafka topics and groups). */
export function substitute(env: Record<string, string>, vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v.replace(/\$\{([A-Z_]+)\}/g, (_m, name: string) => {
        if (!(name in vars))
          throw new Error(`service env ${k}: unknown \${${name}} (have: ${Object.keys(vars).join(', ')})`);
        return vars[name];
      }),
    ]),
  );
}

export function serviceEnvFor(
  suite: string,
  profile: string,
  root = LOAD_TESTS,
  vars: Record<string, string> = {},
): ServiceEnv {
  const env: Record<string, string> = {};
  const files: string[] = [];
  for (const name of ['service.env', `service.${profile}.env`]) {
    const file = join(root, suite, name);
    if (!existsSync(file)) continue;
    Object.assign(env, parseEnvFile(readFileSync(file, 'utf8'), file));
    files.push(`load-tests/${suite}/${name}`);
  }
  return { env: substitute(env, { RUN_ID: 'run', ...vars }), files };
}

const SECRET = /PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_KEY|(^|_)KEY$/i;

/** For the report: names and values, with anything secret-looking replaced. */
export function redactEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      SECRET.test(k) ? '(set, not shown)' : v.replace(/\/\/[^/@\s]+@/, '//***@'),
    ]),
  );
}
