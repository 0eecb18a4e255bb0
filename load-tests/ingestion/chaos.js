// The chaos load (npm run bench -- ingestion --profile chaos): signed webhook deliveries at a
// steady rate, each with its own webhook-id (the ledger's key: it finds the stored row and the
// published impact event by it), and, as senders do, some accepted ones delivered again: a
// redelivery must be answered again and change nothing (stored once, published once).
import { requireHealthy } from '../lib/http.js';
import { CHAOS_TIMEOUT, chaosOptions, record } from '../lib/chaos.js';
import { api, newDelivery, send } from './_ingestion.js';

export const options = chaosOptions();

/** Share of iterations that redeliver a delivery this VU saw accepted. */
const REDELIVERY_SHARE = 0.1;

const accepted = [];

export function setup() {
  requireHealthy(api.base);
}

export function chaos() {
  if (accepted.length && Math.random() < REDELIVERY_SHARE) {
    const again = accepted[Math.floor(Math.random() * accepted.length)];
    record('redeliver', send(again, { timeout: CHAOS_TIMEOUT }), { key: again.id });
    return;
  }
  const delivery = newDelivery();
  const res = send(delivery, { timeout: CHAOS_TIMEOUT });
  record('ingest', res, { key: delivery.id });
  if (res.status === 202) {
    accepted.push(delivery);
    if (accepted.length > 100) accepted.shift();
  }
}
