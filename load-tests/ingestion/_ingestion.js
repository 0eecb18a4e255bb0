// What every ingestion script shares: the signed webhook (Standard Webhooks: HMAC-SHA256 of
// `id.timestamp.body` with the sender's whsec_ key, in k6/crypto), realistic bodies for the two
// event types over a skewed company population, and the accepted → published probe.
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';
import { check, sleep } from 'k6';
import { awaitEffect } from '../lib/async.js';
import http from 'k6/http';
import { client, baseUrl, jsonOf, SYNTHETIC_HEADERS } from '../lib/http.js';
import { uniqueId } from '../lib/ids.js';

export const api = client(baseUrl(3004));

// The local stack's sender (apps/ingestion LOCAL_WEBHOOK_SECRETS, source "loadtest"); a service
// configured otherwise takes WEBHOOK_SECRET.
const SECRET = __ENV.WEBHOOK_SECRET || 'whsec_cGVyZmxhYi1sb2NhbC1kZXYtd2ViaG9vay1rZXktMDE=';
const KEY = encoding.b64decode(SECRET.replace(/^whsec_/, ''));

/** Companies: a few hundred, skewed (index ~ r³: company-001..010 send about half the events). */
const COMPANIES = parseInt(__ENV.COMPANIES || '300', 10);
/** Share of deliveries that are sent again (a sender that missed the first 2xx), answered again, stored once. */
const REDELIVERY_RATE = parseFloat(__ENV.REDELIVERY_RATE || '0.01');
/** session.completed : feedback.received — most sessions get a rating, not all. */
const SESSION_SHARE = 0.6;

const PROGRAMMES = ['Code mentoring', 'CV clinic', 'Interview practice', 'Reading buddies', 'Financial literacy'];
const COMMENTS = [
  'Clear and patient; I can deploy on my own now.',
  'Good session, would have liked more examples.',
  'Helpful feedback on my CV, thank you!',
  '',
];

// One bench run runs several scripts with the same RUN_ID, whose VU and iteration numbers start
// again at 1: a salt drawn in init (once per VU) keeps webhook-ids from repeating (a repeated id
// with another body is refused, 422).
const SALT = Math.floor(Math.random() * 36 ** 6).toString(36);

const pad = (n) => String(n).padStart(3, '0');
const pick = (list) => list[Math.floor(Math.random() * list.length)];

export function companyId() {
  return `company-${pad(1 + Math.floor(COMPANIES * Math.pow(Math.random(), 3)))}`;
}

/** The Standard Webhooks headers for one delivery (sent now). */
export function signatureHeaders(id, body) {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = crypto.hmac('sha256', KEY, `${id}.${timestamp}.${body}`, 'base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` };
}

function sessionCompleted(company) {
  const completedAt = new Date(Date.now() - Math.floor(Math.random() * 3_600_000));
  const durationMinutes = 30 + Math.floor(Math.random() * 150);
  const startedAt = new Date(completedAt.getTime() - durationMinutes * 60_000);
  return {
    type: 'session.completed',
    timestamp: completedAt.toISOString(),
    data: {
      companyId: company,
      sessionId: uniqueId('session'),
      volunteerId: `volunteer-${company}-${Math.floor(Math.random() * 200)}`,
      participantId: `participant-${company}-${Math.floor(Math.random() * 2000)}`,
      programme: pick(PROGRAMMES),
      startedAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      durationMinutes,
      // Hours credited: the session plus preparation, in quarter hours.
      volunteerHours: Math.round((durationMinutes / 60 + 0.25 * Math.floor(Math.random() * 4)) * 4) / 4,
    },
  };
}

function feedbackReceived(company) {
  const submittedAt = new Date().toISOString();
  const comment = pick(COMMENTS);
  return {
    type: 'feedback.received',
    timestamp: submittedAt,
    data: {
      companyId: company,
      feedbackId: uniqueId('feedback'),
      sessionId: uniqueId('session'),
      participantId: `participant-${company}-${Math.floor(Math.random() * 2000)}`,
      score: 1 + Math.min(9, Math.floor(10 * Math.pow(Math.random(), 0.5))), // skewed high, as ratings are
      ...(comment ? { comment } : {}),
      submittedAt,
    },
  };
}

/** A new delivery: its webhook-id and the exact body that is signed and sent. */
export function newDelivery() {
  const company = companyId();
  const event = Math.random() < SESSION_SHARE ? sessionCompleted(company) : feedbackReceived(company);
  return { id: uniqueId(`msg-${SALT}`), type: event.type, body: JSON.stringify(event) };
}

/** POST /webhooks/ingest of a delivery, signed now (a redelivery is signed anew, as senders do). */
export function send(delivery, { timeout } = {}) {
  // Not api.postJson: the bytes sent must be the bytes signed, so the body goes as the string it is.
  return http.post(`${api.base}/webhooks/ingest`, delivery.body, {
    headers: {
      ...SYNTHETIC_HEADERS,
      'Content-Type': 'application/json',
      ...signatureHeaders(delivery.id, delivery.body),
    },
    tags: { name: 'POST /webhooks/ingest' },
    ...(timeout ? { timeout } : {}),
  });
}

let last;

/** One webhook as a sender makes it: mostly new, REDELIVERY_RATE of them the previous one again. */
export function ingest() {
  const redeliver = last && Math.random() < REDELIVERY_RATE;
  const delivery = redeliver ? last : newDelivery();
  const res = send(delivery);
  check(res, { 'ingest: is status 202': (r) => r.status === 202 });
  last = delivery;
  return res;
}

/** Accepted → published on Kafka (the event left the outbox), as the sender's status request sees it. */
export function published() {
  const delivery = newDelivery();
  const acceptedAt = Date.now();
  const res = send(delivery);
  if (res.status !== 202) return;
  awaitEffect(
    acceptedAt,
    () => {
      const got = api.get(`/webhooks/ingest/${encodeURIComponent(delivery.id)}`, {
        name: 'GET /webhooks/ingest/:id',
        headers: signatureHeaders(delivery.id, ''),
      });
      return got.status === 200 && jsonOf(got).published === true;
    },
    { timeoutMs: 10000, intervalMs: 50 },
  );
  sleep(1);
}
