/** Fields that hold a credential, in the spellings code and payloads use (camelCase and snake_case). */
const SECRET_FIELDS = [
  'password',
  'passwordHash',
  'password_hash',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'secret',
  'clientSecret',
  'client_secret',
  'apiKey',
  'api_key',
];

/** Request headers that carry one (Node lower-cases header names). */
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-access-token',
  'x-refresh-token',
  'x-auth-token',
];

/**
 * Paths pino replaces with `[redacted]`: credentials and secrets in the shapes code
 * tends to log (request headers, bodies, DTOs one or two levels deep).
 */
export const REDACTED_PATHS: string[] = [
  ...SECRET_HEADERS.flatMap((header) => [`req.headers["${header}"]`, `headers["${header}"]`]),
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];
