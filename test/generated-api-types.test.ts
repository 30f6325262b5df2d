import assert from 'node:assert/strict';
import { writeApiTypes } from '../scripts/generate-api-types.ts';

describe('generated API types', () => {
  it("are up to date with the server's OpenAPI document (run npm run types:api after changing a route schema)", async function () {
    this.timeout(60_000);
    assert.deepEqual(await writeApiTypes(true), []);
  });
});
