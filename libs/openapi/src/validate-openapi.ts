import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** `stack.sh env`'s PERFLAB_VENV, else where the stack puts it (STACK_DIR or <repo>/.stack). */
const defaultVenv = () =>
  process.env.PERFLAB_VENV ?? join(process.env.STACK_DIR ?? resolve(__dirname, '../../../.stack'), 'venv');

/**
 * Validates a document against the OpenAPI 3.1 meta-schema with Schemathesis's validator,
 * from the stack's venv (`stack.sh up` makes it): the same check the fuzz run makes before
 * it sends a request. Returns null when valid, else the validator's message.
 */
export function openApiProblems(document: unknown, venv = defaultVenv()): string | null {
  const script = [
    'import json, sys, schemathesis',
    'try:',
    '    schemathesis.openapi.from_dict(json.load(sys.stdin)).validate()',
    'except Exception as error:',
    '    print(error)',
  ].join('\n');
  const output = execFileSync(join(venv, 'bin', 'python'), ['-c', script], {
    input: JSON.stringify(document),
    encoding: 'utf8',
  }).trim();
  return output === '' ? null : output;
}
