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
  /** Signs session cookies; generated at start in demo mode when not set. */
  sessionSecret: string | undefined;
  demo: boolean;
  demoPassword: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  loginAttemptsPerWindow: number;
  packs: string[];
  /** How long a store operation may take before it fails with LF_STORE_UNAVAILABLE. */
  storeTimeoutMs: number;
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
    LOWFORM_SESSION_SECRET: {
      type: 'string',
      minLength: 32,
      description:
        'Signs session cookies; at least 32 characters. Required when LOWFORM_DEMO=0; in demo mode one is generated at each start.',
    },
    LOWFORM_DEMO: {
      type: 'string',
      enum: ['0', '1'],
      default: '1',
      description:
        'Demo mode: seed one user per role, the child protection pack and fictional cases. 0 seeds nothing.',
    },
    LOWFORM_DEMO_PASSWORD: {
      type: 'string',
      minLength: 8,
      description:
        'The password of the demo users; when not set one is generated and printed at start.',
    },
    LOWFORM_SESSION_IDLE_MINUTES: {
      type: 'integer',
      minimum: 1,
      maximum: 1440,
      default: 30,
      description: 'A session ends after this many minutes without a request.',
    },
    LOWFORM_SESSION_MAX_HOURS: {
      type: 'integer',
      minimum: 1,
      maximum: 168,
      default: 12,
      description: 'A session ends this many hours after log in, however active.',
    },
    LOWFORM_BODY_LIMIT: {
      type: 'integer',
      minimum: 1024,
      maximum: 104857600,
      default: 1048576,
      description: 'The largest request body accepted, in bytes.',
    },
    LOWFORM_TRUST_PROXY: {
      type: 'string',
      enum: ['0', '1'],
      default: '0',
      description:
        'Set to 1 behind a TLS-terminating proxy: client addresses come from X-Forwarded-For and cookies are Secure.',
    },
    LOWFORM_LOGIN_ATTEMPTS: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 5,
      description:
        'Failed log-ins on an account from one address before each try waits (30 s, doubling to 15 min); ten times as many per account and twenty per address before waits of at most a minute.',
    },
    LOWFORM_STORE_TIMEOUT_MS: {
      type: 'integer',
      minimum: 100,
      maximum: 60000,
      default: 5000,
      description:
        'A store operation that takes longer than this many milliseconds fails with 503 (LF_STORE_UNAVAILABLE).',
    },
    LOWFORM_PACKS: {
      type: 'string',
      pattern: '^([a-z][a-z0-9-]*(,[a-z][a-z0-9-]*)*)?$',
      default: 'child-protection',
      description:
        'Packs (schemas/packs/<id>) whose forms and workflows are seeded at start when their ids are new; empty for none.',
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
      // Never echo a secret into logs, even a wrong one.
      const value = /SECRET|PASSWORD/.test(name) ? '(hidden)' : env[name];
      return { variable: name, value, problem: error.message ?? 'is not valid' };
    });
    const summary = problems.map((p) => `${p.variable}=${p.value ?? ''} ${p.problem}`).join('; ');
    throw new LowformError('LF_CONFIG', `The configuration is not valid: ${summary}.`, problems);
  }
  const demo = values.LOWFORM_DEMO === '1';
  if (!demo && values.LOWFORM_SESSION_SECRET === undefined) {
    const problem = {
      variable: 'LOWFORM_SESSION_SECRET',
      value: undefined,
      problem: 'must be set (32 characters or more) when LOWFORM_DEMO=0',
    };
    throw new LowformError(
      'LF_CONFIG',
      `The configuration is not valid: LOWFORM_SESSION_SECRET ${problem.problem}.`,
      [problem],
    );
  }
  return {
    port: values.PORT as number,
    host: values.HOST as string,
    dataDir: values.LOWFORM_DATA_DIR as string,
    mongodbUri: values.MONGODB_URI as string | undefined,
    logLevel: values.LOG_LEVEL as Config['logLevel'],
    sessionSecret: values.LOWFORM_SESSION_SECRET as string | undefined,
    demo,
    demoPassword: values.LOWFORM_DEMO_PASSWORD as string | undefined,
    sessionIdleMinutes: values.LOWFORM_SESSION_IDLE_MINUTES as number,
    sessionMaxHours: values.LOWFORM_SESSION_MAX_HOURS as number,
    bodyLimitBytes: values.LOWFORM_BODY_LIMIT as number,
    trustProxy: values.LOWFORM_TRUST_PROXY === '1',
    loginAttemptsPerWindow: values.LOWFORM_LOGIN_ATTEMPTS as number,
    storeTimeoutMs: values.LOWFORM_STORE_TIMEOUT_MS as number,
    packs: String(values.LOWFORM_PACKS ?? '')
      .split(',')
      .filter(Boolean),
  };
}
