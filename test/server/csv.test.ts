import assert from 'node:assert/strict';
import { annexDate, csvCell, csvLine } from '../../server/services/csv.ts';

describe('CSV cells', () => {
  it('puts a quote before text a spreadsheet would run as a formula', () => {
    assert.equal(
      csvCell('=HYPERLINK("http://x.test","Click")'),
      `"'=HYPERLINK(""http://x.test"",""Click"")"`,
    );
    assert.equal(csvCell('+44 7700'), "'+44 7700");
    assert.equal(csvCell('-1+1'), "'-1+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tcmd'), "'\tcmd");
    assert.equal(csvCell('\rcmd'), `"'\rcmd"`);
    assert.equal(csvCell('Ann = Bo'), 'Ann = Bo');
  });

  it('quotes commas, quotes and line breaks, and writes numbers and yes/no as they are', () => {
    assert.equal(
      csvLine(['a,b', 'say "hi"', 'two\nlines', 3, -2, true, null]),
      `"a,b","say ""hi""","two\nlines",3,-2,Yes,\r\n`,
    );
  });

  it('writes Annex A dates as dd/MM/yyyy', () => {
    assert.equal(annexDate('2026-01-08'), '08/01/2026');
    assert.equal(annexDate(null), '');
  });
});
