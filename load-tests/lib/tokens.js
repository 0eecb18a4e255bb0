// One way for a suite to get a bearer token from auth in setup(): the guide's Pre-Test
// Checklist steps 5–6 (notifications' 002), reused by every suite behind auth-guard.
import { assertLoopback, client, jsonOf } from './http.js';
import { uniqueEmail } from './ids.js';

/** AUTH_URL (default http://127.0.0.1:3001): loopback only, checked in init. */
export const auth = client(assertLoopback(__ENV.AUTH_URL || 'http://127.0.0.1:3001'));

/**
 * AUTH_TOKEN from the environment if given; else log in as ADMIN_EMAIL/ADMIN_PASSWORD (the
 * bench passes the ADMIN auth creates for the run); else register a fresh user (role USER, no
 * company) as `<prefix>-…@example.com` named `name`, and log in.
 */
export function obtainToken({ prefix = 'loadtest', name = 'Load Test User' } = {}) {
  if (__ENV.AUTH_TOKEN) return __ENV.AUTH_TOKEN;
  let email = __ENV.ADMIN_EMAIL;
  let password = __ENV.ADMIN_PASSWORD;
  if (!email || !password) {
    email = uniqueEmail(prefix);
    password = 'LoadTest123!';
    const reg = auth.postJson('/auth/register', { email, password, name }, { name: 'setup register' });
    if (reg.status !== 201) throw new Error(`setup: ${auth.base}/auth/register answered ${reg.status}: ${reg.body}`);
  }
  const login = auth.postJson('/auth/login', { email, password }, { name: 'setup login' });
  const token = (jsonOf(login) || {}).access_token;
  if (login.status !== 200 || !token)
    throw new Error(`setup: ${auth.base}/auth/login answered ${login.status}: ${login.body}`);
  return token;
}
