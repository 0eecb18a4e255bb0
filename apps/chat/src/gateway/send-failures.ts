import type { Logger } from '@nestjs/common';
import { mapError, type ErrorBody } from '@perflab/runtime';
import { messagesFailedTotal } from '../chat.metrics';
import { OccasionalWarning } from './occasional-warning';

/** The ack of a send that did not go through. `retryAfterMs` when the same send may succeed later (503). */
export interface SendErrorAck {
  error: Omit<ErrorBody, 'requestId'> & { retryAfterMs?: number };
}

/**
 * What a failed send_message answers, and who hears of it. A refusal is an answer: counted
 * in chat_messages_failed_total{code}, never logged (a client refused at rate would otherwise
 * cost a log line each). A dependency outage (503) is counted and warned about at most once
 * per 10 s, without a stack. Only an unexpected error (500) is logged, each with its stack.
 */
export class SendFailures {
  private readonly dependencyWarning: OccasionalWarning;

  constructor(private readonly logger: Logger) {
    this.dependencyWarning = new OccasionalWarning(logger, 'send_message refused as retryable (a dependency is down)');
  }

  refuse(code: string, body: SendErrorAck['error']): SendErrorAck {
    messagesFailedTotal.inc({ code });
    return { error: body };
  }

  answer(error: unknown): SendErrorAck {
    const mapped = mapError(error);
    if (mapped.log === 'error') this.logger.error(error);
    else if (mapped.log === 'warn') {
      this.dependencyWarning.record(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    const body =
      mapped.retryAfterMs === undefined ? mapped.body : { ...mapped.body, retryAfterMs: mapped.retryAfterMs };
    return this.refuse(mapped.body.code, body);
  }
}
