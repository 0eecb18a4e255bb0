// What the bad-input sweep (issue 10) fuzzes and what it adds to the bench's service env.
// Everything else about a service — its port (targets.json), its processes (roles), its
// service[.smoke].env, its fresh database, Redis and seed, the code it runs from — is the
// bench's smoke, so a service under fuzz runs as it does under the bench.

/** The env files read for every fuzzed service: the bench's smoke profile (CI's bench run). */
export const FUZZ_PROFILE = 'smoke';

export interface FuzzedService {
  /** a targets.json suite */
  name: string;
  /** the access token Schemathesis sends: the freshly registered USER, or the run's ADMIN */
  token: 'user' | 'admin';
}

/** In fuzzing order; auth first (it issues the tokens). A new service adds itself here. */
export const FUZZED: FuzzedService[] = [
  { name: 'auth', token: 'user' },
  { name: 'notifications', token: 'user' },
  { name: 'ingestion', token: 'user' },
  { name: 'recommendations', token: 'user' },
  // A user without a companyId reads nothing (403): an ADMIN reaches every report's code.
  { name: 'reporting', token: 'admin' },
  // The run's user is a member of no chat: history answers 403 after its params and query pass.
  { name: 'chat', token: 'user' },
];

export interface FuzzAccount {
  email: string;
  password: string;
}

/** The env the sweep sets on top of the bench's for one service. */
export function fuzzEnv(
  name: string,
  o: { runId: string; admin: FuzzAccount; logLevel: string },
): Record<string, string> {
  // The production configuration, one process per role (2 shared cores run seven of them).
  const common = { NODE_ENV: 'production', WORKERS: '1', LOG_LEVEL: o.logLevel };
  switch (name) {
    case 'auth':
      // auth creates this ADMIN at start-up: reporting answers an ADMIN for any company.
      return { ...common, ADMIN_EMAIL: o.admin.email, ADMIN_PASSWORD: o.admin.password };
    case 'ingestion':
      // Schemathesis cannot sign: every webhook is refused before its body is read (401), as documented.
      return { ...common, WEBHOOK_SECRETS: `fuzz=whsec_${Buffer.from(o.runId.padEnd(32, '0')).toString('base64')}` };
    case 'chat':
      // The bench's chat trusts the load-test issuer's key (k6 signs its own tokens); the sweep's
      // tokens come from the auth it started, so chat reads auth's JWKS (AUTH_JWKS_URL's default).
      return { ...common, AUTH_PUBLIC_KEYS: '' };
    default:
      return common;
  }
}
