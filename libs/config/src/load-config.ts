import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Values of these variables never appear in an error message (it ends up in logs). */
const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL/i;

function shown(variable: string, value: string | undefined): string {
  return SECRET_NAME.test(variable) ? '(value hidden)' : `(got ${JSON.stringify(value)})`;
}

/**
 * Reads and validates environment variables once, at start-up.
 * Every problem is reported at once, each naming its variable.
 */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  source: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const value = source[key];
    raw[key] = value === '' ? undefined : value;
  }
  const result = z.object(shape).safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(unknown)'),
        message:
          raw[String(issue.path[0])] === undefined && issue.code === 'invalid_type'
            ? 'is required but not set'
            : `${issue.message} ${shown(String(issue.path[0]), raw[String(issue.path[0])])}`,
      })),
    );
  }
  return result.data;
}

/** For main.ts: print a ConfigError plainly and exit, instead of a stack trace. */
export function loadConfigOrExit<S extends z.ZodRawShape>(shape: S): z.infer<z.ZodObject<S>> {
  try {
    return loadConfig(shape);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
