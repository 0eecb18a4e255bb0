import { logLevel, type logCreator } from 'kafkajs';
import type { MessagingLogLevel, MessagingLogger } from './messaging-config';

export const KAFKAJS_LEVEL: Record<MessagingLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** Routes kafkajs' own log lines into the service logger, tagged so they can be filtered. */
export function kafkajsLogCreator(logger: MessagingLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...fields } = log;
      const entry = { component: 'kafkajs', namespace, ...fields };
      if (level === logLevel.ERROR) logger.error(entry, message);
      else if (level === logLevel.WARN) logger.warn(entry, message);
      else if (level === logLevel.INFO) logger.info(entry, message);
      else logger.debug(entry, message);
    };
}
