import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createLogger,
  ObservabilityModule,
  PinoNestLogger,
  fastifyLoggingOptions,
  metricsRoute,
  registerHttpMetrics,
  registerRequestId,
  type Logger,
} from '@perflab/observability';
import { attachOpenApi, serveOpenApi } from '@perflab/openapi';
import { closeKeepAliveOnShutdown } from '../http/close-keep-alive-on-shutdown';
import { ErrorMappingFilter } from '../http/error.filter';
import { answerClientError, answerFrameworkError } from '../http/framework-errors';
import { DEFAULT_HTTP_TIMEOUTS, applyHeadersTimeout, type HttpTimeouts } from '../http/http-timeouts';
import { useStrictJsonParser } from '../http/json-body-parser';
import { answerMethodNotAllowed } from '../http/method-not-allowed';
import { SocketIoAdapter, type WebSocketOptions } from '../websocket/socket-io.adapter';

export interface ServiceAppOptions {
  /** Service name, on every log line. */
  name: string;
  /** The service's root Nest module. */
  module: Type<unknown> | DynamicModule;
  /** Largest accepted request body in bytes; larger answers 413. Default 1 MiB. */
  bodyLimit?: number;
  /** How long a client may take to send a request; default DEFAULT_HTTP_TIMEOUTS (runService reads env HTTP_*_TIMEOUT_MS). */
  timeouts?: HttpTimeouts;
  /** Keep each JSON body's bytes as `request.rawBody` (signature verification). Default false. */
  rawBody?: boolean;
  /** Last-minute app setup (prefix, CORS, extra hooks), before the app is initialised. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  /** Default: createLogger(name). */
  logger?: Logger;
  /** The API version in the OpenAPI document (/openapi.json); default 1.0.0. */
  apiVersion?: string;
  /**
   * Serve socket.io gateways (`@WebSocketGateway()`) on this HTTP server, websocket transport
   * only, with these limits. Unset: no websocket adapter (Nest's default, unused by HTTP services).
   */
  webSockets?: WebSocketOptions;
  /** The event-loop delay monitor's sampling interval (runService reads env METRICS_EVENT_LOOP_RESOLUTION_MS); default 10 ms, prom-client's. */
  eventLoopResolutionMs?: number;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Root around the service's module, so the process logger is injectable (LOGGER) everywhere. */
@Module({})
class ServiceRootModule {}

/**
 * A Nest app on Fastify with everything a perflab service shares: JSON logs with
 * request ids, HTTP metrics, GET /metrics, GET /openapi.json and /docs (from each route's
 * @DescribeRoute and @Validated* schemas), one error shape for every failure, and
 * keep-alive connections that do not hold a shutdown open. Does not listen and does
 * not install signal handlers: runService does, so tests can use this in-process.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger(options.name);
  const timeouts = options.timeouts ?? DEFAULT_HTTP_TIMEOUTS;
  const adapter = new FastifyAdapter({
    ...fastifyLoggingOptions(logger),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Never trust X-Forwarded-* from whoever connects; a deployment behind a proxy opts in via configure.
    trustProxy: false,
    // On close, drop idle keep-alive sockets at once; in-flight requests still finish.
    forceCloseConnections: 'idle',
    // A body that never completes must not hold its connection forever.
    requestTimeout: timeouts.requestTimeoutMs,
    connectionTimeout: timeouts.connectionTimeoutMs,
    // What fails before Nest (router, Node's HTTP parser) answers in the same error shape.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  // Nest types its instance with its own raw-request generic; the hooks below take Fastify's default.
  const fastify = adapter.getInstance() as unknown as FastifyInstance;
  // First, so it sees every route registered after it (a route left out of the document is a test failure).
  await serveOpenApi(fastify, { title: options.name, version: options.apiVersion ?? '1.0.0' });
  registerRequestId(fastify);
  answerMethodNotAllowed(fastify);
  registerHttpMetrics(fastify);
  metricsRoute(fastify, { eventLoopResolutionMs: options.eventLoopResolutionMs });
  useStrictJsonParser(fastify, { rawBody: options.rawBody });
  closeKeepAliveOnShutdown(fastify);
  applyHeadersTimeout(fastify.server, timeouts);

  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: ServiceRootModule,
      imports: [ObservabilityModule.forRoot(logger), options.module],
    },
    adapter,
    {
      logger: new PinoNestLogger(logger),
      // Our JSON parser (useStrictJsonParser) instead of Nest's, so malformed JSON is told apart.
      bodyParser: false,
      // Throw on a bad module graph instead of process.abort(), so runService can log and exit.
      abortOnError: false,
    },
  );
  app.useGlobalFilters(new ErrorMappingFilter());
  attachOpenApi(app);
  if (options.webSockets) app.useWebSocketAdapter(new SocketIoAdapter(app, options.webSockets));
  await options.configure?.(app);
  return app;
}
