/**
 * A deterministic impact history: the same options give the same events, byte for byte.
 * Companies are skewed (Zipf, s = 1.1: the largest of 300 holds ~20 % of the events, the
 * top 5 ~45 %), each with its own volunteers and participants; every volunteer starts in some
 * month and stays active for a while (exponential, mean 6 months), so cohorts retain and
 * decay; a quarter of the events are feedback on an earlier session of the same company.
 */
export interface HistoryOptions {
  seed: number;
  events: number;
  companies: number;
  /** The last day of the history (UTC, YYYY-MM-DD); it spans the 24 months before. */
  until: string;
}

/** One row of impact_events, as the seed loads it. */
export interface HistoryRow {
  eventId: string;
  companyId: string;
  kind: 'session' | 'feedback';
  occurredAt: string;
  sessionId: string;
  participantId: string;
  volunteerId: string | null;
  durationMinutes: number | null;
  volunteerHours: number | null;
  score: number | null;
}

const MONTH_MS = 30.44 * 86_400_000;
const SPAN_MONTHS = 24;
const FEEDBACK_SHARE = 0.25;

/** sfc32: small, fast, and the same sequence on every platform for one seed. */
export function random(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next(); // warm up past the constant state
  return next;
}

export function companyId(index: number): string {
  return `company-${String(index + 1).padStart(4, '0')}`;
}

/** Each company's share of the events: Zipf with s = 1.1, largest first. */
export function companyShares(companies: number): number[] {
  const weights = Array.from({ length: companies }, (_, i) => 1 / (i + 1) ** 1.1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

interface CompanyPlan {
  id: string;
  events: number;
  volunteers: number;
  participants: number;
  /** Per volunteer: first active instant (ms) and how long they stay (ms). */
  starts: Float64Array;
  stays: Float64Array;
}

function plan(options: HistoryOptions, rand: () => number): CompanyPlan[] {
  const end = Date.parse(`${options.until}T23:59:59Z`);
  const begin = end - SPAN_MONTHS * MONTH_MS;
  const shares = companyShares(options.companies);
  let assigned = 0;
  return shares.map((share, i) => {
    const events =
      i === shares.length - 1
        ? options.events - assigned
        : Math.min(options.events - assigned, Math.round(share * options.events));
    assigned += events;
    const volunteers = Math.max(3, Math.round(events / 40));
    const participants = Math.max(5, Math.round(events / 8));
    const starts = new Float64Array(volunteers);
    const stays = new Float64Array(volunteers);
    for (let v = 0; v < volunteers; v++) {
      starts[v] = begin + rand() * (end - begin);
      stays[v] = -Math.log(1 - rand()) * 6 * MONTH_MS;
    }
    return { id: companyId(i), events, volunteers, participants, starts, stays };
  });
}

/** Feedback scores lean positive: 1–10, mode 8. */
function score(rand: () => number): number {
  const s = Math.round(8 + (rand() + rand() + rand() - 1.5) * 3);
  return Math.min(10, Math.max(1, s));
}

/**
 * The history in batches of `batchSize` rows (memory stays flat at any size). Events are
 * ordered by company, not by time: loading order does not matter to the tables.
 */
export function* impactHistory(options: HistoryOptions, batchSize = 10_000): Generator<HistoryRow[]> {
  const rand = random(options.seed);
  const end = Date.parse(`${options.until}T23:59:59Z`);
  let batch: HistoryRow[] = [];
  let serial = 0;
  for (const company of plan(options, rand)) {
    const sessions: { id: string; participant: string; at: number }[] = [];
    for (let e = 0; e < company.events; e++) {
      serial += 1;
      const eventId = `seed-${options.seed}-${serial}`;
      if (sessions.length > 0 && rand() < FEEDBACK_SHARE) {
        const of = sessions[Math.floor(rand() * sessions.length)];
        const at = Math.min(end, of.at + rand() * 3 * 86_400_000);
        batch.push({
          eventId,
          companyId: company.id,
          kind: 'feedback',
          occurredAt: new Date(at).toISOString(),
          sessionId: of.id,
          participantId: of.participant,
          volunteerId: null,
          durationMinutes: null,
          volunteerHours: null,
          score: score(rand),
        });
      } else {
        const v = Math.floor(rand() * company.volunteers);
        const at = Math.min(end, company.starts[v] + rand() * company.stays[v]);
        const durationMinutes = 30 + Math.floor(rand() * 8) * 15; // 30 min to 2 h 15
        const participant = `${company.id}-p${Math.floor(rand() * company.participants) + 1}`;
        const session = { id: `${company.id}-s${serial}`, participant, at };
        if (sessions.length < 5_000) sessions.push(session);
        else sessions[Math.floor(rand() * sessions.length)] = session;
        batch.push({
          eventId,
          companyId: company.id,
          kind: 'session',
          occurredAt: new Date(at).toISOString(),
          sessionId: session.id,
          participantId: participant,
          volunteerId: `${company.id}-v${v + 1}`,
          durationMinutes,
          // preparation and travel: credited hours are the duration plus 0–30 min
          volunteerHours: Math.round(((durationMinutes + Math.floor(rand() * 3) * 15) / 60) * 100) / 100,
          score: null,
        });
      }
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
