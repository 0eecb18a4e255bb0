import type { Logger } from '@nestjs/common';
import { ConcurrencyLimit } from '@perflab/async';
import { adapterRecoveriesTotal } from '../chat.metrics';

/** Catch-up queries in flight at once during a recovery: the pool also serves sends. */
const CATCH_UP_CONCURRENCY = 2;

/**
 * Catches up every socket of this process after the adapter's Redis came back. Requests that
 * arrive while one runs (this process recovering, then another process saying it recovered)
 * coalesce into one more run, so a Redis restart costs each socket one or two catch-up queries,
 * not one per process.
 */
export class AdapterRecovery<S> {
  private running = false;
  private requestedAgain = false;
  private readonly limit = new ConcurrencyLimit(CATCH_UP_CONCURRENCY);

  constructor(
    private readonly sockets: () => S[],
    private readonly catchUp: (socket: S) => Promise<number>,
    private readonly logger: Logger,
  ) {}

  request(trigger: 'local' | 'remote'): void {
    adapterRecoveriesTotal.inc({ trigger });
    if (this.running) {
      this.requestedAgain = true;
      return;
    }
    this.running = true;
    void this.runUntilSettled().finally(() => (this.running = false));
  }

  private async runUntilSettled(): Promise<void> {
    do {
      this.requestedAgain = false;
      const sockets = this.sockets();
      let failed = 0;
      const counts = await Promise.all(
        sockets.map((socket) =>
          this.limit
            .run(() => this.catchUp(socket))
            .catch(() => {
              failed++;
              return 0;
            }),
        ),
      );
      const delivered = counts.reduce((sum, n) => sum + n, 0);
      // One line per recovery, not per socket.
      this.logger.warn(
        `socket adapter recovered: caught up ${sockets.length} socket(s), ${delivered} message(s) re-sent` +
          (failed ? `, ${failed} catch-up(s) failed (those sockets were closed: they reconnect and catch up)` : ''),
      );
    } while (this.requestedAgain);
  }
}
