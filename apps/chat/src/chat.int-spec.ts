import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@perflab/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { chatSpecStack } from './testing/chat-spec-stack';
import { send, type ChatClient } from './testing/chat-test-stack';

/**
 * The chat service as it runs: main.ts with two cluster workers, real socket.io clients,
 * real Postgres, Redis (the adapter) and Kafka. The cluster primary hands connections to its
 * workers in turn, so consecutive connections land on different workers.
 */
describe('chat over socket.io, two workers', () => {
  const stack = chatSpecStack('chat');
  const connect = (userId: string) => stack.connect(userId);
  afterEach(() => stack.closeClients());

  it('delivers across workers: every pair, connected alternately, acked with {messageId, sentAt}', async () => {
    const pairs: { sender: ChatClient; recipient: ChatClient; recipientId: string; senderId: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const recipientId = randomUUID();
      const senderId = randomUUID();
      const recipient = await connect(recipientId);
      const sender = await connect(senderId);
      pairs.push({ sender, recipient, recipientId, senderId });
    }
    const acks = await Promise.all(
      pairs.map(({ sender, recipientId }, i) =>
        send(sender, { recipientId, chatId: `pair-${i}-${recipientId}`, message: `hello ${i}` }),
      ),
    );
    for (const ack of acks) {
      expect(ack).toEqual({ messageId: expect.any(String), sentAt: expect.any(String) });
    }
    await waitFor(() => pairs.every((p) => p.recipient.received.length === 1), { what: 'every recipient' });
    pairs.forEach(({ recipient, senderId }, i) => {
      expect(recipient.received[0]).toEqual({
        messageId: (acks[i] as { messageId: string }).messageId,
        chatId: `pair-${i}-${pairs[i].recipientId}`,
        senderId,
        message: `hello ${i}`,
        sentAt: (acks[i] as { sentAt: string }).sentAt,
      });
    });
    // Nothing comes back to the sending socket.
    expect(pairs.every((p) => p.sender.received.length === 0)).toBe(true);
    // The server's view, summed over both workers.
    const metrics = (await stack.chat.request('GET', '/metrics')).text;
    expect(Number(/^chat_connected_sockets (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(8);
    expect(Number(/^chat_messages_delivered_total\{path="live"\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(4);
    expect(Number(/^chat_delivery_latency_seconds_count (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(4);
  });

  it('reaches every socket of the recipient (both workers), and group members by chat', async () => {
    const [alice, bob, carol] = [randomUUID(), randomUUID(), randomUUID()];
    const bobPhone = await connect(bob);
    const bobLaptop = await connect(bob);
    const carolSocket = await connect(carol);
    const aliceSocket = await connect(alice);
    const chatId = `group-${alice}`;

    await send(aliceSocket, { recipientId: bob, chatId, message: 'to bob' });
    await waitFor(() => bobPhone.received.length === 1 && bobLaptop.received.length === 1, { what: 'both of bob' });
    expect(bobPhone.received[0].messageId).toBe(bobLaptop.received[0].messageId);

    // Carol joins the chat by being written to; then a message from bob reaches alice and carol.
    await send(aliceSocket, { recipientId: carol, chatId, message: 'welcome carol' });
    const fromBob = await send(bobPhone, { recipientId: carol, chatId, message: 'hi all' });
    expect(fromBob).toHaveProperty('messageId');
    await waitFor(() => carolSocket.received.length === 2 && aliceSocket.received.length === 1, { what: 'group' });
    expect(aliceSocket.received[0].message).toBe('hi all');
    // Bob's other socket sees his own message; the one that sent it does not.
    await waitFor(() => bobLaptop.received.length === 3, { what: "bob's laptop" });
    expect(bobPhone.received).toHaveLength(2);

    // History is for members only.
    const members = await stack.chat.request('GET', `/chats/${chatId}/messages?limit=2`, {
      headers: { authorization: `Bearer ${await stack.minter.token(carol)}` },
    });
    expect(members.status).toBe(200);
    const page = members.body as unknown as { items: { message: string }[]; nextCursor: string };
    expect(page.items.map((m) => m.message)).toEqual(['hi all', 'welcome carol']);
    const older = await stack.chat.request('GET', `/chats/${chatId}/messages?before=${page.nextCursor}`, {
      headers: { authorization: `Bearer ${await stack.minter.token(carol)}` },
    });
    expect(older.body).toEqual({ items: [expect.objectContaining({ message: 'to bob' })], nextCursor: null });
    const stranger = await stack.chat.request('GET', `/chats/${chatId}/messages`, {
      headers: { authorization: `Bearer ${await stack.minter.token(randomUUID())}` },
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body).toMatchObject({ code: 'NOT_A_MEMBER', field: 'chatId' });
    // And a stranger cannot write to the chat either.
    const intruder = await connect(randomUUID());
    expect(await send(intruder, { recipientId: bob, chatId, message: 'let me in' })).toEqual({
      error: expect.objectContaining({ status: 403, code: 'NOT_A_MEMBER', field: 'chatId' }),
    });
  });

  it('an offline recipient gets what they missed on reconnect (handshake lastSeenMessageId)', async () => {
    const [sender, recipient] = [randomUUID(), randomUUID()];
    const chatId = `dm-${recipient}`;
    const from = await connect(sender);
    const to = await connect(recipient);
    await send(from, { recipientId: recipient, chatId, message: 'one' });
    await waitFor(() => to.received.length === 1, { what: 'the first message' });

    to.socket.disconnect();
    const missed = [];
    for (const message of ['two', 'three', 'four'])
      missed.push(await send(from, { recipientId: recipient, chatId, message }));
    await to.connect(); // same client: its auth callback now names 'one' as the last seen message
    expect(to.received.map((m) => m.message)).toEqual(['one', 'two', 'three', 'four']);
    expect(to.received.slice(1).map((m) => m.messageId)).toEqual(
      missed.map((a) => (a as { messageId: string }).messageId),
    );
  });

  it('refuses a bad or missing token with a connect_error carrying the code', async () => {
    const forged = (await stack.minter.token(randomUUID())).slice(0, -4) + 'AAAA';
    for (const [token, code] of [
      [forged, 'TOKEN_INVALID'],
      ['', 'TOKEN_MISSING'],
    ] as const) {
      const client = await stack.client(undefined, { token, reconnection: false });
      const error = await client.connect().then(
        () => undefined,
        (e: Error & { data?: unknown }) => e,
      );
      expect(error?.message).toMatch(/token|authentication/i);
      expect(error?.data).toEqual({ status: 401, code });
    }
    const expired = await stack.client(undefined, {
      token: await stack.minter.token(randomUUID(), {}, '-1m'),
      reconnection: false,
    });
    await expect(expired.connect()).rejects.toMatchObject({ data: { status: 401, code: 'TOKEN_EXPIRED' } });
  });

  it('answers a bad payload with an error ack naming the field, and rate-limits a flood', async () => {
    const client = await connect(randomUUID());
    const recipientId = randomUUID();
    const cases: [unknown, string][] = [
      [{ chatId: 'c1', message: 'x' }, 'recipientId'],
      [{ recipientId: 'not-a-uuid', chatId: 'c1', message: 'x' }, 'recipientId'],
      [{ recipientId, chatId: 'has space', message: 'x' }, 'chatId'],
      [{ recipientId, chatId: 'c1', message: '' }, 'message'],
      [{ recipientId, chatId: 'c1', message: 'x'.repeat(4_001) }, 'message'],
      [{ recipientId, chatId: 'c1', message: 'nul\u0000' }, 'message'],
      [{ recipientId, chatId: 'c1', message: 'x', extra: 1 }, 'extra'],
      ['a string', 'body'],
    ];
    for (const [payload, field] of cases) {
      const ack = await send(client, payload);
      expect(ack, JSON.stringify(payload).slice(0, 80)).toEqual({
        error: expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED', field }),
      });
    }
    // The default burst is 40 per socket; the validation failures above used 8 of it.
    const flood = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        send(client, { recipientId, chatId: `flood-${recipientId}`, message: `${i}` }),
      ),
    );
    const limited = flood.filter((a) => 'error' in a && a.error.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(0);
    expect(flood.filter((a) => 'messageId' in a).length).toBeGreaterThan(0);
  });

  it('a retried send with the same messageId is stored once and acked with the original', async () => {
    const client = await connect(randomUUID());
    const payload = {
      recipientId: randomUUID(),
      chatId: `retry-${randomUUID()}`,
      message: 'once',
      messageId: randomUUID(),
    };
    const first = await send(client, payload);
    const again = await send(client, payload);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ messageId: payload.messageId });
  });

  it('a worker SIGKILLed mid-conversation loses no acknowledged message; its clients reconnect and catch up', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const recipientId = randomUUID();
        const recipient = await connect(recipientId);
        const sender = await connect(randomUUID());
        return { i, recipientId, recipient, sender, acked: [] as string[] };
      }),
    );
    const dropped: string[] = [];
    for (const c of pairs.flatMap((p) => [p.recipient, p.sender]))
      c.socket.on('disconnect', (reason) => dropped.push(reason));
    let stop = false;
    // Each sender writes in a loop; a send that gets no ack is retried with the same messageId.
    const loops = pairs.map(async (pair) => {
      for (let n = 0; !stop; n++) {
        const payload = {
          recipientId: pair.recipientId,
          chatId: `kill-${pair.recipientId}`,
          message: `${n}`,
          messageId: randomUUID(),
        };
        for (;;) {
          const ack = await send(pair.sender, payload, 2_000).catch(() => undefined);
          if (ack && 'messageId' in ack) {
            pair.acked.push(ack.messageId);
            break;
          }
          if (ack && 'error' in ack && ack.error.code !== 'DEPENDENCY_UNAVAILABLE')
            throw new Error(JSON.stringify(ack));
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await waitFor(() => pairs.every((p) => p.acked.length >= 5), { what: 'a conversation under way' });

    const workers = execFileSync('pgrep', ['-P', String(stack.chat.service.child.pid)])
      .toString()
      .trim()
      .split('\n');
    expect(workers.length).toBe(2);
    process.kill(Number(workers[0]), 'SIGKILL');
    await waitFor(() => pairs.every((p) => p.acked.length >= 30), {
      timeoutMs: 45_000,
      what: 'the conversation to go on',
    });
    stop = true;
    await Promise.all(loops);
    // The killed worker held some of these sockets; they dropped at the transport and came back.
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.every((reason) => reason === 'transport close' || reason === 'transport error')).toBe(true);

    for (const pair of pairs) {
      await waitFor(
        () => {
          const got = new Set(pair.recipient.received.map((m) => m.messageId));
          return pair.acked.every((id) => got.has(id));
        },
        { timeoutMs: 30_000, what: `recipient ${pair.i} to have every acknowledged message` },
      );
    }
    // And each is stored once.
    const history = await stack.chat.request('GET', `/chats/kill-${pairs[0].recipientId}/messages?limit=200`, {
      headers: { authorization: `Bearer ${await stack.minter.token(pairs[0].recipientId)}` },
    });
    const ids = (history.body as unknown as { items: { messageId: string }[] }).items.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(pairs[0].acked));
  }, 120_000);
});
