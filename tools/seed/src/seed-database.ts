import { Algorithm, hash, verify } from '@node-rs/argon2';
import { createDatabase } from '@perflab/database';
import { PrismaClient as AuthClient } from '@perflab/prisma-auth';
import { PrismaClient as NotificationsClient } from '@perflab/prisma-notifications';
import { SEED_ACCOUNTS, SEED_NOTIFICATIONS, SEED_PASSWORD, type SeedAccount } from './seed-data';

export interface SeedResult {
  /** Accounts created, changed back to their seeded state, and found as seeded. */
  accounts: Record<AccountOutcome, number>;
  notifications: number;
}

type AccountOutcome = 'created' | 'updated' | 'unchanged';

/**
 * auth's default password cost (OWASP argon2id: 7 MiB, t=5, p=1, ADR 0012; ARGON2_* in
 * apps/auth/src/auth.config.ts), so logging in as a seeded account costs what it costs
 * for a registered one. auth verifies any argon2id hash: the cost is stored in it.
 */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 7_168, timeCost: 5, parallelism: 1 };

/**
 * Writes the seed (seed-data.ts) into the auth and notifications schemas at `url`, so
 * that afterwards the seeded rows are exactly as defined there, whatever ran before:
 * accounts are matched by email (an account the guide's checklist or auth's ADMIN_EMAIL
 * already created is reused, its role, name and password set to the seed's, lockout
 * cleared), the seeded notifications are replaced whole. Nothing else is touched.
 * Rows are written directly, so no user.registered.v1 event (and no welcome notification)
 * follows: the state stays as seeded.
 */
export async function seedDatabase(url: string): Promise<SeedResult> {
  const auth = createDatabase(AuthClient, { url, service: 'auth', poolSize: 4 });
  const notifications = createDatabase(NotificationsClient, { url, service: 'notifications', poolSize: 2 });
  try {
    // Concurrently: argon2 runs on libuv's thread pool, so the hashes share the cores.
    const upserted = await Promise.all(SEED_ACCOUNTS.map((account) => upsertAccount(auth.client, account)));
    const accounts = { created: 0, updated: 0, unchanged: 0 };
    for (const { outcome } of upserted) accounts[outcome]++;
    const ids = upserted.map((u) => u.id);
    const rows = SEED_NOTIFICATIONS.map(({ account, ...row }) => ({ ...row, userId: ids[account] }));
    const users = [...new Set(rows.map((r) => r.userId))];
    await notifications.client.$transaction([
      notifications.client.notification.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } }),
      notifications.client.notification.createMany({ data: rows }),
      // The service keeps unread_counts in the statements that deliver and read; rows written
      // directly need their users' counters set to match, or the badge would disagree with the feed.
      notifications.client.$executeRaw`
        INSERT INTO unread_counts (user_id, count)
        SELECT u, (SELECT count(*) FROM notifications n
                   WHERE n.user_id = u AND n.status = 'SENT' AND n.read_at IS NULL)::int
        FROM unnest(${users}::uuid[]) AS u
        ON CONFLICT (user_id) DO UPDATE SET count = EXCLUDED.count`,
    ]);
    return { accounts, notifications: rows.length };
  } finally {
    await Promise.all([auth.close(), notifications.close()]);
  }
}

async function upsertAccount(db: AuthClient, account: SeedAccount): Promise<{ id: string; outcome: AccountOutcome }> {
  const { email, name, role } = account;
  const existing = await db.user.findUnique({ where: { email } });
  if (!existing) {
    const passwordHash = await hash(SEED_PASSWORD, ARGON2);
    try {
      await db.user.create({ data: { id: account.id, email, name, role, passwordHash } });
      return { id: account.id, outcome: 'created' };
    } catch (error) {
      // Registered a moment ago (auth is running): take that account below.
      if ((error as { code?: string }).code !== 'P2002') throw error;
    }
  }
  const current = existing ?? (await db.user.findUniqueOrThrow({ where: { email } }));
  // A fresh salt on every run would change the row for nothing: re-hash only a different password.
  const samePassword = await verify(current.passwordHash, SEED_PASSWORD).catch(() => false);
  const seeded =
    samePassword &&
    current.name === name &&
    current.role === role &&
    current.failedLoginCount === 0 &&
    current.lockedUntil === null;
  if (seeded) return { id: current.id, outcome: 'unchanged' };
  await db.user.update({
    where: { email },
    data: {
      name,
      role,
      failedLoginCount: 0,
      lockedUntil: null,
      ...(samePassword ? {} : { passwordHash: await hash(SEED_PASSWORD, ARGON2) }),
    },
  });
  return { id: current.id, outcome: 'updated' };
}
