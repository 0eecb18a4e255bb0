import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { answerUnknownEvents } from './unknown-event';

export interface WebSocketOptions {
  /** Largest message a client may send, in bytes (socket.io's maxHttpBufferSize); larger closes the socket. Default 64 KiB. */
  maxPayloadBytes?: number;
  /** Sockets one process holds at most; the next handshake is refused (`TOO_MANY_CONNECTIONS`). Default 20,000. */
  maxConnections?: number;
  /** Server → client heartbeat (Engine.IO v4: the server pings, the client answers). Default 25 s. */
  pingIntervalMs?: number;
  /** A client that does not answer a ping within this is dropped. Default 20 s. */
  pingTimeoutMs?: number;
}

/**
 * Why a full process refuses a connection: the WebSocket upgrade is answered HTTP 403 with this
 * message (a websocket client sees only a failed upgrade, `connect_error` "websocket error",
 * and retries with its backoff, possibly landing on another process).
 */
export const TOO_MANY_CONNECTIONS = 'TOO_MANY_CONNECTIONS';

/**
 * socket.io on the service's own HTTP server (Fastify's), the one way perflab serves
 * websockets. Websocket transport only: no long-polling, so no sticky sessions are needed
 * across cluster workers or instances (a polling client's requests must all reach the process
 * holding its session; a websocket is one TCP connection, which the cluster primary and any
 * L4/L7 balancer keep on one process by nature). Cross-process delivery is the gateway's
 * Redis adapter.
 *
 * On close (graceful shutdown) every connection is dropped at the transport level without
 * socket.io's DISCONNECT packet: clients see "transport close" and reconnect by themselves,
 * to another worker or instance; a DISCONNECT ("io server disconnect") would tell them not
 * to. The HTTP server is left for Fastify to close.
 */
export class SocketIoAdapter extends IoAdapter {
  private readonly settings: Required<WebSocketOptions>;

  constructor(app: INestApplicationContext, options: WebSocketOptions = {}) {
    super(app);
    this.settings = {
      maxPayloadBytes: options.maxPayloadBytes ?? 64 * 1024,
      maxConnections: options.maxConnections ?? 20_000,
      pingIntervalMs: options.pingIntervalMs ?? 25_000,
      pingTimeoutMs: options.pingTimeoutMs ?? 20_000,
    };
  }

  /**
   * Built from the workspace's socket.io, not the copy @nestjs/platform-socket.io pins for
   * itself, so the server, the Redis adapters and the types are one version. Always on the
   * app's HTTP server: the gateway's port is ignored.
   */
  override createIOServer(_port: number, options?: Partial<ServerOptions>): Server {
    const { maxPayloadBytes, maxConnections, pingIntervalMs, pingTimeoutMs } = this.settings;
    const server = new Server(this.httpServer, {
      ...options,
      transports: ['websocket'],
      serveClient: false,
      maxHttpBufferSize: maxPayloadBytes,
      pingInterval: pingIntervalMs,
      pingTimeout: pingTimeoutMs,
      allowRequest: (_req: IncomingMessage, callback: (error: string | null | undefined, ok: boolean) => void) => {
        const full = server.engine.clientsCount >= maxConnections;
        callback(full ? TOO_MANY_CONNECTIONS : null, !full);
      },
    });
    return server;
  }

  /** Nest's handlers, plus an error ack for an event no gateway handles (else the client waits out its timeout). */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    super.bindMessageHandlers(...args);
    // Typed as the base class's socket.io copy; the same object at run time.
    answerUnknownEvents(args[0] as unknown as Socket);
  }

  // Typed loosely: the base class names the other socket.io copy's Server.
  override async close(server: { engine?: { close(): void } }): Promise<void> {
    // Local connections only (disconnectSockets would go through the adapter to every process).
    server.engine?.close();
  }
}
