import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ROLES } from '../../engine/roles.ts';
import { roleSchema } from '../../server/schemas.ts';

describe('roles: one list', () => {
  it('lists the four roles a user can hold, in this order', () => {
    assert.deepEqual(ROLES, ['practitioner', 'manager', 'practice_lead', 'admin']);
  });

  it('is the list the stored records meta-schema allows', async () => {
    const meta = JSON.parse(
      await readFile(new URL('../../schemas/meta/records.schema.json', import.meta.url), 'utf8'),
    ) as { definitions: { Role: { enum: string[] } } };
    assert.deepEqual(meta.definitions.Role.enum, [...ROLES]);
  });

  it('is the list the API accepts', () => {
    assert.equal(roleSchema.enum, ROLES);
  });
});
