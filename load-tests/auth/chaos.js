// The chaos load (npm run bench -- auth --profile chaos): registrations (the writes the bench's
// ledger follows, by email, to the user row and its user.registered.v1 event), logins and
// profile reads of one account made in setup(), at a steady rate.
import { api, PASSWORD, seedAccounts } from './_auth.js';
import { jsonOf, requireHealthy } from '../lib/http.js';
import { uniqueEmail } from '../lib/ids.js';
import { CHAOS_TIMEOUT, chaosOptions, record } from '../lib/chaos.js';

export const options = chaosOptions();

export function setup() {
  requireHealthy(api.base);
  return { account: seedAccounts(1, 'chaos-reader')[0] };
}

export function chaos(data) {
  const r = Math.random();
  if (r < 0.4) {
    const email = uniqueEmail('chaos');
    const res = api.postJson(
      '/auth/register',
      { email, password: PASSWORD, name: 'k6 chaos' },
      { name: 'POST /auth/register', timeout: CHAOS_TIMEOUT },
    );
    record('register', res, { key: email, id: res.status === 201 ? (jsonOf(res) || {}).id : undefined });
  } else if (r < 0.6) {
    const res = api.postJson(
      '/auth/login',
      { email: data.account.email, password: PASSWORD },
      { name: 'POST /auth/login', timeout: CHAOS_TIMEOUT },
    );
    record('login', res);
  } else {
    const res = api.get('/users/me', { name: 'GET /users/me', token: data.account.token, timeout: CHAOS_TIMEOUT });
    record('profile', res);
  }
}
