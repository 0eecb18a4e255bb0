// Ids that never collide across VUs, iterations and runs: run id + VU id in test +
// iteration + a per-VU counter (several ids in one iteration).
import exec from 'k6/execution';

// The bench passes RUN_ID; a bare `k6 run` gets a per-process one (init runs per VU, so
// each VU may compute its own — still unique because the VU id is part of every id).
export const RUN_ID = __ENV.RUN_ID || `r${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

let counter = 0;

function vuId() {
  try {
    return exec.vu.idInTest;
  } catch {
    return 0; // setup/teardown and init have no VU
  }
}

function iteration() {
  try {
    return exec.vu.iterationInInstance;
  } catch {
    return 0;
  }
}

/** e.g. uniqueId('user') → user-r1abc-12-40-0 */
export function uniqueId(prefix = 'id') {
  counter += 1;
  return `${prefix}-${RUN_ID}-${vuId()}-${iteration()}-${counter}`;
}

/** A unique, valid email under the reserved example.com domain. */
export function uniqueEmail(prefix = 'k6') {
  return `${uniqueId(prefix)}@example.com`.toLowerCase();
}

/** A random RFC 4122 version-4 UUID (synthetic user ids, where a service stores them as UUIDs). */
export function uuid() {
  const hex = '0123456789abcdef';
  let out = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-';
    else if (i === 14) out += '4';
    else if (i === 19) out += hex[8 + Math.floor(Math.random() * 4)];
    else out += hex[Math.floor(Math.random() * 16)];
  }
  return out;
}
