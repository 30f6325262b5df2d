/**
 * Reads rendered documents back with real parsers: poppler's pdftotext and pdfinfo for PDF,
 * mammoth for Word; what a court's or agency's software would see.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';

function withFile<T>(bytes: Buffer, read: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lowform-doc-'));
  const file = path.join(dir, 'document.pdf');
  try {
    writeFileSync(file, bytes);
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text, as pdftotext extracts it. */
export function pdfText(bytes: Buffer): string {
  return withFile(bytes, (file) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
}

/** pdfinfo's fields (Title, Tagged, Pages ...) and the catalog's /Lang. */
export function pdfInfo(bytes: Buffer): Record<string, string> {
  const out = withFile(bytes, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  const fields: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) fields[match[1]!] = match[2]!;
  }
  // pdfinfo does not print the document language; the catalog holds it as /Lang (string).
  const lang = /\/Lang \(([^)]*)\)/.exec(bytes.toString('latin1'));
  if (lang) fields.Lang = lang[1]!;
  return fields;
}

/** The structure tree pdfinfo -struct prints, one element per line. */
export function pdfStructure(bytes: Buffer): string[] {
  const out = withFile(bytes, (file) =>
    execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' }),
  );
  return out
    .split('\n')
    .filter((l) => /^\s*[A-Z][A-Za-z0-9]*( |:|$)/.test(l))
    .map((l) => l.trim());
}

/** The DOCX as mammoth's HTML (Word headings become h1, h2 ...; Word tables, tables). */
export async function docxHtml(bytes: Buffer): Promise<string> {
  const result = await mammoth.convertToHtml({ buffer: bytes });
  return result.value;
}
