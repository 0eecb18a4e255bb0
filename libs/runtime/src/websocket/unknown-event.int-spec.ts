import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerUnknownEvents } from './unknown-event';

/** A real socket.io server and client on loopback: what a client sees for an event nobody handles. */
describe('answerUnknownEvents', () => {
  let http: HttpServer;
  let server: Server;
  let client: ClientSocket;

  beforeAll(async () => {
    http = createServer();
    server = new Server(http, { transports: ['websocket'] });
    server.on('connection', (socket) => {
      socket.on('known', (payload: unknown, ack: (reply: unknown) => void) => ack({ echo: payload }));
      answerUnknownEvents(socket);
      answerUnknownEvents(socket); // twice (one call per gateway): still one answer
    });
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    const { port } = http.address() as { port: number };
    client = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((done, fail) => {
      client.once('connect', done);
      client.once('connect_error', fail);
    });
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('answers an ack for an unknown event at once with 404 UNKNOWN_EVENT', async () => {
    const reply = await client.timeout(2_000).emitWithAck('send_mesage', { text: 'typo' });
    expect(reply).toEqual({
      error: { status: 404, code: 'UNKNOWN_EVENT', message: 'No handler for the event "send_mesage"' },
    });
  });

  it('leaves known events to their handler, acked once', async () => {
    const replies: unknown[] = [];
    client.emit('known', 42, (reply: unknown) => replies.push(reply));
    const reply = await client.timeout(2_000).emitWithAck('known', 7);
    expect(reply).toEqual({ echo: 7 });
    expect(replies).toEqual([{ echo: 42 }]);
  });

  it('keeps the connection after unknown events with and without an ack', async () => {
    client.emit('nobody_listens', 'no ack wanted');
    await client.timeout(2_000).emitWithAck('another_unknown');
    expect(client.connected).toBe(true);
    expect(await client.timeout(2_000).emitWithAck('known', 'still here')).toEqual({ echo: 'still here' });
  });
});
