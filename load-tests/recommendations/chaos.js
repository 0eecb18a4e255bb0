// The chaos load (npm run bench -- recommendations --profile chaos): behaviours at a steady
// rate, each from a user of its own (the ledger's key: it finds the history row and the user's
// recent items in the Redis model by it), on the seeded catalogue; and recommendation reads
// for seeded users beside them (Redis down: the Postgres fallback must still answer).
import { jsonOf, requireHealthy } from '../lib/http.js';
import { uniqueId } from '../lib/ids.js';
import { CHAOS_TIMEOUT, chaosOptions, record } from '../lib/chaos.js';
import { api, randomAction, randomProduct, randomUser } from './_recommendations.js';

export const options = chaosOptions();

export function setup() {
  requireHealthy(api.base);
}

export function chaos() {
  const userId = uniqueId('chaos');
  const res = api.postJson(
    '/api/user-behavior',
    { userId, productId: randomProduct(), action: randomAction() },
    { name: 'POST /api/user-behavior', timeout: CHAOS_TIMEOUT },
  );
  record('behavior', res, { key: userId, id: res.status === 202 ? (jsonOf(res) || {}).eventId : undefined });
  if (Math.random() < 0.5) {
    const read = api.get(`/api/recommendations/${randomUser()}?limit=10`, {
      name: 'GET /api/recommendations/:userId',
      timeout: CHAOS_TIMEOUT,
    });
    record('recommendations', read);
  }
}
