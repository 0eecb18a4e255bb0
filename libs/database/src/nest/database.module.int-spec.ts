import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- generated clients as fixtures; services import theirs by alias
import { PrismaClient } from '../../../../prisma/auth/generated/client';
import type { Database } from '../client/create-database';
import { applyMigrations } from '../migrations/apply-migrations';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@perflab/testing';
import { DATABASE, DatabaseModule } from './database.module';

describe('DatabaseModule.forService', () => {
  let db: ThrowawayDatabase;
  beforeAll(async () => {
    db = await createThrowawayDatabase('nest');
    await applyMigrations({ url: db.url, service: 'auth' });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('provides the service database and ends its pool on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forService({ service: 'auth', prismaClient: PrismaClient, url: db.url, poolSize: 2 })],
    }).compile();
    await moduleRef.init();
    const database = moduleRef.get<Database<PrismaClient>>(DATABASE);
    expect(await database.client.user.count()).toBe(0);
    expect(database.state().max).toBe(2);

    await moduleRef.close();
    expect(database.pool.ended).toBe(true);
  });
});
