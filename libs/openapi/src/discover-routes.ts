import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { REQUEST_SCHEMAS, ROUTE_DOC, type RequestPart, type RouteDoc } from './route-doc';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One Nest route, with what its handler declared about itself. */
export interface DiscoveredRoute {
  method: HttpMethod;
  /** OpenAPI form: `/users/{id}`. */
  path: string;
  /** `Controller.handler`, unique per app: the operationId. */
  name: string;
  doc?: RouteDoc;
  /** Request schemas, from `@Validated*` or resolved from the RouteDoc's sources. */
  request: Partial<Record<RequestPart, z.ZodType>>;
}

const METHODS: Partial<Record<RequestMethod, HttpMethod>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value ?? '')]);

/** `users`, `:id/read` → `/users/{id}/read` */
export function toOpenApiPath(...segments: string[]): string {
  const joined = `/${segments.filter(Boolean).join('/')}`.replace(/\/+/g, '/');
  const trimmed = joined.length > 1 ? joined.replace(/\/$/, '') : joined;
  return trimmed.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Every controller route of an initialised app, from Nest's own routing metadata. */
export function discoverRoutes(app: INestApplication): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const handlerPaths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        if (!method || handlerPaths === undefined) continue;
        const doc = Reflect.getMetadata(ROUTE_DOC, handler) as RouteDoc | undefined;
        const validated = (Reflect.getMetadata(REQUEST_SCHEMAS, handler) ?? {}) as DiscoveredRoute['request'];
        const request = { ...validated };
        for (const part of ['body', 'query', 'params'] as const) {
          const source = doc?.[part];
          if (source) request[part] = typeof source === 'function' ? source(instance as never) : source;
        }
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, metatype)))
          for (const sub of asList(handlerPaths))
            routes.push({ method, path: toOpenApiPath(base, sub), name: `${metatype.name}.${key}`, doc, request });
      }
    }
  }
  return routes;
}
