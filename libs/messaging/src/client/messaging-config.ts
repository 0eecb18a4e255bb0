import { infrastructureEnv } from '@perflab/config';

export type Compression = 'none' | 'gzip';
export type MessagingLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** pino-compatible: `logger.warn({ ...fields }, 'message')`. */
export interface MessagingLogger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

export interface MessagingConfig {
  brokers: string[];
  clientId: string;
  compression?: Compression;
  /** TCP connect timeout per broker. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Client-level retries (connect, metadata, admin); producer sends retry on their own, see EventPublisher. */
  retries?: number;
  logLevel?: MessagingLogLevel;
  logger?: MessagingLogger;
}

/** The variables a service spreads into its loadConfig shape. */
export const messagingEnv = {
  KAFKA_BROKERS: infrastructureEnv.KAFKA_BROKERS,
  KAFKA_CLIENT_ID: infrastructureEnv.KAFKA_CLIENT_ID,
  KAFKA_COMPRESSION: infrastructureEnv.KAFKA_COMPRESSION,
};

export function messagingConfigFromEnv(
  env: { KAFKA_BROKERS: string[]; KAFKA_CLIENT_ID: string; KAFKA_COMPRESSION: Compression },
  overrides: Partial<MessagingConfig> = {},
): MessagingConfig {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID,
    compression: env.KAFKA_COMPRESSION,
    ...overrides,
  };
}
