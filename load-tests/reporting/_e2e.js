// The end-to-end path: a signed webhook accepted by ingestion → the session visible in
// /v1/metrics. Runs when ingestion answers at INGEST_URL (default http://127.0.0.1:3004; the
// bench starts it: targets.json needs) — else the scenario idles; E2E=0 turns it off.
// WEBHOOK_SECRET is a whsec_ secret ingestion accepts (default: the local stack's
// "loadtest" source key, apps/ingestion LOCAL_WEBHOOK_SECRETS). Percentiles land in
// e2e_latency_ms (lib/async.js) under {scenario:visibility}. The body is ingestion's envelope
// {type, timestamp, data} with the contract's fields (libs/contracts impact-events.ts).
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';
import { sleep } from 'k6';
import http from 'k6/http';
import { awaitEffect } from '../lib/async.js';
import { assertLoopback, client, jsonOf } from '../lib/http.js';
import { thresholdsFor } from '../lib/targets.js';
import { uniqueId } from '../lib/ids.js';
import { api, fresh, ROUTES } from './_reporting.js';

const INGEST_URL = __ENV.INGEST_URL || 'http://127.0.0.1:3004';
const SECRET = __ENV.WEBHOOK_SECRET || 'whsec_cGVyZmxhYi1sb2NhbC1kZXYtd2ViaG9vay1rZXktMDE=';
/**
 * The probe's own company (never drawn by the load, so its webhooks do not invalidate a loaded
 * company's cached reports): its reader (load-tests/reporting/seed.ts) reads it back, and its
 * session count goes up by one per webhook.
 */
export const E2E_COMPANY = 'company-e2e';
const COMPANY = E2E_COMPANY;
const TODAY = () => new Date().toISOString().slice(0, 10);

export function e2eEnabled() {
  return __ENV.E2E !== '0';
}

/** For setup(): is ingestion there to send webhooks to? */
export function ingestionUp() {
  const res = http.get(`${assertLoopback(INGEST_URL)}/health/live`, {
    tags: { name: 'setup ingestion health' },
    timeout: '3s',
  });
  return res.status === 200;
}

/** targets.json reporting.visibility (async: e2e_latency_ms p95, e2e_delivered), without the profile's HTTP overrides. */
export function e2eThresholds() {
  return thresholdsFor('reporting', ['visibility'], { profile: 'load' });
}

function webhookBody(id) {
  const now = new Date();
  const started = new Date(now.getTime() - 3600000);
  return {
    type: 'session.completed',
    timestamp: now.toISOString(),
    data: {
      companyId: COMPANY,
      sessionId: id,
      volunteerId: `${id}-v`,
      participantId: `${id}-p`,
      programme: 'mentoring',
      startedAt: started.toISOString(),
      completedAt: now.toISOString(),
      durationMinutes: 60,
      volunteerHours: 1,
    },
  };
}

/** Standard Webhooks: v1,base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), key = the base64 after whsec_. */
export function signed(id, body) {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const key = encoding.b64decode(SECRET.replace(/^whsec_/, ''), 'std');
  const signature = crypto.hmac('sha256', key, `${id}.${timestamp}.${body}`, 'base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}

function sessionsNow(token) {
  const res = api.get(`${ROUTES.metrics.path(COMPANY)}?from=${TODAY()}&to=${TODAY()}`, {
    token,
    name: 'GET /v1/metrics/:companyId (e2e)',
  });
  return res.status === 200 ? jsonOf(res).sessions : -1;
}

let probe = null;

/** session: the probe reader's, from setup (refreshed here before it expires). */
export function webhookToVisible(session, ingestionRunning) {
  if (!ingestionRunning || !session) {
    sleep(5); // no ingestion in this run: nothing to time
    return;
  }
  probe = fresh(probe || session);
  const token = probe.token;
  const ingest = client(assertLoopback(INGEST_URL));
  const before = sessionsNow(token);
  const id = uniqueId('wh');
  const body = JSON.stringify(webhookBody(id));
  const acceptedAt = Date.now();
  const res = ingest.postJson('/webhooks/ingest', JSON.parse(body), {
    name: 'POST /webhooks/ingest (e2e)',
    headers: signed(id, body),
  });
  if (res.status < 200 || res.status >= 300) return;
  awaitEffect(acceptedAt, () => sessionsNow(token) > before, {
    timeoutMs: 30000,
    intervalMs: 100,
    tags: { scenario: 'visibility' },
  });
  sleep(1);
}
