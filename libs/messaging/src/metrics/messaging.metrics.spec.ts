import { AggregatorRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { consumerGroupLagGauge, consumerLagGauge, consumedTotal } from './messaging.metrics';

describe('messaging metrics across cluster workers', () => {
  it('report the group lag once (max), while counters still add up', async () => {
    const labels = { topic: 't-agg', partition: '0', group: 'g-agg' };
    consumerLagGauge.set(labels, 40);
    consumerGroupLagGauge.set({ consumergroup: 'g-agg', topic: 't-agg', partition: '0' }, 40);
    consumedTotal.inc({ topic: 't-agg', group: 'g-agg', outcome: 'success' }, 3);
    // Two workers that measured the same lag and consumed 3 messages each.
    const worker = [await consumerLagGauge.get(), await consumerGroupLagGauge.get(), await consumedTotal.get()];
    const merged = AggregatorRegistry.aggregate([worker, worker] as never);
    const text = await merged.metrics();
    expect(text).toContain('kafka_consumer_lag{topic="t-agg",partition="0",group="g-agg"} 40');
    expect(text).toContain('kafka_consumergroup_lag{consumergroup="g-agg",topic="t-agg",partition="0"} 40');
    expect(text).toContain('kafka_messages_consumed_total{topic="t-agg",group="g-agg",outcome="success"} 6');
  });
});
