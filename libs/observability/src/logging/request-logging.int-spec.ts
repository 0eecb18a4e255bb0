import { afterEach, describe, expect, it } from 'vitest';
import type { AnyFastifyInstance } from '../fastify-instance';
import { startLoggedApp } from './fixtures/logged-app';

let app: AnyFastifyInstance | undefined;

async function start(level: string): Promise<{ base: string; lines: Record<string, unknown>[] }> {
  const started = await startLoggedApp('orders', level, (a) =>
    a.post('/orders', async (request) => {
      request.log.info({ body: request.body }, 'order received');
      return { ok: true };
    }),
  );
  app = started.app;
  return started;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const post = (base: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer top-secret', ...headers },
    body: JSON.stringify({ item: 'pizza', password: 'hunter2' }),
  });

describe('request logging over real HTTP', () => {
  it("logs JSON lines carrying the caller's request id and echoes it back", async () => {
    const { base, lines } = await start('info');
    const response = await post(base, { 'x-request-id': 'trace-me-42' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
    const line = lines.find((l) => l.msg === 'order received');
    expect(line).toMatchObject({
      level: 'info',
      service: 'orders',
      request_id: 'trace-me-42',
      body: { item: 'pizza' },
    });
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });

  it('generates a request id when the caller sends none, the same in the header and the log', async () => {
    const { base, lines } = await start('info');
    const response = await post(base);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l.msg === 'order received')).toMatchObject({ request_id: id });
  });

  it('writes no access lines at info: only what handlers log', async () => {
    const { base, lines } = await start('info');
    await post(base);
    await post(base);
    expect(
      lines.map((l) => l.msg).filter((m) => m !== 'Server listening at http://127.0.0.1:' + new URL(base).port),
    ).toEqual(['order received', 'order received']);
  });

  it('still writes failures at info, with their request id', async () => {
    const { base, lines } = await start('info');
    expect((await fetch(`${base}/broken`, { headers: { 'x-request-id': 'err-7' } })).status).toBe(500);
    expect((await fetch(`${base}/missing`, { headers: { 'x-request-id': 'nf-1' } })).status).toBe(404);
    const failure = lines.find((l) => l.request_id === 'err-7' && l.level === 'error');
    expect(failure).toMatchObject({ msg: 'database on fire', err: { message: 'database on fire' } });
    expect(lines.filter((l) => l.request_id === 'nf-1')).toEqual([]);
  });

  it('writes access lines at debug, without the authorization header', async () => {
    const { base, lines } = await start('debug');
    await post(base, { 'x-request-id': 'dbg-1' });
    const access = lines.filter((l) => l.request_id === 'dbg-1').map((l) => l.msg);
    expect(access).toEqual(['incoming request', 'order received', 'request completed']);
    expect(JSON.stringify(lines)).not.toContain('top-secret');
  });
});
