export { assertTestDatabase, testEnv, uniqueName, waitFor } from './test-env';
export { freePort, spawnService, type SpawnedService } from './spawn-service';
export { httpClient, type HttpReply, type HttpRequest, type RequestOptions } from './http-client';
export { deleteRedisKeys } from './redis-keys';
export { createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-database';
export { startTcpProxy, type TcpProxy } from './tcp-proxy';
export { throwawayRedis } from './throwaway-redis';
export { listenOnLoopback, spawnHealthyApp, type SpawnAppOptions, type SpawnedApp, type TestApp } from './test-app';
