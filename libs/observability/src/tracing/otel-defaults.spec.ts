import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTRUMENTATIONS, otelEnvDefaults } from './otel-defaults';
import { tracingEnabled } from './tracing-enabled';

describe('otelEnvDefaults', () => {
  it('enables only the instrumentations perflab uses, never fs, dns or net', () => {
    const enabled = otelEnvDefaults({}).OTEL_NODE_ENABLED_INSTRUMENTATIONS.split(',');
    expect(enabled).toEqual(['http', 'undici', 'nestjs-core', 'pg', 'ioredis', 'kafkajs']);
    for (const noisy of ['fs', 'dns', 'net']) expect(enabled).not.toContain(noisy);
    expect([...DEFAULT_INSTRUMENTATIONS]).toEqual(enabled);
  });

  it('exports traces only unless metrics or logs exporters are asked for', () => {
    expect(otelEnvDefaults({})).toMatchObject({ OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
  });

  it('never overrides a standard variable that is set', () => {
    const defaults = otelEnvDefaults({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http', OTEL_LOGS_EXPORTER: 'otlp' });
    expect(defaults).toEqual({ OTEL_METRICS_EXPORTER: 'none' });
  });
});

describe('tracingEnabled', () => {
  it('is on only for OTEL_ENABLED=true', () => {
    expect(tracingEnabled({ OTEL_ENABLED: 'true' })).toBe(true);
    for (const value of [undefined, '', 'false', '1', 'TRUE']) {
      expect(tracingEnabled({ OTEL_ENABLED: value }), String(value)).toBe(false);
    }
  });
});
