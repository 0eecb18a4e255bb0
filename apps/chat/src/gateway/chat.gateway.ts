import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { TOKEN_VERIFIER, type TokenVerifier } from '@perflab/auth-guard';
import { uuidField } from '@perflab/runtime';
import type { Server, Socket } from 'socket.io';
import { CHAT_CONFIG, SOCKET_ADAPTER_REDIS } from '../chat.di-tokens';
import type { ChatConfig } from '../chat.config';
import {
  adapterErrorsBy,
  connectedSockets,
  connectsTotal,
  deliveredBy,
  deliveryLatency,
  disconnectsTotal,
  messagesSentTotal,
} from '../chat.metrics';
import { CatchUpService } from '../catch-up/catch-up.service';
import { TokenBucket } from '../send-message/rate-limit';
import { SendMessageService } from '../send-message/send-message.service';
import type { MessageView } from '../shared/message.view';
import { Presence } from '../shared/presence';
import { AdapterRecovery } from './adapter-recovery';
import { OccasionalWarning } from './occasional-warning';
import { SendFailures, type SendErrorAck } from './send-failures';
import { authenticateHandshake, type AuthenticatedSocket } from './socket-auth';
import type { SocketAdapterConnections } from './socket-adapter';

export const NEW_MESSAGE = 'new_message';
/** Sent once per connection after the catch-up (possibly empty): `{count, truncated}`. */
export const CAUGHT_UP = 'caught_up';
/** Server-side (between processes): "my adapter connections are back; catch your sockets up". */
const ADAPTER_RECOVERED = 'chat:adapter_recovered';

export type SendMessageAck = { messageId: string; sentAt: string } | SendErrorAck;

const roomOf = (userId: string) => `user:${userId}`;
const lastSeenId = uuidField();

interface SocketState {
  bucket: TokenBucket;
  expiry?: NodeJS.Timeout;
  /** While catch-up emits, new_message is not a live delivery (not timed). */
  catchingUp: boolean;
  /** The last new_message written to this socket (or named in its handshake): where a recovery catch-up starts. */
  lastDeliveredId: string | null;
  /** Where a recovery catch-up starts when nothing was delivered yet. */
  connectedAt: Date;
}

/**
 * The socket side of chat: handshake auth, one room per user (every socket of a user joins
 * it, on any worker or instance; the Redis adapter carries emits across), send_message with
 * an ack after the commit, catch-up on reconnect, presence, and the KPIs.
 */
@WebSocketGateway()
export class ChatGateway implements OnGatewayInit<Server>, OnGatewayConnection<Socket>, OnModuleDestroy {
  @WebSocketServer() server!: Server;
  private readonly logger = new Logger('ChatGateway');
  private readonly local = new Map<string, AuthenticatedSocket>();
  private readonly failures = new SendFailures(this.logger);
  private readonly recovery = new AdapterRecovery(
    () => [...this.local.values()],
    (socket) => this.catchUpAfterRecovery(socket),
    this.logger,
  );
  private presenceTimer?: NodeJS.Timeout;

  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(SendMessageService) private readonly sender: SendMessageService,
    @Inject(CatchUpService) private readonly catchUp: CatchUpService,
    @Inject(Presence) private readonly presence: Presence,
    @Inject(SOCKET_ADAPTER_REDIS) private readonly adapterRedis: SocketAdapterConnections,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  afterInit(server: Server): void {
    server.adapter(this.adapterRedis.adapter());
    // Each emit that could not be published is an 'error' (every message, while Redis is away).
    const adapterWarning = new OccasionalWarning(this.logger, 'socket.io adapter errors');
    server.of('/').adapter.on('error', (error: Error) => {
      adapterErrorsBy.adapter.inc();
      adapterWarning.record(error.message);
    });
    // Emits carried while the adapter's Redis was away may be lost (pub/sub drops them; a
    // restarted Redis without persistence loses unread stream entries), and recipients who stay
    // connected get no reconnect catch-up: catch every local socket up once the connections are
    // back, and tell the other processes to do the same (their emits may have failed here).
    this.adapterRedis.onRecovered(() => {
      this.recovery.request('local');
      server.serverSideEmit(ADAPTER_RECOVERED);
    });
    server.of('/').on(ADAPTER_RECOVERED, () => this.recovery.request('remote'));
    server.use(authenticateHandshake(this.verifier));
    this.presenceTimer = setInterval(() => void this.refreshPresence(), this.presence.refreshIntervalMs);
    this.presenceTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.presenceTimer);
  }

  async handleConnection(client: Socket): Promise<void> {
    const socket = client as AuthenticatedSocket;
    const user = socket.data.user;
    const raw = (socket.handshake.auth as Record<string, unknown> | undefined)?.lastSeenMessageId;
    const lastSeen = lastSeenId.safeParse(raw);
    const state: SocketState = {
      bucket: new TokenBucket(this.config.MESSAGE_RATE_PER_SECOND, this.config.MESSAGE_BURST),
      catchingUp: false,
      lastDeliveredId: lastSeen.success ? lastSeen.data : null,
      connectedAt: new Date(),
    };
    socket.data.state = state;
    this.local.set(socket.id, socket);
    connectsTotal.inc();
    connectedSockets.inc();
    socket.on('disconnect', (reason) => this.onDisconnect(socket, state, reason));
    // Every live new_message to this socket, whichever process emitted it: delivery count and latency.
    socket.onAnyOutgoing((event: string, view: MessageView) => {
      if (event !== NEW_MESSAGE) return;
      state.lastDeliveredId = view.messageId;
      if (state.catchingUp) return;
      deliveredBy.live.inc();
      deliveryLatency.observe(Math.max(0, Date.now() - Date.parse(view.sentAt)) / 1_000);
    });
    // An expired token ends the connection at the transport: the client reconnects with a fresh one.
    const lifetimeMs = user.expiresAt * 1_000 - Date.now();
    state.expiry = setTimeout(() => socket.conn.close(), Math.min(Math.max(lifetimeMs, 0), 2 ** 31 - 1));
    state.expiry.unref();

    try {
      await socket.join(roomOf(user.id));
      this.presence.online(user.id, socket.id).catch((error: Error) => {
        this.logger.warn(`presence not recorded for a socket: ${error.message}`);
      });
      await this.sendMissed(socket, state);
    } catch (error) {
      // Nest does not await this hook: never let it reject. A socket not in its room would miss
      // messages, so drop it at the transport; the client reconnects and catches up.
      this.logger.error(error);
      socket.conn.close();
    }
  }

  @SubscribeMessage('send_message')
  async onSendMessage(@ConnectedSocket() client: Socket, @MessageBody() payload: unknown): Promise<SendMessageAck> {
    const socket = client as AuthenticatedSocket;
    const state = socket.data.state as SocketState;
    if (!state.bucket.take()) {
      return this.failures.refuse('RATE_LIMITED', {
        status: 429,
        code: 'RATE_LIMITED',
        message: `At most ${this.config.MESSAGE_RATE_PER_SECOND} messages per second per connection`,
      });
    }
    try {
      const sent = await this.sender.send(socket.data.user.id, payload);
      if (!sent.replay) messagesSentTotal.inc();
      // Every member's sockets, the sender's other devices included; one emit per room, so the
      // sharded adapter publishes on that user's channel only.
      for (const member of sent.members) {
        this.server.to(roomOf(member)).except(socket.id).emit(NEW_MESSAGE, sent.view);
      }
      return { messageId: sent.view.messageId, sentAt: sent.view.sentAt };
    } catch (error) {
      return this.failures.answer(error);
    }
  }

  private async sendMissed(socket: AuthenticatedSocket, state: SocketState): Promise<void> {
    try {
      const { messages, truncated } = await this.catchUp.missed(socket.data.user.id, state.lastDeliveredId);
      this.emitCaughtUp(socket, state, messages, 'catch_up');
      socket.emit(CAUGHT_UP, { count: messages.length, truncated });
    } catch (error) {
      // The client keeps its lastSeenMessageId and gets the same catch-up on its next connection.
      this.logger.warn(`catch-up failed: ${(error as Error).message}`);
      socket.emit(CAUGHT_UP, { count: 0, truncated: true, error: 'CATCH_UP_FAILED' });
    }
  }

  /**
   * After the adapter's Redis came back: what this socket's chats got since the last message
   * written to it (overlapping; clients dedupe by messageId). A socket that cannot be caught up
   * is closed at the transport: its client reconnects and gets the reconnect catch-up.
   */
  private async catchUpAfterRecovery(socket: AuthenticatedSocket): Promise<number> {
    const state = socket.data.state as SocketState;
    if (!socket.connected) return 0;
    try {
      const { messages } = await this.catchUp.missed(
        socket.data.user.id,
        state.lastDeliveredId,
        state.lastDeliveredId ? null : state.connectedAt,
      );
      if (!socket.connected) return 0;
      this.emitCaughtUp(socket, state, messages, 'recovery');
      return messages.length;
    } catch (error) {
      socket.conn.close();
      throw error;
    }
  }

  private emitCaughtUp(
    socket: AuthenticatedSocket,
    state: SocketState,
    messages: MessageView[],
    path: 'catch_up' | 'recovery',
  ): void {
    state.catchingUp = true;
    for (const view of messages) socket.emit(NEW_MESSAGE, view);
    state.catchingUp = false;
    deliveredBy[path].inc(messages.length);
  }

  private onDisconnect(socket: AuthenticatedSocket, state: SocketState, reason: string): void {
    clearTimeout(state.expiry);
    this.local.delete(socket.id);
    connectedSockets.dec();
    disconnectsTotal.inc({ reason });
    this.presence.offline(socket.data.user.id, socket.id).catch(() => undefined);
  }

  private async refreshPresence(): Promise<void> {
    const sockets = [...this.local.values()].map((s) => ({ userId: s.data.user.id, socketId: s.id }));
    await this.presence.refresh(sockets).catch((error: Error) => {
      this.logger.warn(`presence refresh failed: ${error.message}`);
    });
  }
}
