// One request helper for every suite: loopback-only BASE_URL, JSON bodies, route-template
// tags (so /users/123 and /users/456 are one row in the report) and the synthetic-traffic
// baggage header (opentelemetry-demo's load generator does the same).
import http from 'k6/http';

export const SYNTHETIC_HEADERS = { baggage: 'synthetic_request=true' };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/** Host part of an http(s) URL; k6 has no WHATWG URL, so a small parser. */
export function hostOf(url) {
  const m = /^https?:\/\/(\[[^\]]+\]|[^/:?#]+)(?::\d+)?(?:[/?#]|$)/i.exec(url);
  if (!m) throw new Error(`BASE_URL is not an http(s) URL: ${url}`);
  return m[1];
}

/** Throws unless the URL points at this machine: load tests never leave loopback. */
export function assertLoopback(url) {
  const host = hostOf(url);
  if (!LOOPBACK.test(host)) {
    throw new Error(`refusing to load-test non-loopback host "${host}" (allowed: 127.0.0.0/8, ::1, localhost)`);
  }
  return url.replace(/\/+$/, '');
}

/** BASE_URL from __ENV (or http://127.0.0.1:<defaultPort>), checked in init. */
export function baseUrl(defaultPort) {
  return assertLoopback(__ENV.BASE_URL || `http://127.0.0.1:${defaultPort}`);
}

function params(opts = {}) {
  const headers = { ...SYNTHETIC_HEADERS, ...(opts.headers || {}) };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const tags = { ...(opts.tags || {}) };
  if (opts.name) tags.name = opts.name;
  const p = { headers, tags };
  if (opts.timeout) p.timeout = opts.timeout;
  if (opts.expected) p.responseCallback = http.expectedStatuses(...opts.expected);
  return p;
}

/**
 * A client bound to a base URL. Every method takes (path, opts) where opts:
 * { name: route template tag, token, tags, headers, timeout, expected: [statuses counted as ok] }
 */
export function client(base) {
  const url = (path) => `${base}${path}`;
  return {
    base,
    get: (path, opts) => http.get(url(path), params(opts)),
    del: (path, opts) => http.del(url(path), null, params(opts)),
    postJson: (path, body, opts = {}) => http.post(url(path), JSON.stringify(body), params({ ...opts, body })),
    putJson: (path, body, opts = {}) => http.put(url(path), JSON.stringify(body), params({ ...opts, body })),
    patchJson: (path, body, opts = {}) => http.patch(url(path), JSON.stringify(body), params({ ...opts, body })),
  };
}

/** Parsed JSON body or null (never throws on a non-JSON error page). */
export function jsonOf(res) {
  try {
    return res.json();
  } catch {
    return null;
  }
}

/**
 * For setup(): throws when the target's health endpoint does not answer 200, so a run
 * against a service that is down fails at once instead of producing a report of errors.
 */
export function requireHealthy(base, path = '/health') {
  const res = http.get(`${base}${path}`, { headers: SYNTHETIC_HEADERS, tags: { name: 'setup health' }, timeout: '5s' });
  if (res.status !== 200) {
    throw new Error(`${base}${path} answered ${res.status || res.error}: start the service before the load test`);
  }
  return jsonOf(res);
}
