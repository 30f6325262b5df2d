/**
 * The fonts documents are set in: DejaVu Sans from the dejavu-fonts-ttf package (it covers
 * English and Welsh, ŵ and ŷ included), read from node_modules, never fetched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')));

let fonts: { regular: Buffer; bold: Buffer } | null = null;

/** The regular and bold faces, read once. */
export function documentFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(path.join(dir, 'DejaVuSans.ttf')),
    bold: readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}
