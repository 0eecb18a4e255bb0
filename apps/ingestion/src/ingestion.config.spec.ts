import { describe, expect, it } from 'vitest';
import { loadIngestionConfig } from './ingestion.config';

describe('ingestion config', () => {
  it("runs the local stack with the built-in loadtest sender and 003's starting pool of 20", () => {
    const config = loadIngestionConfig({});
    expect(config.WEBHOOK_SECRETS.map((s) => s.name)).toEqual(['loadtest']);
    expect(config.DATABASE_POOL_SIZE).toBe(20);
    expect(config.PORT).toBe(3004);
  });

  it('refuses to start in production without WEBHOOK_SECRETS, naming the variable', () => {
    expect(() => loadIngestionConfig({ NODE_ENV: 'production' })).toThrow(
      /WEBHOOK_SECRETS: is required when NODE_ENV=production/,
    );
  });

  it('names WEBHOOK_SECRETS when a secret is malformed, without printing it', () => {
    let message = '';
    try {
      loadIngestionConfig({ WEBHOOK_SECRETS: 'crm=whsec_bm90LWEta2V5' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/WEBHOOK_SECRETS: source "crm" secret 1 must be whsec_/);
    expect(message).not.toContain('bm90LWEta2V5');
  });
});
