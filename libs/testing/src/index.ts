export { assertTestDatabase, testEnv, uniqueName, waitFor } from './test-env';
export { freePort, spawnService, type SpawnedService } from './spawn-service';
