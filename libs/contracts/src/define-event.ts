import { z } from 'zod';
import { ContractViolationError } from './contract-violation.error';

/** `<domain>.<event>.v<N>`, lower case: the version is part of the name, so a breaking change is a new topic. */
const TOPIC_NAME = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+\.v[1-9][0-9]*$/;

export type RawBytes = Buffer | string | null | undefined;

export type DecodeFailureReason = 'missing_value' | 'bad_json' | 'invalid_key' | 'invalid_value';

export type Decoded<K, V> = { ok: true; key: K; value: V } | { ok: false; reason: DecodeFailureReason; error: string };

export interface EventContract<K extends z.ZodType = z.ZodType, V extends z.ZodType = z.ZodType> {
  readonly topic: string;
  /**
   * The topic's partition count, part of the contract: the producing service creates the
   * topic with it (and its `.dlt` alike); consumers wait for the topic and never create it.
   */
  readonly partitions: number;
  readonly key: K;
  readonly value: V;
  /** Validates, then serialises: a string key goes as is, anything else as JSON. Throws ContractViolationError. */
  encode(key: z.input<K>, value: z.input<V>): { key: string; value: string };
  /** Parses and validates raw bytes from the wire; never throws. */
  decode(key: RawBytes, value: RawBytes): Decoded<z.output<K>, z.output<V>>;
}

export type EventKey<E extends EventContract> = z.output<E['key']>;
export type EventValue<E extends EventContract> = z.output<E['value']>;
export type EventKeyInput<E extends EventContract> = z.input<E['key']>;
export type EventValueInput<E extends EventContract> = z.input<E['value']>;
/** One decoded message of an event: `EventOf<typeof userRegistered>`. */
export type EventOf<E extends EventContract> = { key: EventKey<E>; value: EventValue<E> };

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

function text(raw: RawBytes): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  return typeof raw === 'string' ? raw : raw.toString('utf8');
}

/**
 * The one definition of an event, shared by its producers and consumers:
 * `defineEvent({ topic: 'user.registered.v1', partitions: 6, key: z.string(), value: z.object({...}) })`.
 */
export function defineEvent<K extends z.ZodType, V extends z.ZodType>(definition: {
  topic: string;
  partitions: number;
  key: K;
  value: V;
}): EventContract<K, V> {
  const { topic, partitions, key, value } = definition;
  if (!TOPIC_NAME.test(topic)) {
    throw new Error(`Topic "${topic}" must look like "<domain>.<event>.v<N>" (lower case, versioned)`);
  }
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new Error(`Topic "${topic}" needs a whole number of partitions ≥ 1, got ${partitions}`);
  }
  // A string key travels as its own bytes (readable in tools, stable for partitioning); others as JSON.
  const stringKey = (key as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'string';

  return {
    topic,
    partitions,
    key,
    value,
    encode(rawKey, rawValue) {
      const k = key.safeParse(rawKey);
      if (!k.success) throw new ContractViolationError(topic, 'key', issuesOf(k.error));
      const v = value.safeParse(rawValue);
      if (!v.success) throw new ContractViolationError(topic, 'value', issuesOf(v.error));
      return { key: stringKey ? (k.data as string) : JSON.stringify(k.data), value: JSON.stringify(v.data) };
    },
    decode(rawKey, rawValue) {
      const valueText = text(rawValue);
      if (valueText === undefined) return { ok: false, reason: 'missing_value', error: 'message has no value' };
      let keyInput: unknown = text(rawKey);
      let valueInput: unknown;
      try {
        valueInput = JSON.parse(valueText);
        if (!stringKey && keyInput !== undefined) keyInput = JSON.parse(keyInput as string);
      } catch (error) {
        return { ok: false, reason: 'bad_json', error: (error as Error).message };
      }
      const k = key.safeParse(keyInput);
      if (!k.success) return { ok: false, reason: 'invalid_key', error: issuesOf(k.error).join('; ') };
      const v = value.safeParse(valueInput);
      if (!v.success) return { ok: false, reason: 'invalid_value', error: issuesOf(v.error).join('; ') };
      return { ok: true, key: k.data, value: v.data };
    },
  };
}

/** The same contract on another topic name (tests run on a topic of their own). */
export function onTopic<E extends EventContract>(event: E, topic: string): E {
  if (topic === event.topic) return event;
  return defineEvent({ topic, partitions: event.partitions, key: event.key, value: event.value }) as E;
}
