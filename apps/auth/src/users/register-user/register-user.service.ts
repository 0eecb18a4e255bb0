import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { userRegistered, type UserRegistered } from '@perflab/contracts';
import { DATABASE, type Database } from '@perflab/database';
import { OUTBOX_INSERT_SQL, outboxEntries, outboxJson, OutboxRelay } from '@perflab/messaging';
import { counter } from '@perflab/observability';
import { ApiError } from '@perflab/runtime';
import { type PrismaClient } from '../../auth.prisma';
import { PasswordHasher } from '../../passwords/password-hasher';
import { AuthRateLimiter } from '../../rate-limit/auth-rate-limiter';
import { prismaErrorCode } from '../../prisma-error';
import { toOwnProfile, type OwnProfile } from '../user.views';
import type { RegisterUserRequest } from './register-user.request';

const registrations = counter('auth_registrations_total', 'Register attempts by outcome', ['outcome']);

/**
 * Creates the user and, in the same transaction, the outbox row announcing it, so the
 * `user.registered.v1` event is published even if Kafka is down right now.
 */
@Injectable()
export class RegisterUserService {
  constructor(
    @Inject(DATABASE) private readonly db: Database<PrismaClient>,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AuthRateLimiter,
    private readonly outbox: OutboxRelay,
  ) {}

  async register(request: RegisterUserRequest, ip: string): Promise<OwnProfile> {
    await this.limiter.beforeRegister(ip, request.email);
    const passwordHash = await this.hasher.hash(request.password);
    const id = randomUUID();
    try {
      const [user] = await this.db.client.$transaction([
        this.db.client.user.create({ data: { id, email: request.email, passwordHash, name: request.name } }),
        this.db.client.$executeRawUnsafe(
          OUTBOX_INSERT_SQL,
          outboxJson(outboxEntries(userRegistered, [{ key: id, value: event(id, request) }])),
        ),
      ]);
      registrations.inc({ outcome: 'created' });
      this.outbox.nudge(); // publish now, not at the next poll
      return toOwnProfile(user);
    } catch (error) {
      if (prismaErrorCode(error) === 'P2002') {
        registrations.inc({ outcome: 'duplicate' });
        throw new ApiError(409, 'EMAIL_TAKEN', 'That email is already registered', { field: 'email' });
      }
      throw error;
    }
  }
}

function event(id: string, request: RegisterUserRequest): UserRegistered {
  return { userId: id, email: request.email, name: request.name, role: 'USER', registeredAt: new Date().toISOString() };
}
