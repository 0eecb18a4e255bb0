/**
 * Paths pino replaces with `[redacted]`: credentials and secrets in the shapes code
 * tends to log (request headers, bodies, DTOs one or two levels deep).
 */
export const REDACTED_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  ...['password', 'passwordHash', 'token', 'accessToken', 'refreshToken', 'secret', 'apiKey'].flatMap((field) => [
    field,
    `*.${field}`,
    `*.*.${field}`,
  ]),
];
