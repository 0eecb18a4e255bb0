import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ContractViolationError, defineEvent, onTopic, type EventOf } from './index';

const orderPlaced = defineEvent({
  topic: 'order.placed.v1',
  partitions: 3,
  key: z.string().min(1),
  value: z.object({ orderId: z.string(), total: z.number().nonnegative() }),
});

const composite = defineEvent({
  topic: 'stock.moved.v2',
  partitions: 3,
  key: z.object({ sku: z.string(), warehouse: z.number() }),
  value: z.object({ qty: z.number().int() }),
});

describe('defineEvent', () => {
  it('rejects topic names without a version', () => {
    expect(() => defineEvent({ topic: 'order-placed', partitions: 1, key: z.string(), value: z.object({}) })).toThrow(
      /versioned/,
    );
    expect(() =>
      defineEvent({ topic: 'Order.Placed.v1', partitions: 1, key: z.string(), value: z.object({}) }),
    ).toThrow();
  });

  it('encodes a string key as itself and the value as JSON', () => {
    expect(orderPlaced.encode('o-1', { orderId: 'o-1', total: 3 })).toEqual({
      key: 'o-1',
      value: '{"orderId":"o-1","total":3}',
    });
  });

  it('encodes an object key as JSON and decodes it back', () => {
    const wire = composite.encode({ sku: 'a', warehouse: 2 }, { qty: 5 });
    expect(wire.key).toBe('{"sku":"a","warehouse":2}');
    expect(composite.decode(Buffer.from(wire.key), Buffer.from(wire.value))).toEqual({
      ok: true,
      key: { sku: 'a', warehouse: 2 },
      value: { qty: 5 },
    });
  });

  it('refuses to encode an invalid value, naming the field', () => {
    let error: unknown;
    try {
      orderPlaced.encode('o-1', { orderId: 'o-1', total: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).part).toBe('value');
    expect((error as ContractViolationError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/order\.placed\.v1: invalid value: total:/);
    expect(() => orderPlaced.encode('', { orderId: 'o', total: 1 })).toThrow(/invalid key/);
  });

  it('reports each kind of bad input on decode instead of throwing', () => {
    expect(orderPlaced.decode('k', null)).toMatchObject({ ok: false, reason: 'missing_value' });
    expect(orderPlaced.decode('k', '{not json')).toMatchObject({ ok: false, reason: 'bad_json' });
    expect(orderPlaced.decode(null, '{"orderId":"o","total":1}')).toMatchObject({ ok: false, reason: 'invalid_key' });
    expect(orderPlaced.decode('k', '{"orderId":"o"}')).toMatchObject({
      ok: false,
      reason: 'invalid_value',
      error: expect.stringContaining('total'),
    });
  });

  it('carries the partition count, refuses a bad one, and keeps it on another topic', () => {
    expect(orderPlaced.partitions).toBe(3);
    expect(() =>
      defineEvent({ topic: 'order.placed.v1', partitions: 0, key: z.string(), value: z.object({}) }),
    ).toThrow(/partitions/);
    const renamed = onTopic(orderPlaced, 'test.order.v1');
    expect(renamed).toMatchObject({ topic: 'test.order.v1', partitions: 3 });
    expect(renamed.encode('o-1', { orderId: 'o-1', total: 3 }).key).toBe('o-1');
    expect(onTopic(orderPlaced, orderPlaced.topic)).toBe(orderPlaced);
  });

  it('types decoded messages from the schemas', () => {
    const decoded = orderPlaced.decode('k', '{"orderId":"o","total":1}');
    if (!decoded.ok) throw new Error(decoded.error);
    expectTypeOf(decoded.value.total).toEqualTypeOf<number>();
    expectTypeOf<EventOf<typeof composite>['key']>().toEqualTypeOf<{ sku: string; warehouse: number }>();
  });
});
