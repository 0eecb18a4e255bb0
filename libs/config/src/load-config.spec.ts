import { describe, expect, it } from 'vitest';
import { ConfigError, env, loadConfig } from './index';

describe('loadConfig', () => {
  const shape = {
    PORT: env.port(3000),
    DATABASE_URL: env.url('postgresql://localhost/db', ['postgresql']),
    BROKERS: env.list('a:1'),
    ENABLED: env.bool(false),
    SECRET: env.string(),
  };

  it('applies defaults and coerces types', () => {
    const config = loadConfig(shape, { SECRET: 's' });
    expect(config).toEqual({
      PORT: 3000,
      DATABASE_URL: 'postgresql://localhost/db',
      BROKERS: ['a:1'],
      ENABLED: false,
      SECRET: 's',
    });
  });

  it('parses provided values', () => {
    const config = loadConfig(shape, { PORT: '8080', BROKERS: 'x:1, y:2', ENABLED: 'true', SECRET: 's' });
    expect(config.PORT).toBe(8080);
    expect(config.BROKERS).toEqual(['x:1', 'y:2']);
    expect(config.ENABLED).toBe(true);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(shape, { PORT: '99999', DATABASE_URL: 'mysql://x', ENABLED: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['DATABASE_URL', 'ENABLED', 'PORT', 'SECRET']);
    expect((error as ConfigError).message).toContain('SECRET: is required but not set');
    expect((error as ConfigError).message).toMatch(/DATABASE_URL: must be a URL with protocol postgresql/);
  });

  it('never prints the value of a secret variable', () => {
    const secretShape = { API_SIGNING_KEY: env.url('https://x', ['https']) };
    expect(() => loadConfig(secretShape, { API_SIGNING_KEY: 'not-a-url-but-secret' })).toThrow(
      /API_SIGNING_KEY: .*\(value hidden\)/,
    );
    try {
      loadConfig(secretShape, { API_SIGNING_KEY: 'not-a-url-but-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('not-a-url-but-secret');
    }
  });

  it('treats an empty string as unset', () => {
    expect(loadConfig(shape, { PORT: '', SECRET: 's' }).PORT).toBe(3000);
  });
});
