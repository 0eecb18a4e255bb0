import { waitFor } from '@perflab/testing';
import { describe, expect, it } from 'vitest';
import { chatSpecStack } from './testing/chat-spec-stack';

/**
 * Graceful shutdown tells clients to go elsewhere: connections are dropped at the transport
 * ("transport close", which socket.io clients answer by reconnecting), not with socket.io's
 * DISCONNECT ("io server disconnect", which tells them not to), and the process exits 0.
 */
describe('chat shutdown', () => {
  // LOG_LEVEL info: the shutdown's own lines (worker exited, shutdown complete) explain a failure.
  const stack = chatSpecStack('chat_stop', { env: { LOG_LEVEL: 'info' } });

  it('SIGTERM drops every socket at the transport, so clients reconnect, and exits 0', async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => stack.connect()));
    const reasons: string[] = [];
    for (const client of clients) client.socket.on('disconnect', (reason) => reasons.push(reason));

    stack.chat.service.child.kill('SIGTERM');
    await waitFor(() => reasons.length === clients.length, { what: 'every client to be dropped' });
    expect(new Set(reasons)).toEqual(new Set(['transport close']));
    // socket.io clients reconnect after "transport close" (they would not after "io server disconnect").
    expect(clients.every((c) => c.socket.active)).toBe(true);
    expect(await stack.chat.service.exited, stack.chat.service.outputTail()).toEqual({ code: 0, signal: null });
  });
});
