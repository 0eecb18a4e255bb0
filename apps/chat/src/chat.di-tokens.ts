/** The validated ChatConfig. */
export const CHAT_CONFIG = Symbol('CHAT_CONFIG');
/** The chat.message.sent contract on the configured topic (tests use their own topic). */
export const CHAT_MESSAGE_EVENT = Symbol('CHAT_MESSAGE_EVENT');
/** The socket.io adapter's Redis connections (SocketAdapterConnections), apart from the cache's client. */
export const SOCKET_ADAPTER_REDIS = Symbol('SOCKET_ADAPTER_REDIS');
