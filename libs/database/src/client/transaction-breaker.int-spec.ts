import { createThrowawayDatabase, waitFor, type ThrowawayDatabase } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- generated clients as fixtures; services import theirs by alias
import { PrismaClient as AuthClient } from '../../../../prisma/auth/generated/client';
import { applyAllMigrations } from '../migrations/apply-migrations';
import { createDatabase, type Database } from './create-database';

// Found by the bench's chaos profile (auth, Postgres stopped 15 s): after Postgres came back,
// registrations answered 503 for the rest of the run. A half-open breaker lets one trial call
// through and refuses the rest; a transaction's operations each went through the breaker, so
// the second operation of a trial transaction was refused, the transaction never finished,
// the trial failed and the breaker opened again — for as long as trials were transactions.

/** What pg raises when Postgres is not there. */
const postgresDown = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 (simulated)'), { code: 'ECONNREFUSED' });

describe('a transaction and the Postgres breaker', () => {
  let db: ThrowawayDatabase;
  let auth: Database<AuthClient>;

  beforeAll(async () => {
    db = await createThrowawayDatabase('txbreaker');
    await applyAllMigrations({ url: db.url });
    auth = createDatabase(AuthClient, {
      service: 'auth',
      url: db.url,
      poolSize: 3,
      breaker: { resetTimeoutMs: 200, volumeThreshold: 1 },
    });
  });

  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  async function halfOpen(): Promise<void> {
    await auth.breaker.run(() => Promise.reject(postgresDown())).catch(() => undefined);
    expect(auth.breaker.state).toBe('open');
    await waitFor(() => auth.breaker.state === 'half_open', { what: 'the breaker half-open' });
  }

  it('is one trial call: a batch transaction closes a half-open breaker', async () => {
    await halfOpen();
    const [a, b] = await auth.client.$transaction([
      auth.client.user.create({ data: { email: 'trial1@example.test', passwordHash: 'x', name: 'T1' } }),
      auth.client.$executeRawUnsafe('SELECT 1'),
    ]);
    expect(a.email).toBe('trial1@example.test');
    expect(b).toBe(1);
    expect(auth.breaker.state).toBe('closed');
  });

  it('is one trial call: an interactive transaction closes a half-open breaker', async () => {
    await halfOpen();
    const count = await auth.client.$transaction(async (tx) => {
      await tx.user.create({ data: { email: 'trial2@example.test', passwordHash: 'x', name: 'T2' } });
      return tx.user.count();
    });
    expect(count).toBeGreaterThanOrEqual(1);
    expect(auth.breaker.state).toBe('closed');
  });

  it('is refused as a whole while the breaker is open', async () => {
    await auth.breaker.run(() => Promise.reject(postgresDown())).catch(() => undefined);
    await expect(auth.client.$transaction([auth.client.user.count(), auth.client.user.count()])).rejects.toMatchObject({
      name: 'BreakerOpenError',
      retryable: true,
    });
    await waitFor(() => auth.breaker.state === 'half_open', { what: 'the breaker half-open' });
    await auth.client.user.count();
  });

  it('does not count an error the caller throws inside a transaction (an ApiError is not Postgres failing)', async () => {
    await waitFor(() => auth.breaker.state === 'closed' || auth.breaker.state === 'half_open', {
      what: 'the breaker not open',
    });
    await auth.client.user.count();
    expect(auth.breaker.state).toBe('closed');
    const refused = Object.assign(new Error('Idempotency-Key reused with another body'), {
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    for (let i = 0; i < 10; i++) {
      await expect(
        auth.client.$transaction(async (tx) => {
          await tx.user.count();
          throw refused;
        }),
      ).rejects.toBe(refused);
    }
    expect(auth.breaker.state).toBe('closed');
    expect(await auth.client.user.count()).toBeGreaterThanOrEqual(0);
  });
});
