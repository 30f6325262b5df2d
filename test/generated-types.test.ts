import assert from 'node:assert/strict';
import { generateTypes } from '../scripts/generate-types.ts';

describe('generated types', () => {
  it('are up to date with the meta-schemas (run npm run types after changing one)', async function () {
    this.timeout(60_000);
    assert.deepEqual(await generateTypes(true), []);
  });
});
