/**
 * Configuration, read once from the environment and validated by a JSON Schema at start-up. A bad
 * value stops the server with a message that names the variable and says what it should be.
 */
import { Ajv } from 'ajv';
import { LowformError } from './errors.ts';

/** The validated configuration. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Every environment variable the server reads, with its default and meaning (README lists them). */
export const environmentSchema = {
  type: 'object',
  properties: {
    PORT: {
      type: 'integer',
      minimum: 0,
      maximum: 65535,
      default: 3000,
      description: 'The TCP port to listen on.',
    },
    HOST: {
      type: 'string',
      minLength: 1,
      default: '127.0.0.1',
      description: 'The address to listen on; 0.0.0.0 to listen on every interface.',
    },
    LOWFORM_DATA_DIR: {
      type: 'string',
      minLength: 1,
      default: './data',
      description: 'Where the embedded store keeps its SQLite file.',
    },
    MONGODB_URI: {
      type: 'string',
      pattern: '^mongodb(\\+srv)?://',
      description: 'Use MongoDB at this URI instead of the embedded store.',
    },
    LOG_LEVEL: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      description: 'How much the server logs.',
    },
  },
} as const;

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true });
const validateEnvironment = ajv.compile(environmentSchema);

/** Reads and validates the configuration; throws LF_CONFIG naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(environmentSchema.properties);
  const values: Record<string, unknown> = {};
  for (const name of known) {
    const value = env[name];
    if (value !== undefined && value !== '') values[name] = value;
  }
  if (!validateEnvironment(values)) {
    const problems = (validateEnvironment.errors ?? []).map((error) => {
      const name = error.instancePath.replace(/^\//, '');
      return { variable: name, value: env[name], problem: error.message ?? 'is not valid' };
    });
    const summary = problems.map((p) => `${p.variable}=${p.value ?? ''} ${p.problem}`).join('; ');
    throw new LowformError('LF_CONFIG', `The configuration is not valid: ${summary}.`, problems);
  }
  return {
    port: values.PORT as number,
    host: values.HOST as string,
    dataDir: values.LOWFORM_DATA_DIR as string,
    mongodbUri: values.MONGODB_URI as string | undefined,
    logLevel: values.LOG_LEVEL as Config['logLevel'],
  };
}
