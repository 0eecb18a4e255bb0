import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { MessagingLogLevel, MessagingLogger } from './messaging-config';

export const KAFKAJS_LEVEL: Record<MessagingLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

export interface KafkajsLogOptions {
  /** A repeated line is logged once per window, then with the count of its repeats. Default 30 s. */
  repeatWindowMs?: number;
  now?: () => number;
}

const DEFAULT_REPEAT_WINDOW_MS = 30_000;
/** Distinct repeating lines remembered; past this the memory starts over (never grows unbounded). */
const MAX_TRACKED = 500;

interface Repeats {
  loggedAt: number;
  suppressed: number;
}

/**
 * Lines kafkajs writes on every attempt while a broker is unreachable (connect, seed broker,
 * consumer restart, any line with a retry count): expected during an outage, and retried by
 * kafkajs itself, so a warning, not an error, and never a stack per attempt.
 */
function isRetryLine(namespace: string, log: LogEntry['log']): boolean {
  return (
    namespace === 'Connection' ||
    namespace === 'BrokerPool' ||
    'retryCount' in log ||
    'retryTime' in log ||
    /restarting|retr(y|ying)\b/i.test(log.message)
  );
}

/**
 * Routes kafkajs' own log lines into the service logger (one JSON line shape for the whole
 * process), tagged `component: kafkajs`. Errors and warnings that repeat (a broker down
 * prints one per retry, per connection) are logged the first time, then at debug, and again
 * once per window with `repeated`: how many were held back since.
 */
export function kafkajsLogCreator(logger: MessagingLogger, options: KafkajsLogOptions = {}): logCreator {
  const windowMs = options.repeatWindowMs ?? DEFAULT_REPEAT_WINDOW_MS;
  const now = options.now ?? Date.now;
  const repeats = new Map<string, Repeats>();

  return () =>
    ({ namespace, level, log }) => {
      // kafkajs' own timestamp and `logger: kafkajs` are dropped: pino stamps the time, `component` names the source.
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const entry: Record<string, unknown> = { component: 'kafkajs', namespace, ...fields };
      if (level === logLevel.INFO) return logger.info(entry, message);
      if (level !== logLevel.ERROR && level !== logLevel.WARN) return logger.debug(entry, message);

      const retry = isRetryLine(namespace, log);
      if (retry) delete entry.stack;
      const key = `${level}|${namespace}|${String(fields.broker ?? '')}|${message.replace(/\d+/g, '#')}`;
      const seen = repeats.get(key);
      const at = now();
      if (seen && at - seen.loggedAt < windowMs) {
        seen.suppressed++;
        return logger.debug(entry, message);
      }
      if (repeats.size >= MAX_TRACKED) repeats.clear();
      repeats.set(key, { loggedAt: at, suppressed: 0 });
      if (seen?.suppressed) entry.repeated = seen.suppressed;
      if (level === logLevel.ERROR && !retry) logger.error(entry, message);
      else logger.warn(entry, message);
    };
}
