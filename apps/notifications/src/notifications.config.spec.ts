import { ConfigError } from '@perflab/config';
import { describe, expect, it } from 'vitest';
import { loadNotificationsConfig, runsWorker, servesApi } from './notifications.config';

describe('notifications ROLE', () => {
  it.each([
    ['all', true, true],
    ['api', true, false],
    ['worker', false, true],
  ] as const)('ROLE=%s serves the API: %s, runs the delivery worker: %s', (role, api, worker) => {
    const config = loadNotificationsConfig({ ROLE: role });
    expect([servesApi(config), runsWorker(config)]).toEqual([api, worker]);
  });

  it('defaults to all, and refuses an unknown role or the old WORKER_ENABLED by name', () => {
    expect(loadNotificationsConfig({}).ROLE).toBe('all');
    expect(() => loadNotificationsConfig({ ROLE: 'both' })).toThrow(/ROLE/);
    const error = (() => {
      try {
        loadNotificationsConfig({ WORKER_ENABLED: 'false' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/WORKER_ENABLED: was replaced by ROLE/);
  });
});
