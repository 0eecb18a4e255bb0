import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';

/** DI token for the service's pino logger: `@Inject(LOGGER) private readonly log: Logger`. */
export const LOGGER = Symbol('perflab.logger');

/**
 * Thin Nest layer: makes the process logger injectable everywhere. Metrics and the
 * request id are wired on the Fastify instance by the runtime lib, not here, so they
 * also cover requests Nest never routes (404s) and cost no interceptor per request.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(logger: Logger): DynamicModule {
    return { module: ObservabilityModule, providers: [{ provide: LOGGER, useValue: logger }], exports: [LOGGER] };
  }
}
