export { loadConfig, ConfigError, childEnv, processPath } from './config';
export type { Config, Secrets } from './config';
export { envSchema } from './env.schema';
