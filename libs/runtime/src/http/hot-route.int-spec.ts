import {
  Controller,
  Get,
  HttpException,
  Injectable,
  Module,
  SetMetadata,
  UseGuards,
  UseInterceptors,
  createParamDecorator,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@perflab/observability';
import { DescribeRoute, openApiDocument, undocumentedRoutes } from '@perflab/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createServiceApp } from '../app/create-service-app';
import { ApiError } from './api-error';
import { HotGet } from './hot-route';
import { ValidatedParams, ValidatedQuery } from './zod-validation.pipe';

// One contract, two dispatchers: each case asks the same question of a route Nest serves
// (`/nest/...`) and of its @HotGet twin (`/hot/...`), and the answers must be the same.

const OWNER_ONLY = 'test:owner-only';
const OwnerOnly = () => SetMetadata(OWNER_ONLY, true);

/** Like AuthGuard: a provider with dependencies, reading the handler's metadata. */
@Injectable()
class CallerGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; caller?: string }>();
    const caller = request.headers['x-caller'];
    if (!caller) throw new HttpException({ status: 401, code: 'TOKEN_MISSING', message: 'Who are you?' }, 401);
    request.caller = caller;
    const ownerOnly = this.reflector.getAllAndOverride<boolean>(OWNER_ONLY, [context.getHandler(), context.getClass()]);
    return !ownerOnly || caller === 'owner';
  }
}

const Caller = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<{ caller: string }>().caller,
);

const params = z.strictObject({ id: z.uuid() });
const query = z.strictObject({ verbose: z.enum(['yes', 'no']).optional() });
const view = z.object({ id: z.uuid(), caller: z.string(), verbose: z.string().optional() });
const describe200 = { summary: 'One thing', bearer: true, responses: { 200: view }, errors: [404] };
const MISSING = '00000000-0000-4000-8000-000000000404';

const BROKEN = '00000000-0000-4000-8000-000000000500';

function thing(caller: string, id: string, verbose?: string) {
  if (id === MISSING) throw new ApiError(404, 'NOT_FOUND', 'No such thing');
  if (id === BROKEN) throw new Error('a bug, with a secret: hunter2');
  return { id, caller, ...(verbose ? { verbose } : {}) };
}

@Controller('nest')
@UseGuards(CallerGuard)
class NestThings {
  @Get(':id')
  @DescribeRoute(describe200)
  one(
    @Caller() caller: string,
    @ValidatedParams(params) p: z.output<typeof params>,
    @ValidatedQuery(query) q: z.output<typeof query>,
  ) {
    return thing(caller, p.id, q.verbose);
  }

  @Get(':id/owner')
  @OwnerOnly()
  @DescribeRoute(describe200)
  owner(@Caller() caller: string, @ValidatedParams(params) p: z.output<typeof params>) {
    return thing(caller, p.id);
  }
}

@Controller('hot')
@UseGuards(CallerGuard)
class HotThings {
  @HotGet(':id')
  @DescribeRoute(describe200)
  async one(
    @Caller() caller: string,
    @ValidatedParams(params) p: z.output<typeof params>,
    @ValidatedQuery(query) q: z.output<typeof query>,
  ) {
    return thing(caller, p.id, q.verbose);
  }

  @HotGet(':id/owner')
  @OwnerOnly()
  @DescribeRoute(describe200)
  owner(@Caller() caller: string, @ValidatedParams(params) p: z.output<typeof params>) {
    return thing(caller, p.id);
  }
}

@Module({ controllers: [NestThings, HotThings], providers: [CallerGuard] })
class ThingsModule {}

const ID = '3f0e1c2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

describe('@HotGet: a route served by Fastify directly answers as its Nest twin does', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createServiceApp({
      name: 'things',
      module: ThingsModule,
      logger: createLogger('things', { level: 'silent' }),
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Status, body without the request id (each answer has its own), and the content type. */
  async function ask(path: string, headers: Record<string, string> = { 'x-caller': 'owner' }) {
    const response = await app.inject({ method: 'GET', url: path, headers });
    const body = response.json<Record<string, unknown>>();
    const { requestId, ...rest } = body;
    return {
      status: response.statusCode,
      body: rest,
      hasRequestId: typeof requestId === 'string' || response.statusCode < 400,
      type: response.headers['content-type'],
      xRequestId: typeof response.headers['x-request-id'],
    };
  }

  it.each([
    ['an answer', `/${ID}?verbose=yes`, { 'x-caller': 'owner' }],
    ['a path parameter that fails validation, naming the field', '/not-a-uuid', { 'x-caller': 'owner' }],
    ['a query field that fails validation', `/${ID}?verbose=maybe`, { 'x-caller': 'owner' }],
    ['an unknown query field', `/${ID}?extra=1`, { 'x-caller': 'owner' }],
    ['a guard that throws (401)', `/${ID}`, {}],
    ['a guard that says no (403), reading the handler metadata', `/${ID}/owner`, { 'x-caller': 'someone' }],
    ['a guarded handler that passes', `/${ID}/owner`, { 'x-caller': 'owner' }],
    ['an ApiError from the handler (404)', `/${MISSING}`, { 'x-caller': 'owner' }],
    ['an unexpected error from the handler (500, nothing of it in the body)', `/${BROKEN}`, { 'x-caller': 'owner' }],
  ])('%s', async (_what, path, headers) => {
    const nest = await ask(`/nest${path}`, headers);
    const hot = await ask(`/hot${path}`, headers);
    expect(hot).toEqual(nest);
    expect(hot.hasRequestId).toBe(true);
  });

  it('answers what the twin answers for the cases above, spot-checked by value', async () => {
    expect((await ask(`/hot/not-a-uuid`)).body).toMatchObject({ status: 400, field: 'id' });
    expect((await ask(`/hot/${ID}`, {})).body).toMatchObject({ status: 401, code: 'TOKEN_MISSING' });
    expect((await ask(`/hot/${ID}/owner`, { 'x-caller': 'x' })).status).toBe(403);
    expect((await ask(`/hot/${ID}?verbose=no`)).body).toEqual({ id: ID, caller: 'owner', verbose: 'no' });
    const broken = await ask(`/hot/${BROKEN}`);
    expect(broken.status).toBe(500);
    expect(JSON.stringify(broken.body)).not.toContain('hunter2');
  });

  it('is in the OpenAPI document like any route, and the 405 check knows it', async () => {
    expect(undocumentedRoutes(app)).toEqual([]);
    const paths = openApiDocument(app).paths as Record<string, Record<string, { operationId?: string }>>;
    expect(paths['/hot/{id}']?.get?.operationId).toBe('HotThings.one');
    expect(paths['/hot/{id}/owner']?.get).toBeDefined();
    const response = await app.inject({ method: 'DELETE', url: `/hot/${ID}`, headers: { 'x-caller': 'owner' } });
    expect(response.statusCode).toBe(405);
  });
});

describe('@HotGet refuses at start-up what it cannot honour', () => {
  @Injectable()
  class Passthrough implements NestInterceptor {
    intercept(_context: ExecutionContext, next: CallHandler) {
      return next.handle();
    }
  }

  @Controller('intercepted')
  class Intercepted {
    @HotGet(':id')
    @UseInterceptors(Passthrough)
    @DescribeRoute(describe200)
    one(@ValidatedParams(params) p: z.output<typeof params>) {
      return p;
    }
  }

  @Controller('intercepted-class')
  @UseInterceptors(Passthrough)
  class InterceptedClass {
    @HotGet(':id')
    @DescribeRoute(describe200)
    one(@ValidatedParams(params) p: z.output<typeof params>) {
      return p;
    }
  }

  @Controller('bare')
  class Undecorated {
    @HotGet(':id')
    @DescribeRoute(describe200)
    one(id: string) {
      return { id };
    }
  }

  it.each([
    ['an interceptor', Intercepted, [], /Intercepted\.one \(GET \/intercepted\/:id\): an interceptor is not supported/],
    ['an interceptor on the class', InterceptedClass, [], /InterceptedClass\.one .*an interceptor is not supported/],
    ['a parameter without a decorator', Undecorated, [], /Undecorated\.one .*parameter 0 without a decorator/],
    [
      'an app-wide interceptor',
      Undecorated,
      [{ provide: APP_INTERCEPTOR, useClass: Passthrough }],
      /Undecorated\.one .*an app-wide enhancer \(APP_INTERCEPTOR\)/,
    ],
  ])('%s', async (_what, controller, extra, message) => {
    @Module({ controllers: [controller], providers: [Passthrough, ...extra] })
    class RefusedModule {}
    await expect(
      createServiceApp({
        name: 'refused',
        module: RefusedModule,
        logger: createLogger('refused', { level: 'silent' }),
      }),
    ).rejects.toThrow(message);
  });
});
