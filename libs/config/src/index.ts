export { env } from './env';
export { ConfigError, loadConfig, loadConfigOrExit } from './load-config';
export { infrastructureEnv } from './infrastructure';
