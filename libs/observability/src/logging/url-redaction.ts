import { CENSOR, SECRET_FIELDS } from './secret-names';

/**
 * Query parameters that carry a credential: the SECRET_FIELDS names compared without case, `_`
 * or `-`, so `access_token`, `accessToken`, `ACCESS_TOKEN` and `access-token` are one name.
 * Whole names only, as for fields: `token_type`, `pageToken` or `tokenizer` are not secrets,
 * and matching parts of names would censor cursors and flags as well.
 */
const SECRET_PARAMS = new Set(SECRET_FIELDS.map(normaliseName));

/** Bounds on a secret name as written (each character may be percent-encoded): others are not read. */
const SHORTEST_NAME = Math.min(...[...SECRET_PARAMS].map((name) => name.length));
const LONGEST_NAME = 3 * Math.max(...SECRET_FIELDS.map((name) => name.length));

function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes('_') || lower.includes('-') ? lower.replace(/[-_]/g, '') : lower;
}

/**
 * The URL (absolute, or a path with its query, as `req.url`) with the value of each secret query
 * parameter replaced by `[redacted]`: `/reset?token=[redacted]&lang=en`. Names, other parameters
 * and the fragment are kept as written. A URL without a query costs one `indexOf('?')`; one
 * without a secret is scanned once and returned as it is, with no new string.
 */
export function censorUrl(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : censorQuery(url, query + 1);
}

/** censorUrl for a logged value: a string, or a URL object (which a line would write as its href). */
export function censorUrlValue(value: unknown): unknown {
  if (typeof value === 'string') return censorUrl(value);
  if (value instanceof URL) return censorUrl(value.href);
  return value;
}

function censorQuery(url: string, start: number): string {
  const hash = url.indexOf('#', start);
  const end = hash === -1 ? url.length : hash;
  let censored = '';
  let copied = 0; // url up to here is in `censored`
  let equals = -1; // the next '=' at or after the current parameter (url.length: none)
  for (let param = start; param < end;) {
    let next = url.indexOf('&', param);
    if (next === -1 || next > end) next = end;
    // Looked up again only once passed: a query of names without values stays one scan.
    if (equals < param) {
      equals = url.indexOf('=', param);
      if (equals === -1) equals = url.length;
    }
    // A value to censor: this parameter has '=' and something after it (`token=` stays empty).
    const nameLength = equals - param;
    if (
      equals + 1 < next &&
      nameLength >= SHORTEST_NAME &&
      nameLength <= LONGEST_NAME &&
      isSecretParam(url.slice(param, equals))
    ) {
      censored += url.slice(copied, equals + 1) + CENSOR;
      copied = next;
    }
    param = next + 1;
  }
  return copied === 0 ? url : censored + url.slice(copied);
}

/** Names are compared decoded: `access%5Ftoken` is `access_token`. Undecodable names are compared as written. */
function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.has(normaliseName(name.includes('%') ? decodeName(name) : name));
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
