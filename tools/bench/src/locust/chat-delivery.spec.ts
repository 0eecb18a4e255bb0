import { describe, expect, it } from 'vitest';
import { parseChatDelivery } from './chat-delivery';

describe("the chat locustfile's delivery line", () => {
  it('is read from Locust’s output (the last such line), and absent when not printed', () => {
    const out = [
      'Type     Name   # reqs',
      '{"chat_delivery": {"acked": 1099, "received": 1100, "send_failed": 0, "delivered_of_acked": 1099, "delivery_rate": 1.0}}',
      'Aggregated 2399',
    ].join('\n');
    expect(parseChatDelivery(out)).toEqual({
      acked: 1099,
      received: 1100,
      sendFailed: 0,
      deliveredOfAcked: 1099,
      deliveryRate: 1,
    });
    expect(parseChatDelivery('{"chat_delivery": {"acked": 0, "delivery_rate": null}}')?.deliveryRate).toBeNull();
    expect(parseChatDelivery('no summary')).toBeUndefined();
  });
});
