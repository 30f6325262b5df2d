import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { familyKeyword } from './form-field.ts';

export { familyKeyword };

/**
 * Creates the one kind of ajv instance forms/ uses: draft-07, every error at once, with formats.
 * Strict about the schema (an unknown keyword or format is a mistake in the definition, reported
 * when the form is loaded) but not about type combinations, which are valid JSON Schema.
 * It never coerces, fills defaults or removes properties: validating must not change the data.
 */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    addUsedSchema: false,
    logger: false,
    ...options,
  });
  // ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose .default
  // is the plugin (it sets exports.default to itself).
  ajvFormats.default(ajv);
  // A time may leave out its offset (13:37:00), as JSON Forms' own ajv-formats 2 allowed and its
  // time picker writes; ajv-formats 3 demands one. A date-time still needs its offset.
  ajv.addFormat('time', fullFormats['iso-time']);
  ajv.addKeyword({ keyword: familyKeyword, schemaType: 'boolean' });
  return ajv;
}
