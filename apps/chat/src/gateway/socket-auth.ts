import { TokenError, type AuthenticatedUser, type TokenVerifier } from '@perflab/auth-guard';
import type { Socket } from 'socket.io';
import { withoutStack } from '@perflab/observability';
import { connectsRefusedTotal } from '../chat.metrics';

/** What a refused handshake carries to the client's `connect_error` (err.message, err.data). */
export interface HandshakeRefusal {
  status: 401;
  code: string;
}

export type AuthenticatedSocket = Socket & { data: { user: AuthenticatedUser } };

/**
 * socket.io middleware: the handshake's `auth.token` is auth's access token, verified locally
 * (auth-guard, no call to auth). A missing, expired or forged token refuses the connection
 * with a `connect_error` whose `data` is `{status: 401, code}`; the socket never connects.
 */
export function authenticateHandshake(verifier: TokenVerifier) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    verifier.verify(typeof token === 'string' ? token : undefined).then(
      (user) => {
        socket.data.user = user;
        next();
      },
      (error: unknown) => {
        const code = error instanceof TokenError ? error.code : 'TOKEN_INVALID';
        connectsRefusedTotal.inc({ code });
        // socket.io wants an Error; an answer to the client needs no stack.
        const refusal = withoutStack(
          () => new Error(error instanceof TokenError ? error.message : 'Token is invalid'),
        ) as Error & {
          data: HandshakeRefusal;
        };
        refusal.data = { status: 401, code };
        next(refusal);
      },
    );
  };
}
