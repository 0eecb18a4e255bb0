// The chat locustfile prints one line `{"chat_delivery": {...}}` as it quits: its count of
// acknowledged messages and of those received by their recipient (deduplicated by messageId).

export interface ChatDelivery {
  acked: number;
  received: number;
  sendFailed: number;
  deliveredOfAcked: number;
  /** deliveredOfAcked / acked; null without acknowledged messages */
  deliveryRate: number | null;
}

export function parseChatDelivery(output: string): ChatDelivery | undefined {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"chat_delivery"'));
  if (!line) return undefined;
  try {
    const d = (JSON.parse(line) as { chat_delivery: Record<string, number | null> }).chat_delivery;
    return {
      acked: d.acked ?? 0,
      received: d.received ?? 0,
      sendFailed: d.send_failed ?? 0,
      deliveredOfAcked: d.delivered_of_acked ?? 0,
      deliveryRate: d.delivery_rate ?? null,
    };
  } catch {
    return undefined;
  }
}
