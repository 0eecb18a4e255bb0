// The chaos load (npm run bench -- reporting --profile chaos): the path 003 is about, a webhook
// accepted by ingestion → counted in reporting's report, while the bench faults the stack both
// services run on. Each write is a session.completed webhook for a company of its own (the
// ledger's key is its webhook-id: it finds reporting's stored event, and the company's count
// shows whether it was counted, and counted once); reports read for seeded companies beside them.
import http from 'k6/http';
import { assertLoopback, jsonOf, requireHealthy, SYNTHETIC_HEADERS } from '../lib/http.js';
import { uniqueId } from '../lib/ids.js';
import { CHAOS_TIMEOUT, chaosOptions, record } from '../lib/chaos.js';
import { api, maxVusOf, pickRange, readerSessions, ROUTES, vuSession } from './_reporting.js';
import { signed } from './_e2e.js';

export const options = chaosOptions();
// Counted in the init context: in setup() k6 hands back `options` as its own objects.
const MAX_VUS = maxVusOf(options.scenarios);

const INGEST_URL = assertLoopback(__ENV.INGEST_URL || 'http://127.0.0.1:3004');

export function setup() {
  requireHealthy(api.base);
  requireHealthy(INGEST_URL);
  // Reads as company readers (load-tests/reporting/seed.ts), one session per VU, as in the load.
  return { readers: readerSessions(MAX_VUS) };
}

function session(id) {
  const now = new Date();
  return {
    type: 'session.completed',
    timestamp: now.toISOString(),
    data: {
      companyId: `chaos-${id}`,
      sessionId: id,
      volunteerId: `${id}-v`,
      participantId: `${id}-p`,
      programme: 'chaos',
      startedAt: new Date(now.getTime() - 3_600_000).toISOString(),
      completedAt: now.toISOString(),
      durationMinutes: 60,
      volunteerHours: 1,
    },
  };
}

export function chaos(data) {
  const id = uniqueId('chaos');
  const body = JSON.stringify(session(id));
  // Not a JSON helper: the bytes sent must be the bytes signed.
  const res = http.post(`${INGEST_URL}/webhooks/ingest`, body, {
    headers: { ...SYNTHETIC_HEADERS, 'Content-Type': 'application/json', ...signed(id, body) },
    tags: { name: 'POST /webhooks/ingest' },
    timeout: CHAOS_TIMEOUT,
  });
  record('ingest', res, { key: id, id: res.status === 202 ? (jsonOf(res) || {}).id : undefined });
  if (Math.random() < 0.5) {
    const reader = vuSession(data.readers);
    const read = api.get(`${ROUTES.metrics.path(reader.company)}${pickRange()}`, {
      token: reader.token,
      name: ROUTES.metrics.name,
      timeout: CHAOS_TIMEOUT,
    });
    record('metrics', read);
  }
}
