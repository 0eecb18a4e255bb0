// Prints the one summary line CI reads: vitest cases plus each non-vitest step, after the
// time each step took (steps.txt lines: `pass|fail <name> [<seconds>]`).
import { existsSync, readFileSync } from 'node:fs';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const times = [];

/**
 * A case's failure under its name (CI shows only the output's tail): the message without its
 * stack, its first 2 and last 8 lines (a long custom message, such as a service's output, ends
 * with the "expected … to be …" line).
 */
function why(messages = []) {
  const lines = (messages[0] ?? '').split('\n').filter((line) => line.trim() && !/^\s+at /.test(line));
  const shown = lines.length > 10 ? [...lines.slice(0, 2), '…', ...lines.slice(-8)] : lines;
  return shown.map((line) => `\n      ${line.slice(0, 300)}`).join('');
}

const steps = existsSync(`${dir}/steps.txt`) ? readFileSync(`${dir}/steps.txt`, 'utf8').trim().split('\n') : [];
for (const line of steps.filter(Boolean)) {
  const [outcome, name, seconds] = line.split(' ');
  if (seconds !== undefined) times.push([name, Number(seconds)]);
  if (name === 'vitest') continue; // counted per test case below
  if (outcome === 'pass') passed++;
  else {
    failed++;
    failures.push(`step ${name}`);
  }
}

if (existsSync(`${dir}/vitest.json`)) {
  const report = JSON.parse(readFileSync(`${dir}/vitest.json`, 'utf8'));
  for (const file of report.testResults) {
    // A file can fail with no failing case (a beforeAll threw; its cases count as skipped).
    if (file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) {
      failed++;
      failures.push(`${file.name}: ${file.message?.split('\n')[0] || 'failed outside its cases (a hook threw)'}`);
    }
    for (const test of file.assertionResults) {
      if (test.status === 'passed') passed++;
      else if (test.status === 'failed') {
        failed++;
        failures.push(`${test.fullName}${why(test.failureMessages)}`);
      } else skipped++;
    }
  }
}
// Vitest can fail without a failing case (a config error, an unhandled error): count it.
if (steps.some((l) => l.startsWith('fail vitest')) && !failures.some((f) => !f.startsWith('step '))) {
  failed++;
  failures.push('vitest run failed outside any test case (see its output)');
}

if (times.length) {
  const total = times.reduce((sum, [, s]) => sum + s, 0);
  console.log(`\nTime: ${times.map(([name, s]) => `${name} ${s} s`).join(', ')}; total ${total} s`);
}
if (failures.length) console.log(`\nFailed:\n  ${failures.join('\n  ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
