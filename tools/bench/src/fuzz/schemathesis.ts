import { spawn } from 'node:child_process';
import { join } from 'node:path';

// One Schemathesis run against a service's /openapi.json: which checks and phases, how many
// examples, which seed, and where its reports go.

export const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  // A method a path does not have answers 405 with an Allow header that names the ones it does.
  'unsupported_method',
  'allow_header_conformance',
];

export interface SchemathesisRun {
  base: string;
  token: string;
  maxExamples: string;
  seed: string;
  reportDir: string;
}

export function schemathesisArgs(r: SchemathesisRun): string[] {
  return [
    'run',
    `${r.base}/openapi.json`,
    '--checks',
    CHECKS.join(','),
    '--phases',
    'examples,coverage,fuzzing',
    '--max-examples',
    r.maxExamples,
    '--seed',
    r.seed,
    // One worker: with two threads, CPython 3.11.7's compiler (Hypothesis compiles strategies)
    // sometimes fails "AST constructor recursion depth mismatch", crashing the run.
    '--workers',
    '1',
    '--request-timeout',
    '10',
    '--header',
    `Authorization: Bearer ${r.token}`,
    '--report',
    'junit,ndjson',
    '--report-dir',
    r.reportDir,
  ];
}

/** Runs it on the terminal; resolves with its exit code. */
export function runSchemathesis(venv: string, r: SchemathesisRun): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(venv, 'bin', 'schemathesis'), schemathesisArgs(r), {
      cwd: r.reportDir, // its .schemathesis/ cache lands there, not in the checkout
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
