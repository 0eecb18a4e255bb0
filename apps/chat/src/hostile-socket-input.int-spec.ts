import { randomUUID } from 'node:crypto';
import { waitFor } from '@perflab/testing';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { chatSpecStack } from './testing/chat-spec-stack';
import { send } from './testing/chat-test-stack';

/**
 * The socket side under hostile input (issue 10, round 2): every refusal is an answer the
 * client can read (`connect_error` data, an error ack), and nothing takes the process down.
 */
describe('chat: hostile socket input', () => {
  const stack = chatSpecStack('chat_hostile', { env: { WORKERS: '1' }, reconnection: false });
  const connected = (userId?: string) => stack.connect(userId);
  /** The refusal a handshake with this `auth` gets, as a socket.io client sees it. */
  const refusal = (auth: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const socket = io(stack.chat.url, { transports: ['websocket'], reconnection: false, auth });
      socket.once('connect', () => {
        socket.close();
        reject(new Error('connected'));
      });
      socket.once('connect_error', (error: Error & { data?: unknown }) => {
        socket.close();
        resolve(error.data);
      });
    });

  it('refuses a token of the wrong type, a garbage one and one whose subject is not a user id, as 401s', async () => {
    for (const token of [42, { a: 1 }, ['x'], null]) {
      expect(await refusal({ token })).toEqual({ status: 401, code: 'TOKEN_MISSING' });
    }
    for (const token of [
      'abc.def.ghi',
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      await stack.minter.token('not-a-uuid'),
    ]) {
      expect(await refusal({ token })).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    }
  });

  it('answers a flood of bad-token connects with connect_errors and keeps serving', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => refusal({ token: `bad-${i}` })));
    expect(new Set(answers.map((data) => JSON.stringify(data)))).toEqual(
      new Set([JSON.stringify({ status: 401, code: 'TOKEN_INVALID' })]),
    );
    await connected();
  });

  it('answers every field of the wrong type, binary included, with an error ack naming it', async () => {
    const client = await connected();
    const valid = { recipientId: randomUUID(), message: 'hi', chatId: 'c1' };
    const cases: [unknown, string][] = [
      [{ ...valid, recipientId: 1 }, 'recipientId'],
      [{ ...valid, recipientId: { a: 1 } }, 'recipientId'],
      [{ ...valid, message: 5 }, 'message'],
      [{ ...valid, message: Buffer.from('hi') }, 'message'],
      [{ ...valid, chatId: [] }, 'chatId'],
      [{ ...valid, chatId: 'c'.repeat(1_000) }, 'chatId'],
      [{ ...valid, messageId: 5 }, 'messageId'],
      [
        JSON.parse(`{"__proto__":{"polluted":1},"recipientId":"${valid.recipientId}","message":"m","chatId":"c1"}`),
        '__proto__',
      ],
      [null, 'body'],
      [[1, 2], 'body'],
      [Buffer.from([1, 2, 3]), 'recipientId'],
    ];
    for (const [payload, field] of cases) {
      expect(await send(client, payload), String(field)).toEqual({
        error: expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED', field }),
      });
    }
    expect(client.socket.connected).toBe(true);
  });

  it('acks an unknown event at once with UNKNOWN_EVENT, and keeps the socket', async () => {
    const client = await connected();
    const ack = await client.socket.timeout(2_000).emitWithAck('send_mesage', { message: 'typo' });
    expect(ack).toEqual({ error: expect.objectContaining({ status: 404, code: 'UNKNOWN_EVENT' }) });
    client.socket.emit('nobody_listens');
    expect(
      await send(client, { recipientId: randomUUID(), message: 'still here', chatId: `c-${randomUUID()}` }),
    ).toHaveProperty('messageId');
  });

  it('drops a socket that sends a frame over the limit, and only that socket', async () => {
    const [big, bystander] = [await connected(), await connected()];
    const reasons: string[] = [];
    big.socket.on('disconnect', (reason) => reasons.push(reason));
    big.socket.emit('send_message', { recipientId: randomUUID(), message: 'y'.repeat(200_000), chatId: 'c1' });
    await waitFor(() => reasons.length > 0, { what: 'the oversized socket to be dropped' });
    expect(bystander.socket.connected).toBe(true);
    expect(
      await send(bystander, { recipientId: randomUUID(), message: 'fine', chatId: `c-${randomUUID()}` }),
    ).toHaveProperty('messageId');
  });

  it('wrote nothing but its JSON lines, and no error', () => {
    expect(stack.chat.service.lines.filter((line) => line.unparsed)).toEqual([]);
    expect(stack.chat.service.lines.filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
    expect(stack.chat.service.stderr()).toBe('');
  });
});
