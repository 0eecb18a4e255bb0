// socket.io v5 over Engine.IO v4, spoken over k6/websockets (k6 has no socket.io client and
// the xk6 extensions cannot be had here). Websocket transport only, default namespace, text
// packets (no binary attachments). Many clients per VU: each is one WebSocket on the VU's
// event loop; use k6/timers, never sleep(), while they are open.
//
//   Engine.IO: 0 open {sid, pingInterval, pingTimeout}, 2 ping (from the server in v4) → 3 pong,
//              4 message (carries a socket.io packet), 1 close
//   socket.io: 0 CONNECT (client: 0{auth}; server: 0{sid}), 1 DISCONNECT, 2 EVENT [name, ...args]
//              with an optional ack id before the array, 3 ACK <id>[...], 4 CONNECT_ERROR {message, data}
import { WebSocket } from 'k6/websockets';
import { clearTimeout, setTimeout } from 'k6/timers';

/** ws://host:port/socket.io/?EIO=4&transport=websocket from http://host:port. */
export function socketIoUrl(baseHttpUrl) {
  return `${baseHttpUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/socket.io/?EIO=4&transport=websocket`;
}

/**
 * Opens one socket.io connection. handlers: onConnect(), onConnectError({message, data}),
 * onEvent(name, args), onClose(reason). Returns { emit(name, data, ack?, ackTimeoutMs?), close(), state }.
 * `auth` is sent in the CONNECT packet (socket.io's handshake auth).
 */
export function connectSocketIo(url, { auth, onConnect, onConnectError, onEvent, onClose } = {}) {
  const ws = new WebSocket(url);
  const acks = new Map();
  let nextAck = 0;
  let closed = false;
  const client = { state: 'opening' };

  const finish = (reason) => {
    if (closed) return;
    closed = true;
    client.state = 'closed';
    for (const [, pending] of acks) {
      clearTimeout(pending.timer);
      pending.callback(new Error(`socket closed: ${reason}`));
    }
    acks.clear();
    if (onClose) onClose(reason);
  };

  ws.onmessage = (event) => {
    const text = typeof event.data === 'string' ? event.data : String(event.data);
    const type = text[0];
    if (type === '2') return ws.send('3'); // the server's ping; answer or be dropped
    if (type === '0') return ws.send(`40${auth ? JSON.stringify(auth) : ''}`); // Engine.IO open → socket.io CONNECT
    if (type === '1') return ws.close();
    if (type !== '4') return;
    const packet = text.slice(1);
    const kind = packet[0];
    if (kind === '0') {
      client.state = 'connected';
      if (onConnect) onConnect();
    } else if (kind === '4') {
      client.state = 'refused';
      if (onConnectError) onConnectError(JSON.parse(packet.slice(1) || '{}'));
      ws.close();
    } else if (kind === '1') {
      ws.close();
    } else if (kind === '2') {
      const body = packet.slice(1);
      const start = body.indexOf('[');
      const args = JSON.parse(body.slice(start));
      if (onEvent) onEvent(args[0], args.slice(1));
    } else if (kind === '3') {
      const body = packet.slice(1);
      const start = body.indexOf('[');
      const id = Number(body.slice(0, start));
      const pending = acks.get(id);
      if (!pending) return;
      acks.delete(id);
      clearTimeout(pending.timer);
      pending.callback(null, JSON.parse(body.slice(start)));
    }
  };
  ws.onclose = () => finish('transport close');
  ws.onerror = (e) => finish(`transport error: ${e && e.error ? e.error : 'unknown'}`);

  /** callback(err, args): args is the ack's argument list; err on timeout or close. */
  client.emit = (name, data, callback, ackTimeoutMs = 10000) => {
    if (client.state !== 'connected') {
      if (callback) callback(new Error(`not connected (${client.state})`));
      return;
    }
    if (!callback) return ws.send(`42${JSON.stringify([name, data])}`);
    const id = nextAck++;
    const timer = setTimeout(() => {
      acks.delete(id);
      callback(new Error('ack timeout'));
    }, ackTimeoutMs);
    acks.set(id, { callback, timer });
    ws.send(`42${id}${JSON.stringify([name, data])}`);
  };
  client.close = () => {
    if (closed) return;
    ws.close();
  };
  return client;
}
