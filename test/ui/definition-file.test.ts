import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  definitionFileName,
  definitionFileText,
  readDefinitionFile,
} from '../../ui/src/designer/definition-file.ts';

const contactText = readFileSync(
  new URL('../../schemas/packs/child-protection/forms/contact.json', import.meta.url),
  'utf8',
);

describe('designer: form definitions as files', () => {
  it('reads back the file it writes', () => {
    const read = readDefinitionFile(contactText, 'contact');
    assert.ok('definition' in read);
    const again = readDefinitionFile(definitionFileText(read.definition), 'contact');
    assert.deepEqual(again, read);
    assert.equal(definitionFileName(read.definition), 'contact-version-1.json');
  });

  it('says in words what is wrong with a file that is not the form expected', () => {
    const problem = (text: string, id?: string) => {
      const read = readDefinitionFile(text, id);
      return 'problem' in read ? read.problem : undefined;
    };
    assert.equal(problem('{"id":'), 'The file is not a form definition: it is not JSON.');
    assert.equal(problem('[1]'), 'The file is not a form definition.');
    assert.match(problem('{"id":"x","schema":{}}') ?? '', /needs an id, a schema and a layout/);
    assert.equal(
      problem(contactText, 'closure'),
      'The file holds the form “contact”, not “closure”.',
    );
    assert.equal(problem(' '.repeat(2_000_001)), 'The file is too large to be a form.');
  });
});
