import type { FastifyInstance } from 'fastify';

/**
 * Once the server is closing, every response says `Connection: close`. Node's
 * server.close() drops only the keep-alive sockets idle at that moment; a socket
 * whose request was still in flight would turn idle afterwards and hold the close
 * open until keepAliveTimeout (72 s). With this header the client stops reusing it
 * and Node ends it right after the response.
 */
export function closeKeepAliveOnShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
