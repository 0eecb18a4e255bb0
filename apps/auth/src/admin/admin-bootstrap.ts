import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { userRegistered, type UserRegistered } from '@perflab/contracts';
import { DATABASE, type Database } from '@perflab/database';
import { OUTBOX_INSERT_SQL, outboxEntries, outboxJson } from '@perflab/messaging';
import { prismaErrorCode } from '../prisma-error';
import { AUTH_CONFIG, type AuthConfig } from '../auth.config';
import { type PrismaClient } from '../auth.prisma';
import { PasswordHasher } from '../passwords/password-hasher';

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD: make sure that account exists with role ADMIN, so a fresh
 * stack has an admin without editing the database (002's checklist logs in as one).
 * An existing account is promoted; its password is left alone. Every worker runs this;
 * the unique email index makes concurrent creation safe.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');
  constructor(
    @Inject(DATABASE) private readonly db: Database<PrismaClient>,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_NAME } = this.config;
    if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
    const email = ADMIN_EMAIL.toLowerCase();
    const db = this.db.client;
    const existing = await db.user.findUnique({ where: { email } });
    if (existing) {
      if (existing.role !== 'ADMIN') await db.user.update({ where: { email }, data: { role: 'ADMIN' } });
      return;
    }
    const id = randomUUID();
    const event: UserRegistered = {
      userId: id,
      email,
      name: ADMIN_NAME,
      role: 'ADMIN',
      registeredAt: new Date().toISOString(),
    };
    try {
      await db.$transaction([
        db.user.create({
          data: { id, email, name: ADMIN_NAME, role: 'ADMIN', passwordHash: await this.hasher.hash(ADMIN_PASSWORD) },
        }),
        db.$executeRawUnsafe(OUTBOX_INSERT_SQL, outboxJson(outboxEntries(userRegistered, [{ key: id, value: event }]))),
      ]);
      this.logger.log(`admin account ${id} created from ADMIN_EMAIL`);
    } catch (error) {
      // Another worker created it a moment ago.
      if (!(prismaErrorCode(error) === 'P2002')) throw error;
    }
  }
}
