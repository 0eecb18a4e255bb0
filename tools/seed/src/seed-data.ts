import type { NotificationChannel } from '@perflab/contracts';

// The development database's baseline, the same on every run: the accounts the 002
// guide and the k6 notifications suite log in as, and a feed for each of them.

/** Every seeded account's password (the guide's). */
export const SEED_PASSWORD = 'LoadTest123!';

export interface SeedAccount {
  /** The id when the seed creates the account; an existing account with this email keeps its own. */
  id: string;
  email: string;
  name: string;
  role: 'USER' | 'ADMIN';
}

export interface SeedNotification {
  id: string;
  /** Index into SEED_ACCOUNTS: the recipient. */
  account: number;
  type: string;
  channel: NotificationChannel;
  title: string;
  body: string;
  data: { seed: true; n: number };
  status: 'SENT' | 'FAILED';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
  updatedAt: Date;
}

/** Recognisable, valid v4-shaped UUIDs: 5eed<kind>-0000-4000-8000-<n>. */
export function seedId(kind: number, n: number): string {
  return `5eed${kind.toString(16).padStart(4, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const USER_COUNT = 10;
export const NOTIFICATIONS_PER_ACCOUNT = 20;

/**
 * The guide's "test user with ADMIN role" (its checklist registers and logs in as
 * loadtest@example.com), then user01…user10@example.com.
 */
export const SEED_ACCOUNTS: readonly SeedAccount[] = [
  { id: seedId(0, 0), email: 'loadtest@example.com', name: 'Load Test User', role: 'ADMIN' },
  ...Array.from({ length: USER_COUNT }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { id: seedId(0, i + 1), email: `user${n}@example.com`, name: `Seed User ${n}`, role: 'USER' as const };
  }),
];

/** The k6 suite's channel weights (40 % email, 30 % push, 20 % in-app, 10 % SMS), in a fixed order. */
const CHANNEL_CYCLE: NotificationChannel[] = [
  'EMAIL',
  'PUSH',
  'EMAIL',
  'IN_APP',
  'PUSH',
  'EMAIL',
  'SMS',
  'PUSH',
  'EMAIL',
  'IN_APP',
];
const TYPES = ['order.shipped', 'security.login', 'comment.reply', 'digest.weekly'];
/** Oldest seeded notification; each next one is a minute later. */
const FIRST_CREATED_AT = Date.UTC(2026, 0, 1);

/**
 * Settled notifications only (SENT, some read, every tenth FAILED): the delivery workers,
 * scheduler and sweeper never pick them up, so the state stays as seeded.
 */
export const SEED_NOTIFICATIONS: readonly SeedNotification[] = SEED_ACCOUNTS.flatMap((account, a) =>
  Array.from({ length: NOTIFICATIONS_PER_ACCOUNT }, (_, i): SeedNotification => {
    const n = a * NOTIFICATIONS_PER_ACCOUNT + i;
    const createdAt = new Date(FIRST_CREATED_AT + n * 60_000);
    const failed = i % 10 === 9;
    const sentAt = failed ? null : new Date(createdAt.getTime() + 2_000);
    const readAt = !failed && i % 3 === 0 ? new Date(createdAt.getTime() + 30_000) : null;
    return {
      id: seedId(1, n + 1),
      account: a,
      type: TYPES[i % TYPES.length],
      channel: CHANNEL_CYCLE[i % CHANNEL_CYCLE.length],
      title: `Seed notification ${i + 1} for ${account.name}`,
      body: 'Baseline data from npm run prisma:seed (tools/seed).',
      data: { seed: true, n: i + 1 },
      status: failed ? 'FAILED' : 'SENT',
      attempts: failed ? 3 : 1,
      lastError: failed ? 'simulated provider rejected the message (seed)' : null,
      createdAt,
      sentAt,
      readAt,
      updatedAt: readAt ?? sentAt ?? createdAt,
    };
  }),
);
