import { randomUUID } from 'node:crypto';
import { waitFor } from '@perflab/testing';
import { describe, expect, it } from 'vitest';
import { chatSpecStack } from '../testing/chat-spec-stack';
import { send, type NewMessage } from '../testing/chat-test-stack';

const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);

/** Group commit through the real service: two workers, concurrent senders, every send acked once stored. */
describe('send_message group commit', () => {
  const stack = chatSpecStack('chat-group-commit', { env: { SEND_COMMITS_IN_FLIGHT: '1' } });

  /** Every new_message as it arrives, no dedupe: a message delivered twice would show. */
  const connect = async (userId: string) => {
    const client = await stack.client(userId);
    const raw: NewMessage[] = [];
    client.socket.on('new_message', (m: NewMessage) => raw.push(m));
    await client.connect();
    return { client, raw };
  };

  it('200 concurrent sends from 10 sockets on two workers: all acked, stored once, each delivered once', async () => {
    type Connected = Awaited<ReturnType<typeof connect>>;
    const pairs: { sender: Connected; recipient: Connected; recipientId: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const [senderId, recipientId] = [randomUUID(), randomUUID()];
      pairs.push({ sender: await connect(senderId), recipient: await connect(recipientId), recipientId });
    }
    const acks = await Promise.all(
      pairs.flatMap(({ sender, recipientId }, i) =>
        Array.from({ length: 20 }, (_, n) =>
          send(sender.client, { recipientId, chatId: `gc-${i}-${recipientId}`, message: `m${n}` }),
        ),
      ),
    );
    const acked = acks.map((ack) => ('messageId' in ack ? ack.messageId : JSON.stringify(ack)));
    expect(new Set(acked).size).toBe(200);
    expect(acks.every((ack) => 'messageId' in ack)).toBe(true);

    await waitFor(() => pairs.every((p) => p.recipient.raw.length >= 20), { what: 'every message delivered' });
    pairs.forEach(({ recipient }, i) => {
      expect(recipient.raw.map((m) => m.messageId).sort()).toEqual(acked.slice(i * 20, i * 20 + 20).sort());
    });

    const stored = await stack.store.pool.query<{ id: string }>('SELECT id::text AS id FROM messages');
    expect(stored.rows.map((r) => r.id).sort()).toEqual([...acked].sort());
    // Each event reached Kafka (the relay deletes an outbox row once acks=all confirmed it), none dead-lettered.
    await waitFor(async () => (await stack.store.pool.query('SELECT 1 FROM outbox_events LIMIT 1')).rowCount === 0, {
      what: 'the outbox relayed',
      timeoutMs: 30_000,
    });
    expect((await stack.store.pool.query('SELECT 1 FROM outbox_dead_letters')).rowCount).toBe(0);

    // Fewer transactions than messages: sends waiting for a commit went together.
    const metrics = (await stack.chat.request('GET', '/metrics')).text;
    expect(metric(metrics, 'chat_send_batch_size_sum')).toBe(200);
    expect(metric(metrics, 'chat_send_batch_size_count')).toBeLessThan(200);
    // And no message reached a recipient twice meanwhile.
    expect(pairs.reduce((sum, p) => sum + p.recipient.raw.length, 0)).toBe(200);
  });
});
