import { logLevel, type LogEntry } from 'kafkajs';
import { beforeEach, describe, expect, it } from 'vitest';
import { kafkajsLogCreator } from './kafkajs-logger';
import type { MessagingLogger } from './messaging-config';

type Level = keyof MessagingLogger;
interface Written {
  level: Level;
  fields: Record<string, unknown>;
  message: string;
}

const LABEL: Record<number, string> = {
  [logLevel.ERROR]: 'ERROR',
  [logLevel.WARN]: 'WARN',
  [logLevel.INFO]: 'INFO',
  [logLevel.DEBUG]: 'DEBUG',
};

describe('kafkajsLogCreator', () => {
  let written: Written[];
  let clock: number;
  let write: (namespace: string, level: logLevel, message: string, extra?: Record<string, unknown>) => void;

  beforeEach(() => {
    written = [];
    clock = 0;
    const record =
      (level: Level) =>
      (fields: object, message: string): void => {
        written.push({ level, fields: fields as Record<string, unknown>, message });
      };
    const logger: MessagingLogger = {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
    };
    const log = kafkajsLogCreator(logger, { repeatWindowMs: 30_000, now: () => clock })(logLevel.DEBUG);
    // The shape kafkajs' own loggers/index.js builds.
    write = (namespace, level, message, extra = {}) =>
      log({
        namespace,
        level,
        label: LABEL[level],
        log: { timestamp: new Date(clock).toISOString(), logger: 'kafkajs', message, ...extra },
      } as LogEntry);
  });

  const connectionError = () =>
    write('Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
      broker: '127.0.0.1:9092',
      clientId: 'auth',
      stack: 'Error: connect ECONNREFUSED\n    at TCPConnectWrap.afterConnect',
    });

  it('writes through the service logger, tagged, without kafkajs’ own timestamp and logger name', () => {
    write('Consumer', logLevel.INFO, 'Starting', { groupId: 'g' });
    expect(written).toEqual([
      { level: 'info', fields: { component: 'kafkajs', namespace: 'Consumer', groupId: 'g' }, message: 'Starting' },
    ]);
  });

  it('maps a retried connection error to one warning without a stack', () => {
    connectionError();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ level: 'warn', fields: { namespace: 'Connection', broker: '127.0.0.1:9092' } });
    expect(written[0].fields).not.toHaveProperty('stack');
  });

  it('holds back repeats to debug within the window, then logs once more with the count', () => {
    for (let retry = 0; retry < 5; retry++) {
      clock += 1_000;
      connectionError();
      write('BrokerPool', logLevel.ERROR, 'Failed to connect to seed broker, trying another broker from the list', {
        retryCount: retry,
        retryTime: 200 * 2 ** retry,
      });
    }
    expect(written.filter((line) => line.level === 'warn')).toHaveLength(2); // one per kind of line
    expect(written.filter((line) => line.level === 'debug')).toHaveLength(8);

    clock += 30_000;
    connectionError();
    const last = written.at(-1);
    expect(last).toMatchObject({ level: 'warn', fields: { repeated: 4 } });
  });

  it('treats lines that differ only in numbers (retry times) as one line', () => {
    write('Consumer', logLevel.ERROR, 'Restarting the consumer in 300ms', { retryCount: 1 });
    write('Consumer', logLevel.ERROR, 'Restarting the consumer in 600ms', { retryCount: 2 });
    expect(written.map((line) => line.level)).toEqual(['warn', 'debug']);
  });

  it('keeps an error that is not a retry an error, with its stack', () => {
    write('Producer', logLevel.ERROR, 'Unknown failure', { stack: 'Error: boom' });
    expect(written).toEqual([
      {
        level: 'error',
        fields: { component: 'kafkajs', namespace: 'Producer', stack: 'Error: boom' },
        message: 'Unknown failure',
      },
    ]);
  });

  it('passes debug lines through at debug', () => {
    write('Connection', logLevel.DEBUG, 'Request Metadata(key: 3, version: 6)');
    expect(written).toEqual([expect.objectContaining({ level: 'debug' })]);
  });
});
