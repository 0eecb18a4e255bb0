import type { Server } from 'node:http';
import { env } from '@perflab/config';

/** How long a client may take to send a request, so a stalled one cannot hold its connection forever. */
export interface HttpTimeouts {
  /** Whole request (headers and body) received within this; Node answers 408 otherwise. */
  requestTimeoutMs: number;
  /** Headers received within this (Node's headersTimeout), the slowloris guard. */
  headersTimeoutMs: number;
  /** A socket silent this long is closed, in flight or not: longer than any handler takes. */
  connectionTimeoutMs: number;
}

export const httpTimeoutsEnv = {
  HTTP_REQUEST_TIMEOUT_MS: env.int(30_000, 100, 600_000),
  HTTP_HEADERS_TIMEOUT_MS: env.int(10_000, 100, 600_000),
  HTTP_CONNECTION_TIMEOUT_MS: env.int(120_000, 100, 3_600_000),
};

/** Defaults when nothing sets them (tests building the app in-process). */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  connectionTimeoutMs: 120_000,
};

export function httpTimeoutsFrom(values: {
  HTTP_REQUEST_TIMEOUT_MS: number;
  HTTP_HEADERS_TIMEOUT_MS: number;
  HTTP_CONNECTION_TIMEOUT_MS: number;
}): HttpTimeouts {
  return {
    requestTimeoutMs: values.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: values.HTTP_HEADERS_TIMEOUT_MS,
    connectionTimeoutMs: values.HTTP_CONNECTION_TIMEOUT_MS,
  };
}

/** Node's headersTimeout is not a Fastify option; it must not exceed requestTimeout, so it is capped there. */
export function applyHeadersTimeout(server: Server, timeouts: HttpTimeouts): void {
  server.headersTimeout = Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs);
}
