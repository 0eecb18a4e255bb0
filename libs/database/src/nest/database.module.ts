import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { infrastructureEnv, loadConfig } from '@perflab/config';
import {
  createDatabase,
  type Database,
  type DatabaseOptions,
  type PrismaClientClass,
  type PrismaClientLike,
} from '../client/create-database';

/** Injection token for the service's Database (client, pool, state). */
export const DATABASE = Symbol('DATABASE');

export interface DatabaseModuleOptions<C extends PrismaClientLike>
  extends Omit<DatabaseOptions, 'url' | 'poolSize'>, Partial<Pick<DatabaseOptions, 'url' | 'poolSize'>> {
  prismaClient: PrismaClientClass<C>;
}

@Injectable()
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database<unknown>) {}

  /** Before the service listens: its first Prisma query then does not stall a loaded worker. */
  async onModuleInit(): Promise<void> {
    await this.database.warm();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/**
 * `DatabaseModule.forService({ service: 'auth', prismaClient: PrismaClient })` provides
 * DATABASE for `@Inject(DATABASE) db: Database<PrismaClient>`; URL and pool size come
 * from DATABASE_URL and DATABASE_POOL_SIZE unless given.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forService<C extends PrismaClientLike>(options: DatabaseModuleOptions<C>): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATABASE,
          useFactory: () => {
            const env = loadConfig({
              DATABASE_URL: infrastructureEnv.DATABASE_URL,
              DATABASE_POOL_SIZE: infrastructureEnv.DATABASE_POOL_SIZE,
            });
            const { prismaClient, ...rest } = options;
            return createDatabase(prismaClient, {
              ...rest,
              url: options.url ?? env.DATABASE_URL,
              poolSize: options.poolSize ?? env.DATABASE_POOL_SIZE,
            });
          },
        },
        DatabaseLifecycle,
      ],
      exports: [DATABASE],
    };
  }
}
