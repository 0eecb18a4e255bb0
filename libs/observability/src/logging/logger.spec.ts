import { describe, expect, it } from 'vitest';
import { memoryDestination } from './fixtures/memory-destination';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes one JSON object per line with service, level label and ISO time', () => {
    const out = memoryDestination();
    createLogger('notifications', { level: 'info', destination: out }).info({ userId: 'u1' }, 'sent');
    expect(out.lines).toHaveLength(1);
    const [line] = out.lines;
    expect(line).toMatchObject({
      level: 'info',
      service: 'notifications',
      pid: process.pid,
      msg: 'sent',
      userId: 'u1',
    });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('takes its level from LOG_LEVEL when none is given', () => {
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'warn';
    try {
      const out = memoryDestination();
      const logger = createLogger('svc', { destination: out });
      logger.info('dropped');
      logger.warn('kept');
      expect(out.lines.map((l) => l.msg)).toEqual(['kept']);
    } finally {
      if (previous === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = previous;
    }
  });

  it('redacts credentials wherever they commonly appear', () => {
    const out = memoryDestination();
    createLogger('auth', { level: 'info', destination: out }).info(
      {
        req: { headers: { authorization: 'Bearer secret-token', cookie: 'sid=1', host: 'x' } },
        password: 'hunter2',
        body: { email: 'a@b.c', password: 'hunter2', refreshToken: 'r' },
        user: { credentials: { password: 'hunter2' } },
      },
      'register',
    );
    const text = JSON.stringify(out.lines[0]);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('sid=1');
    expect(out.lines[0]).toMatchObject({
      req: { headers: { authorization: '[redacted]', host: 'x' } },
      body: { email: 'a@b.c', password: '[redacted]', refreshToken: '[redacted]' },
    });
  });

  it('redacts the snake_case token fields of OAuth-style bodies and the token headers', () => {
    const out = memoryDestination();
    createLogger('auth', { level: 'info', destination: out }).info(
      {
        req: {
          headers: {
            'x-refresh-token': 'hdr-refresh',
            'x-access-token': 'hdr-access',
            'proxy-authorization': 'Basic hdr-proxy',
            host: 'x',
          },
        },
        res: { headers: { 'set-cookie': 'sid=hdr-cookie' } },
        access_token: 'body-access',
        body: { refresh_token: 'body-refresh', token_type: 'Bearer' },
        response: { tokens: { access_token: 'nested-access', client_secret: 'nested-secret' } },
      },
      'tokens',
    );
    const text = JSON.stringify(out.lines[0]);
    for (const secret of ['hdr-', 'body-', 'nested-']) expect(text).not.toContain(secret);
    expect(out.lines[0]).toMatchObject({
      req: { headers: { 'x-refresh-token': '[redacted]', host: 'x' } },
      body: { refresh_token: '[redacted]', token_type: 'Bearer' },
    });
  });

  it("redacts in a child logger's lines, inside arrays too, and leaves the caller's objects and errors as they were", () => {
    const out = memoryDestination();
    const child = createLogger('auth', { level: 'info', destination: out }).child({ request_id: 'r-1' });
    const body = { email: 'a@b.c', password: 'hunter2' };
    const logged = { body, items: [{ token: 'list-token' }], err: new Error('boom') };
    child.info(logged, 'child');
    expect(body.password).toBe('hunter2');
    expect(logged.items[0].token).toBe('list-token');
    expect(out.lines[0]).toMatchObject({
      request_id: 'r-1',
      body: { email: 'a@b.c', password: '[redacted]' },
      items: [{ token: '[redacted]' }],
      err: { message: 'boom', type: 'Error' },
    });
    expect(JSON.stringify(out.lines[0])).not.toContain('hunter2');
  });

  it('keeps the prototype of an object it copies to redact, so its serializer still reads its getters', () => {
    class Request {
      constructor(readonly body: Record<string, unknown>) {}
      get url() {
        return '/login';
      }
    }
    const out = memoryDestination();
    const logger = createLogger('auth', { level: 'info', destination: out }).child(
      {},
      { serializers: { req: (req: Request) => ({ url: req.url, body: req.body }) } },
    );
    logger.info({ req: new Request({ email: 'a@b.c', password: 'hunter2' }) }, 'login');
    expect(out.lines[0]).toMatchObject({ req: { url: '/login', body: { email: 'a@b.c', password: '[redacted]' } } });
  });

  it("redacts secrets an error carries in its own fields (a failed call's request, its config)", () => {
    const out = memoryDestination();
    const error = Object.assign(new Error('upstream refused'), {
      config: { headers: { authorization: 'err-auth' } },
      body: { password: 'err-password' },
      apiKey: 'err-key',
    });
    createLogger('auth', { level: 'info', destination: out }).error({ err: error }, 'failed');
    expect(JSON.stringify(out.lines[0])).not.toContain('err-');
    expect(out.lines[0]).toMatchObject({
      err: { message: 'upstream refused', type: 'Error', apiKey: '[redacted]', body: { password: '[redacted]' } },
    });
    expect(error.apiKey).toBe('err-key');
  });

  it("redacts secrets in a child logger's bindings, written on each of its lines", () => {
    const out = memoryDestination();
    const child = createLogger('auth', { level: 'info', destination: out }).child({
      token: 'binding-token',
      user: { id: 'u1', refreshToken: 'binding-refresh' },
    });
    child.info('bound');
    expect(JSON.stringify(out.lines[0])).not.toContain('binding-');
    expect(out.lines[0]).toMatchObject({ token: '[redacted]', user: { id: 'u1', refreshToken: '[redacted]' } });
  });

  it('redacts the headers of a request logged as `headers` on its own', () => {
    const out = memoryDestination();
    createLogger('auth', { level: 'info', destination: out }).warn(
      { headers: { authorization: 'Bearer lone-header', 'x-api-key': 'lone-key', accept: 'application/json' } },
      'refused',
    );
    expect(JSON.stringify(out.lines[0])).not.toContain('lone-');
    expect(out.lines[0]).toMatchObject({ headers: { authorization: '[redacted]', accept: 'application/json' } });
  });

  it("censors secret query values of a logged URL: a line's `url` (the error filter's) and `req.url`", () => {
    const out = memoryDestination();
    const logger = createLogger('auth', { level: 'info', destination: out });
    logger.error({ requestId: 'r-1', method: 'GET', url: '/reset?token=url-reset&lang=en', status: 500 }, 'failed');
    logger.info({ req: { method: 'GET', url: '/socket.io/?EIO=4&transport=polling&access_token=url-access' } }, 'in');
    logger.info({ url: '/items?page=2' }, 'plain');
    expect(JSON.stringify(out.lines)).not.toContain('url-');
    expect(out.lines[0]).toMatchObject({ url: '/reset?token=[redacted]&lang=en', status: 500 });
    expect(out.lines[1]).toMatchObject({
      req: { method: 'GET', url: '/socket.io/?EIO=4&transport=polling&access_token=[redacted]' },
    });
    expect(out.lines[2]).toMatchObject({ url: '/items?page=2' });
  });

  it('censors the URL of a request whose `url` is a getter without a setter', () => {
    class Request {
      readonly method = 'GET';
      get url() {
        return '/cb?code=c&id_token=getter-token';
      }
    }
    const out = memoryDestination();
    createLogger('auth', { level: 'info', destination: out }).info({ req: new Request() }, 'callback');
    expect(out.lines[0]).toMatchObject({ req: { method: 'GET', url: '/cb?code=c&id_token=[redacted]' } });
  });

  it("censors the URLs an error or a payload carries, URL objects too, and leaves the caller's objects as they were", () => {
    const out = memoryDestination();
    const error = Object.assign(new Error('upstream refused'), {
      url: 'https://idp.example/userinfo?access_token=err-access',
      config: { url: new URL('https://api.example/v1?api_key=err-key&q=1') },
    });
    const request = { method: 'POST', url: '/hooks?secret=payload-secret' };
    createLogger('auth', { level: 'info', destination: out }).error({ err: error, request }, 'failed');
    expect(JSON.stringify(out.lines[0])).not.toMatch(/err-|payload-/);
    expect(out.lines[0]).toMatchObject({
      err: {
        message: 'upstream refused',
        url: 'https://idp.example/userinfo?access_token=[redacted]',
        config: { url: 'https://api.example/v1?api_key=[redacted]&q=1' },
      },
      request: { method: 'POST', url: '/hooks?secret=[redacted]' },
    });
    expect(error.url).toContain('err-access');
    expect(request.url).toBe('/hooks?secret=payload-secret');
  });

  it('adds no trace fields when no span is active', () => {
    const out = memoryDestination();
    createLogger('svc', { level: 'info', destination: out, traceContext: true }).info('no span');
    expect(out.lines[0]).not.toHaveProperty('trace_id');
    expect(out.lines[0]).toMatchObject({ msg: 'no span' });
  });
});
