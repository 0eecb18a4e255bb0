/** Fields that hold a credential, in the spellings code and payloads use (camelCase and snake_case). */
export const SECRET_FIELDS = [
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
export const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-access-token',
  'x-refresh-token',
  'x-auth-token',
];

/** What a secret is written as. */
export const CENSOR = '[redacted]';
