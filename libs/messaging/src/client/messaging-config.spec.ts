import { describe, expect, it } from 'vitest';
import { loadConfig } from '@perflab/config';
import { messagingConfigFromEnv, messagingEnv } from './messaging-config';

describe('messagingConfigFromEnv', () => {
  it('reads the shared KAFKA_* variables', () => {
    const env = loadConfig(messagingEnv, { KAFKA_BROKERS: 'a:9092, b:9092', KAFKA_COMPRESSION: 'gzip' });
    expect(messagingConfigFromEnv(env, { logLevel: 'error' })).toEqual({
      brokers: ['a:9092', 'b:9092'],
      clientId: 'perflab',
      compression: 'gzip',
      logLevel: 'error',
    });
  });

  it('refuses an unknown compression', () => {
    expect(() => loadConfig(messagingEnv, { KAFKA_COMPRESSION: 'zstd' })).toThrow(/KAFKA_COMPRESSION/);
  });
});
