import { describe, expect, it } from 'vitest';
import { isSettling, isUnknownTopic, untilSettled } from './broker-settling';

const protocolError = (type: string) => Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type });

describe('isSettling', () => {
  it('takes unknown topics, missing leaders and kafkajs reading its null metadata for "not yet"', () => {
    expect(isSettling(protocolError('UNKNOWN_TOPIC_OR_PARTITION'))).toBe(true);
    expect(isSettling(protocolError('LEADER_NOT_AVAILABLE'))).toBe(true);
    expect(isSettling(new TypeError("Cannot read properties of null (reading 'topicMetadata')"))).toBe(true);
    const wrapped = Object.assign(new Error('retries exceeded'), { cause: protocolError('LEADER_NOT_AVAILABLE') });
    expect(isSettling(wrapped)).toBe(true);
  });

  it('leaves every other error alone', () => {
    expect(isSettling(protocolError('TOPIC_AUTHORIZATION_FAILED'))).toBe(false);
    expect(isSettling(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isSettling(undefined)).toBe(false);
  });
});

describe('isUnknownTopic', () => {
  it('sees the broker answer through kafkajs retries-exceeded wrapping', () => {
    expect(isUnknownTopic(protocolError('UNKNOWN_TOPIC_OR_PARTITION'))).toBe(true);
    expect(isUnknownTopic({ cause: protocolError('UNKNOWN_TOPIC_OR_PARTITION') })).toBe(true);
    expect(isUnknownTopic(protocolError('LEADER_NOT_AVAILABLE'))).toBe(false);
  });
});

describe('untilSettled', () => {
  it('asks again after settling answers and returns the first value', async () => {
    const answers = [protocolError('LEADER_NOT_AVAILABLE'), undefined, 'ready'];
    const value = await untilSettled('a test condition', async () => {
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    });
    expect(value).toBe('ready');
    expect(answers).toEqual([]);
  });

  it('throws any other error at once', async () => {
    const probe = async () => {
      throw protocolError('TOPIC_AUTHORIZATION_FAILED');
    };
    await expect(untilSettled('a test condition', probe)).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
  });

  it('names what it waited for and the last answer when time runs out', async () => {
    const probe = async () => {
      throw protocolError('LEADER_NOT_AVAILABLE');
    };
    await expect(untilSettled('leaders for t', probe, 250)).rejects.toThrow(
      /Kafka: leaders for t not done after 250 ms \(last answer: LEADER_NOT_AVAILABLE\)/,
    );
  });
});
