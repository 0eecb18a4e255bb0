import { afterEach, describe, expect, it } from 'vitest';
import type { AnyFastifyInstance } from '../fastify-instance';
import { startLoggedApp } from './fixtures/logged-app';

let app: AnyFastifyInstance | undefined;

/** A Fastify app logging through our options at debug, where its access lines are written. */
async function start(): Promise<{ base: string; lines: Record<string, unknown>[] }> {
  const started = await startLoggedApp('auth', 'debug', (a) => a.get('/reset', async () => ({ ok: true })));
  app = started.app;
  return started;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("Fastify's request lines over real HTTP", () => {
  it('log the URL with the values of secret query parameters censored, the rest as requested', async () => {
    const { base, lines } = await start();
    const response = await fetch(`${base}/reset?token=reset-secret&lang=en`, { headers: { 'x-request-id': 'u-1' } });
    expect(response.status).toBe(200);
    expect(lines.find((l) => l.request_id === 'u-1' && l.msg === 'incoming request')).toMatchObject({
      req: { method: 'GET', url: '/reset?token=[redacted]&lang=en' },
    });
    expect(JSON.stringify(lines)).not.toContain('reset-secret');
  });

  it("censor the URL of a failed request's line and of Fastify's route-not-found message", async () => {
    const { base, lines } = await start();
    await fetch(`${base}/broken?access_token=broken-secret`, { headers: { 'x-request-id': 'u-2' } });
    await fetch(`${base}/socket.io/?EIO=4&transport=polling&token=missing-secret`, {
      headers: { 'x-request-id': 'u-3' },
    });
    expect(lines.find((l) => l.request_id === 'u-2' && l.level === 'error' && l.req !== undefined)).toMatchObject({
      msg: 'database on fire',
      req: { url: '/broken?access_token=[redacted]' },
    });
    expect(lines.filter((l) => l.request_id === 'u-3').map((l) => l.msg)).toContain(
      'Route GET:/socket.io/?EIO=4&transport=polling&token=[redacted] not found',
    );
    expect(JSON.stringify(lines)).not.toMatch(/broken-secret|missing-secret/);
  });
});
