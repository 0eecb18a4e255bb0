export { assertTestDatabase, testEnv, uniqueName, waitFor } from './test-env';
