import {
  ForbiddenException,
  RequestMethod,
  SetMetadata,
  type ArgumentMetadata,
  type CanActivate,
  type INestApplication,
  type PipeTransform,
  type Type,
} from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FASTIFY_ROUTE, type FastifyRouteMetadata } from '@perflab/openapi';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Hot routes (ADR 0015): a controller method that says `@HotGet(path)` instead of `@Get(path)` is
// served by a Fastify handler registered here, not by Nest's router. At the rates the goal is
// graded at, each request runs alone and cold, and Nest's per-request machinery (router proxy,
// execution context, guard and pipe consumers, response controller) was about half of a hot
// read's CPU gap to the bare baseline. The route keeps the house's contract: its guards and
// parameter decorators run as Nest would run them, errors reach the error handler Nest registers
// (so ErrorMappingFilter shapes them), and the OpenAPI document lists it (FASTIFY_ROUTE). What a
// hot route cannot honour (interceptors, exception filters, pipes on the method or class, pipe
// classes, headers, redirects, other parameter kinds) is refused at start-up, so no route loses
// a check by becoming hot.

/** `@HotGet(':id')`: `@Get(':id')`, served by Fastify directly. */
export const HotGet = (path = ''): MethodDecorator =>
  SetMetadata<string, FastifyRouteMetadata>(FASTIFY_ROUTE, { method: 'get', path });

interface ParamSpec {
  index: number;
  data?: unknown;
  pipes: unknown[];
  factory?: (data: unknown, context: ExecutionContextHost) => unknown;
}

type Argument = (request: FastifyRequest, context: ExecutionContextHost) => unknown;

/** What Nest's own parameter decorators read, for the kinds a hot route supports. */
const SOURCES: Partial<Record<RouteParamtypes, (request: FastifyRequest) => unknown>> = {
  [RouteParamtypes.PARAM]: (request) => request.params,
  [RouteParamtypes.QUERY]: (request) => request.query,
  [RouteParamtypes.BODY]: (request) => request.body,
  [RouteParamtypes.HEADERS]: (request) => request.headers,
  [RouteParamtypes.REQUEST]: (request) => request,
};
const PART: Partial<Record<RouteParamtypes, 'param' | 'query' | 'body' | 'custom'>> = {
  [RouteParamtypes.PARAM]: 'param',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.BODY]: 'body',
};

const join = (...segments: string[]) =>
  `/${segments.filter(Boolean).join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

function refuse(route: string, what: string): never {
  throw new Error(`Hot route ${route}: ${what} is not supported on a hot route (ADR 0015); use @Get for it`);
}

function pipesOf(route: string, spec: ParamSpec): PipeTransform[] {
  return spec.pipes.map((pipe) => {
    if (typeof (pipe as PipeTransform | undefined)?.transform !== 'function')
      refuse(
        route,
        `parameter ${spec.index}'s pipe ${String((pipe as Type)?.name ?? pipe)} (a class, not an instance)`,
      );
    return pipe as PipeTransform;
  });
}

/** One handler argument: its source (or custom decorator's factory), then its pipes, as Nest applies them. */
function argumentOf(route: string, key: string, spec: ParamSpec): Argument {
  const pipes = pipesOf(route, spec);
  const custom = key.includes(CUSTOM_ROUTE_ARGS_METADATA);
  const type = Number(key.split(':')[0]) as RouteParamtypes;
  const source = custom ? undefined : SOURCES[type];
  if (!custom && !source) refuse(route, `parameter ${spec.index} (${RouteParamtypes[type] ?? key})`);
  const data = spec.data;
  const metadata: ArgumentMetadata = {
    type: custom ? 'custom' : (PART[type] ?? 'custom'),
    data: typeof data === 'string' ? data : undefined,
  };
  const read: Argument = custom
    ? (_request, context) => spec.factory!(data, context)
    : (request) => {
        const value = source!(request) as Record<string, unknown> | undefined;
        return typeof data === 'string' && value
          ? value[type === RouteParamtypes.HEADERS ? data.toLowerCase() : data]
          : value;
      };
  if (pipes.length === 0) return read;
  return async (request, context) => {
    let value = await read(request, context);
    for (const pipe of pipes) value = await pipe.transform(value, metadata);
    return value;
  };
}

function guardOf(app: INestApplication, route: string, guard: unknown): CanActivate {
  if (typeof guard !== 'function') return guard as CanActivate;
  try {
    return app.get(guard as Type<CanActivate>, { strict: false });
  } catch {
    return refuse(route, `guard ${(guard as Type).name}, which is not a provider of the app`);
  }
}

/**
 * Registers every `@HotGet` controller method of the app on its Fastify instance. Called by
 * createServiceApp once Nest has created the controllers, before the app is initialised.
 */
export function serveHotRoutes(app: INestApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const modules = [...app.get(ModulesContainer).values()];
  // App-wide enhancers would not run on a hot route: with one registered, hot routes are refused.
  // (`app.useGlobal*()` in a service's configure comes later and is not seen here; the house uses none.)
  const global = modules
    .flatMap((module) => [...module.providers.keys()])
    .find((token) => typeof token === 'string' && /^APP_(GUARD|INTERCEPTOR|PIPE)\b/.test(token));
  const refuseGlobal = global !== undefined;
  for (const module of modules) {
    for (const wrapper of module.controllers.values()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) continue;
      const controller = metatype as Type;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const hot = Reflect.getMetadata(FASTIFY_ROUTE, handler) as FastifyRouteMetadata | undefined;
        if (!hot) continue;
        const bases = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
        for (const base of bases) {
          const url = join(base, hot.path);
          const route = `${controller.name}.${key} (GET ${url})`;
          if (refuseGlobal) refuse(route, `an app-wide enhancer (${String(global).split(' ')[0]})`);
          if (!wrapper.isDependencyTreeStatic()) refuse(route, 'a request-scoped controller');
          if (
            Reflect.getMetadata(METHOD_METADATA, handler) !== undefined &&
            Reflect.hasMetadata(PATH_METADATA, handler)
          )
            refuse(route, `@${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod]} as well`);
          for (const [metadataKey, what] of [
            [INTERCEPTORS_METADATA, 'an interceptor'],
            [EXCEPTION_FILTERS_METADATA, 'an exception filter'],
            [PIPES_METADATA, '@UsePipes'],
          ] as const)
            for (const target of [handler, controller])
              if ((Reflect.getMetadata(metadataKey, target) as unknown[] | undefined)?.length) refuse(route, what);
          if (Reflect.hasMetadata(HEADERS_METADATA, handler)) refuse(route, '@Header');
          if (Reflect.hasMetadata(REDIRECT_METADATA, handler)) refuse(route, '@Redirect');
          const guards = [
            ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[]) ?? []),
            ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[]) ?? []),
          ].map((guard) => guardOf(app, route, guard));
          const specs = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as Record<string, ParamSpec>;
          const call = handler as (...a: unknown[]) => unknown;
          const args: Argument[] = [];
          for (const [specKey, spec] of Object.entries(specs)) args[spec.index] = argumentOf(route, specKey, spec);
          for (let index = 0; index < Math.max(args.length, call.length); index++)
            if (!args[index]) refuse(route, `parameter ${index} without a decorator`);
          const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? 200;

          fastify.get(url, async (request: FastifyRequest, reply: FastifyReply) => {
            const context = new ExecutionContextHost([request, reply, undefined], controller, call);
            // As Nest's guards consumer: a guard that answers false is a 403 (an Observable is refused too).
            for (const guard of guards)
              if ((await guard.canActivate(context)) !== true) throw new ForbiddenException('Forbidden resource');
            const values: unknown[] = [];
            for (const argument of args) values.push(await argument(request, context));
            const result = await call.apply(instance, values);
            return reply.code(status).send(result);
          });
        }
      }
    }
  }
}
