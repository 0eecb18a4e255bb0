// Helpers shared by the auth scripts (files starting with "_" are not run by the bench).
import { client, baseUrl, jsonOf } from '../lib/http.js';
import { uniqueEmail } from '../lib/ids.js';

// BASE_URL from __ENV, default http://127.0.0.1:3001; throws in init for a non-loopback host.
export const api = client(baseUrl(3001));

export const PASSWORD = 'password123'; // what 001's script sends; passes the service's policy

const RATE_LIMIT_HINT =
  'auth answered 429: its rate limits are on. For load profiles start auth with RATE_LIMIT_ENABLED=false ' +
  '(or raise REGISTER_LIMIT_PER_IP / LOGIN_LIMIT_PER_IP / LOGIN_LIMIT_PER_ACCOUNT); see load-tests/auth/README.md';

/** For setup(): n fresh accounts, registered and logged in. Throws with a hint on 429. */
export function seedAccounts(n, prefix) {
  const accounts = [];
  for (let i = 0; i < n; i++) {
    const email = uniqueEmail(prefix);
    const reg = api.postJson(
      '/auth/register',
      { email, password: PASSWORD, name: `k6 ${prefix} ${i}` },
      { name: 'setup register' },
    );
    if (reg.status === 429) throw new Error(RATE_LIMIT_HINT);
    if (reg.status !== 201) throw new Error(`setup: register answered ${reg.status}: ${reg.body}`);
    const login = api.postJson('/auth/login', { email, password: PASSWORD }, { name: 'setup login' });
    if (login.status === 429) throw new Error(RATE_LIMIT_HINT);
    if (login.status !== 200) throw new Error(`setup: login answered ${login.status}: ${login.body}`);
    accounts.push({ id: jsonOf(reg).id, email, token: jsonOf(login).access_token });
  }
  return accounts;
}

/** Accounts in setup(): few for smoke (stays inside the default per-IP register limit). */
export function accountCount(smokeCount, loadCount) {
  if (__ENV.ACCOUNTS) return parseInt(__ENV.ACCOUNTS, 10);
  return (__ENV.PROFILE || 'smoke') === 'smoke' ? smokeCount : loadCount;
}
