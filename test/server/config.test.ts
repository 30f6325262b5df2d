import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { environmentSchema, loadConfig } from '../../server/config.ts';
import { isLowformError } from '../../server/errors.ts';

describe('configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    assert.deepEqual(loadConfig({}), {
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      mongodbUri: undefined,
      logLevel: 'info',
      sessionSecret: undefined,
      demo: true,
      demoPassword: undefined,
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      bodyLimitBytes: 1048576,
      trustProxy: false,
      loginAttemptsPerWindow: 5,
      packs: ['child-protection'],
      storeTimeoutMs: 5000,
    });
  });

  it('refuses a store deadline too short to be met, naming the variable', () => {
    assert.throws(
      () => loadConfig({ LOWFORM_STORE_TIMEOUT_MS: '10' }),
      (error: Error) => error.message.includes('LOWFORM_STORE_TIMEOUT_MS=10'),
    );
    assert.equal(loadConfig({ LOWFORM_STORE_TIMEOUT_MS: '2500' }).storeTimeoutMs, 2500);
  });

  it('reads values from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      LOWFORM_DATA_DIR: '/var/lib/lowform',
      MONGODB_URI: 'mongodb://db.example:27017/lowform',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataDir, '/var/lib/lowform');
    assert.equal(config.mongodbUri, 'mongodb://db.example:27017/lowform');
  });

  it('stops with a message that names every bad variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' }),
      (error: unknown) => {
        assert.ok(isLowformError(error, 'LF_CONFIG'));
        assert.match(error.message, /PORT=eighty/);
        assert.match(error.message, /MONGODB_URI=postgres:\/\/x/);
        assert.match(error.message, /LOG_LEVEL=loud/);
        return true;
      },
    );
  });

  it('requires a session secret outside demo mode, and never echoes a secret', () => {
    assert.throws(() => loadConfig({ LOWFORM_DEMO: '0' }), /LOWFORM_SESSION_SECRET must be set/);
    assert.equal(
      loadConfig({ LOWFORM_DEMO: '0', LOWFORM_SESSION_SECRET: 's'.repeat(32) }).demo,
      false,
    );
    assert.throws(
      () => loadConfig({ LOWFORM_SESSION_SECRET: 'short-secret-value' }),
      (error: unknown) => {
        assert.ok(isLowformError(error, 'LF_CONFIG'));
        assert.doesNotMatch(error.message, /short-secret-value/);
        assert.match(error.message, /LOWFORM_SESSION_SECRET=\(hidden\)/);
        return true;
      },
    );
  });

  it('documents every variable in the README', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(environmentSchema.properties)) {
      assert.match(
        readme,
        new RegExp(`\\|\\s*\`${name}\`\\s*\\|`),
        `${name} is missing from README`,
      );
    }
  });
});
