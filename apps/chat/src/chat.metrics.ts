import { counter, gauge, histogram } from '@perflab/observability';

// The 001 document's KPIs for the chat service. "Active WebSocket connections" is a gauge per
// worker, summed over the cluster in one scrape.
export const connectedSockets = gauge(
  'chat_connected_sockets',
  'Sockets connected to this process (summed over workers)',
);
export const connectsTotal = counter('chat_connects_total', 'Sockets that completed the handshake');
export const connectsRefusedTotal = counter(
  'chat_connects_refused_total',
  'Handshakes refused, by code (TOKEN_MISSING, TOKEN_EXPIRED, TOKEN_INVALID)',
  ['code'],
);
export const disconnectsTotal = counter('chat_disconnects_total', 'Sockets that went away, by socket.io reason', [
  'reason',
]);
export const messagesSentTotal = counter('chat_messages_sent_total', 'Messages accepted: stored and acknowledged');
export const messagesFailedTotal = counter(
  'chat_messages_failed_total',
  'send_message refused or failed, by code (VALIDATION_FAILED, RATE_LIMITED, NOT_A_MEMBER, ...)',
  ['code'],
);
const messagesDeliveredTotal = counter(
  'chat_messages_delivered_total',
  'new_message written to a recipient socket, by path (live, or catch_up on reconnect)',
  ['path'],
);
// Bound once: the per-message paths skip building a label object on every delivery.
export const deliveredBy = {
  live: messagesDeliveredTotal.labels('live'),
  catch_up: messagesDeliveredTotal.labels('catch_up'),
  recovery: messagesDeliveredTotal.labels('recovery'),
};
export const deliveryLatency = histogram(
  'chat_delivery_latency_seconds',
  'Accepted (committed) → new_message written to a recipient socket, live path, on the recipient worker',
  [],
  [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
);
const adapterErrorsTotal = counter(
  'chat_adapter_errors_total',
  'Errors of the socket.io Redis adapter and its connections, by source',
  ['source'],
);
// Bound once: while Redis is away these count an error per message.
export const adapterErrorsBy = {
  adapter: adapterErrorsTotal.labels('adapter'),
  publisher: adapterErrorsTotal.labels('publisher'),
  subscriber: adapterErrorsTotal.labels('subscriber'),
};
export const adapterRecoveriesTotal = counter(
  'chat_adapter_recoveries_total',
  "Catch-ups of this process's sockets after the adapter's Redis came back, by trigger (local: this process reconnected; remote: another one did)",
  ['trigger'],
);
export const sendBatchSize = histogram(
  'chat_send_batch_size',
  'Messages stored per transaction (group commit of the send_message calls waiting for a commit)',
  [],
  [1, 2, 5, 10, 20, 50, 100, 200, 500],
);
