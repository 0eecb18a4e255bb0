import type { Socket } from 'socket.io';
import type { ErrorBody } from '../http/error-body';

/** The ack a client gets for an event nothing on the server handles. */
export interface UnknownEventAck {
  error: Omit<ErrorBody, 'requestId'>;
}

const answering = new WeakSet<Socket>();

/**
 * socket.io drops an event no handler listens to, so a client that asked for an ack waits
 * out its whole timeout, then cannot tell a typo from a slow server. Answer such an ack at
 * once with 404 UNKNOWN_EVENT, in the error ack shape (`{ error: { status, code, message } }`).
 * Checked per event against the socket's listeners, so every gateway's events count as known.
 * Events sent without an ack are still dropped: there is nobody to tell.
 */
export function answerUnknownEvents(socket: Socket): void {
  if (answering.has(socket)) return;
  answering.add(socket);
  // onAny runs before the event is dispatched to its listeners.
  socket.onAny((event: unknown, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function' || (typeof event === 'string' && socket.listenerCount(event) > 0)) return;
    const reply: UnknownEventAck = {
      error: {
        status: 404,
        code: 'UNKNOWN_EVENT',
        message: `No handler for the event ${JSON.stringify(String(event).slice(0, 100))}`,
      },
    };
    (ack as (reply: UnknownEventAck) => void)(reply);
  });
}
