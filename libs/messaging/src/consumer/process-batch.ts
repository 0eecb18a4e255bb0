import type { ConcurrencyLimit } from '@perflab/async';

export interface BatchMessage {
  offset: string;
  /** Messages with equal keys are handled one after another, in offset order; null keys are independent. */
  key: Buffer | string | null;
}

/** `abandoned`: the consumer is stopping mid-message; it stays unresolved and is redelivered. */
export type MessageResult = 'done' | 'abandoned';

export interface ProcessBatchOptions<M extends BatchMessage> {
  /** One partition's fetched messages, in offset order. */
  messages: readonly M[];
  /** Shared by every batch of the consumer: bounds the handlers in flight across partitions. */
  limit: ConcurrencyLimit;
  handle(message: M): Promise<MessageResult>;
  /** Called in increasing order with the last offset of the handled contiguous prefix. */
  resolveOffset(offset: string): void;
  /** After each handled message: heartbeat, commit if due. */
  progress(): Promise<void>;
  /** Checked before each message starts: the consumer is stopping or the partition was revoked. */
  shouldStop(): boolean;
}

export interface BatchResult {
  handled: number;
  /** The last offset resolved, if any. */
  resolvedUpTo?: string;
}

function chainsByKey<M extends BatchMessage>(messages: readonly M[]): number[][] {
  const chains = new Map<string | number, number[]>();
  messages.forEach((message, index) => {
    const key = message.key === null ? index : `k:${message.key.toString('latin1')}`;
    const chain = chains.get(key);
    if (chain) chain.push(index);
    else chains.set(key, [index]);
  });
  // Map iteration follows first appearance: chains start in offset order.
  return [...chains.values()];
}

/**
 * Handles a fetched batch concurrently: one sequential chain per key, chains in parallel
 * up to the shared limit. Offsets are resolved only for the contiguous handled prefix, so
 * a crash redelivers everything after the first unfinished message (at least once). On a
 * stop, a revoked partition or an abandoned message no new message starts; in-flight ones
 * finish. An error (a failed dead-letter send, a heartbeat refused by a rebalance) stops
 * the batch the same way, then is rethrown once in-flight messages settled.
 */
export async function processBatch<M extends BatchMessage>(options: ProcessBatchOptions<M>): Promise<BatchResult> {
  const { messages, limit } = options;
  const done: boolean[] = messages.map(() => false);
  let next = 0; // first index not known to be handled
  let handled = 0;
  let resolvedUpTo: string | undefined;
  let halted = false;
  let failure: { error: unknown } | undefined;

  const markDone = (index: number) => {
    done[index] = true;
    handled++;
    const before = next;
    while (next < messages.length && done[next]) next++;
    if (next > before) {
      resolvedUpTo = messages[next - 1].offset;
      options.resolveOffset(resolvedUpTo);
    }
  };

  const runChain = async (chain: number[]) => {
    for (const index of chain) {
      if (halted || options.shouldStop()) return void (halted = true);
      const release = await limit.acquire();
      try {
        if (halted || options.shouldStop()) return void (halted = true);
        const result = await options.handle(messages[index]);
        if (result === 'abandoned') return void (halted = true);
        markDone(index);
      } catch (error) {
        failure ??= { error };
        halted = true;
        return;
      } finally {
        release();
      }
      try {
        await options.progress();
      } catch (error) {
        failure ??= { error };
        halted = true;
        return;
      }
    }
  };

  await Promise.all(chainsByKey(messages).map(runChain));
  if (failure) throw failure.error;
  return { handled, resolvedUpTo };
}
