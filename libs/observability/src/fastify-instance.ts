import type { FastifyInstance } from 'fastify';

/**
 * Any Fastify instance, whatever its logger, server or type provider generics: a
 * `fastify({ loggerInstance: pinoLogger })` or a Nest adapter's instance is not
 * assignable to the default `FastifyInstance`, and these hooks need none of those types.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFastifyInstance = FastifyInstance<any, any, any, any, any>;
