import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

/** A request part's schema, or how to read it from the controller when config builds it at start-up. */
export type SchemaSource = z.ZodType | ((controller: never) => z.ZodType);

export type RequestPart = 'body' | 'params' | 'query';

/**
 * What one route answers, declared once beside the handler; the service's OpenAPI document is
 * built from these and from the schemas the `@Validated*` decorators validate with.
 */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** A bearer access token is required (the route answers 401 without one). */
  bearer?: boolean;
  /** Request headers the route reads, e.g. `Idempotency-Key`. */
  headers?: z.ZodObject;
  /** Request parts validated inside the handler (schemas built from config), not by `@Validated*`. */
  body?: SchemaSource;
  query?: SchemaSource;
  params?: SchemaSource;
  /** Success answers: status → body schema (`null`: no body). */
  responses: Record<number, z.ZodType | null>;
  /** Media type of the success bodies; default `application/json`. */
  produces?: string;
  /** Error statuses this route answers on purpose, besides those every route may (see errorStatusesFor). */
  errors?: number[];
}

export const ROUTE_DOC = 'perflab:openapi:route';
export const REQUEST_SCHEMAS = 'perflab:openapi:request';

/** `@DescribeRoute({ summary, bearer: true, responses: { 202: accepted }, errors: [409, 422] })` */
export const DescribeRoute = (doc: RouteDoc): MethodDecorator => SetMetadata(ROUTE_DOC, doc);

/** Called by the `@Validated*` parameter decorators: the schema a part is validated with is the one documented. */
export function recordRequestSchema(
  target: object,
  method: string | symbol | undefined,
  part: RequestPart,
  schema: z.ZodType,
) {
  if (method === undefined) return;
  const handler = (target as Record<string | symbol, object>)[method];
  const existing = (Reflect.getMetadata(REQUEST_SCHEMAS, handler) ?? {}) as Partial<Record<RequestPart, z.ZodType>>;
  Reflect.defineMetadata(REQUEST_SCHEMAS, { ...existing, [part]: schema }, handler);
}
