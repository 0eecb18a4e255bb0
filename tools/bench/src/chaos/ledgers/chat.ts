import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { AcceptedWrite, LedgerContext, SuiteLedger, WriteFate } from '../ledger';

// chat's ledger: a message (load-tests/chat/chaos.js, keyed by the messageId the client chose)
// is acknowledged once stored; stored = its row in chat.messages; effected = every socket of
// every other member of its chat (members from chat.chat_members, sockets as the script
// announced them) received it as new_message, live or on catch-up after a reconnect. A retried
// send reuses its id, so a second copy cannot hide under another id; a socket that receives a
// message twice dedupes it (the protocol: catch-up overlaps on purpose), so the script logs
// each socket's first receipt only. Delivery is what only the client sees: the script's
// console lines say it.

/** A message acknowledged this close to the script's last line may have had no time to arrive before the load stopped. */
const TAIL_MS = 2_000;

const SOCKET = /(?:^|[\s"])socket (\d+) (\S+) (\d+)(?=[\s"]|$)/;
const RECEIPT = /(?:^|[\s"])receipt (\d+) (\S+) (\S+) (\d+)(?=[\s"]|$)/;
const STAMP = /(?:^|[\s"])(?:chaos|socket|receipt) (\d+) /;

export interface Receipts {
  /** user id → its socket numbers */
  sockets: Map<string, Set<string>>;
  /** message id → `${userId}/${socket}` → when it first arrived (unix ms) */
  received: Map<string, Map<string, number>>;
  /** unix ms of the script's last line */
  lastLineAt: number;
}

export function parseReceipts(text: string): Receipts {
  const sockets = new Map<string, Set<string>>();
  const received = new Map<string, Map<string, number>>();
  let lastLineAt = 0;
  for (const line of text.split('\n')) {
    const at = STAMP.exec(line);
    if (at) lastLineAt = Math.max(lastLineAt, Number(at[1]));
    const s = SOCKET.exec(line);
    if (s) {
      sockets.set(s[2], (sockets.get(s[2]) ?? new Set()).add(s[3]));
      continue;
    }
    const r = RECEIPT.exec(line);
    if (!r) continue;
    const [, ms, messageId, userId, socket] = r;
    const bySocket = received.get(messageId) ?? new Map<string, number>();
    const key = `${userId}/${socket}`;
    if (!bySocket.has(key)) bySocket.set(key, Number(ms));
    received.set(messageId, bySocket);
  }
  return { sockets, received, lastLineAt };
}

export interface StoredMessage {
  id: string;
  stored: number;
  /** every member of its chat but the sender */
  recipients: string[];
}

/** The fate of each stored message from the client's receipts. */
export function messageFates(
  stored: StoredMessage[],
  receipts: Receipts,
  acceptedAt: Map<string, number>,
): WriteFate[] {
  return stored.map((m): WriteFate => {
    const expected = m.recipients.flatMap((user) => [...(receipts.sockets.get(user) ?? [])].map((n) => `${user}/${n}`));
    const got = receipts.received.get(m.id) ?? new Map<string, number>();
    const missing = expected.filter((socket) => !got.has(socket));
    const fate: WriteFate = { key: m.id, stored: m.stored, effects: 0 };
    if (expected.length > 0 && missing.length === 0) {
      fate.effects = 1;
      fate.effectedAt = Math.max(...expected.map((socket) => got.get(socket)!));
    } else if ((acceptedAt.get(m.id) ?? 0) > receipts.lastLineAt - TAIL_MS) {
      fate.failed = {
        byOutage: false,
        reason: `acknowledged in the last ${TAIL_MS / 1000} s of the load: ${missing.length} socket(s) had not reported it when k6 stopped`,
      };
    }
    return fate;
  });
}

export const ledger: SuiteLedger = {
  writes: ['send', 'resend'],
  stored: 'its row in chat.messages (by the messageId the client chose)',
  effect:
    'delivered: every socket of every other member of its chat received new_message (live, or on catch-up after a reconnect), as the chaos script logged it',
  async fates(sent: AcceptedWrite[], ctx: LedgerContext) {
    const ids = [...new Set(sent.map((w) => w.key))];
    const c = new Client({ connectionString: ctx.databaseUrl, connectionTimeoutMillis: 5000 });
    await c.connect();
    let rows: { id: string; stored: number; recipients: string[] }[];
    try {
      rows = (
        await c.query<{ id: string; stored: number; recipients: string[] }>(
          `SELECT m.id::text AS id, count(DISTINCT m.seq)::int AS stored,
                  coalesce(array_agg(DISTINCT cm.user_id::text) FILTER (WHERE cm.user_id <> m.sender_id), '{}') AS recipients
             FROM chat.messages m
             LEFT JOIN chat.chat_members cm ON cm.chat_id = m.chat_id
            WHERE m.id = ANY($1::uuid[])
            GROUP BY m.id`,
          [ids],
        )
      ).rows;
    } finally {
      await c.end();
    }
    const acceptedAt = new Map<string, number>();
    for (const w of sent) acceptedAt.set(w.key, Math.max(acceptedAt.get(w.key) ?? 0, w.acceptedAt));
    return messageFates(rows, parseReceipts(readFileSync(ctx.consoleFile, 'utf8')), acceptedAt);
  },
};
