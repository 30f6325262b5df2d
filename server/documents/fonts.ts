/**
 * The fonts documents are set in: DejaVu Sans from the dejavu-fonts-ttf package (it covers
 * English and Welsh, ŵ and ŷ included), read from node_modules, never fetched.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')));

/**
 * The regular and bold faces' files. Register each with pdfkit under its own path as the name
 * (`doc.registerFont(path, path)`): pdfkit's table puts the font back after every cell by its
 * source, and pdfkit 0.20 finds an already-parsed font by source only when the source is also a
 * registered name; otherwise it reads and parses the TTF again, cell after cell (5 s for a
 * 200-row table instead of a tenth of that).
 */
export const documentFontFiles = {
  regular: path.join(dir, 'DejaVuSans.ttf'),
  bold: path.join(dir, 'DejaVuSans-Bold.ttf'),
} as const;
