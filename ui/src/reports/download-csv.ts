/**
 * Downloads a CSV export as it streams: the body is read chunk by chunk and its lines counted,
 * so the page can say how far it has got (of a total when one is known), and only once it is
 * all there is it handed to the browser as a file.
 */
import { ApiError } from '../api/client.ts';

/** Progress of a download: rows read so far (the header not counted). */
export type Progress = (rows: number) => void;

/**
 * Counts the row ends (CRLF, as the server ends rows) in a chunk of text; `afterCr` says the
 * previous chunk ended with a CR. A line break inside a cell (a reason's own words) is a bare LF.
 */
export function countRowEnds(text: string, afterCr = false): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i === 0 ? afterCr : text[i - 1] === '\r') n++;
  }
  return n;
}

/** Fetches a CSV, reporting rows as they arrive; resolves with the file's text. */
export async function fetchCsv(
  path: string,
  onProgress: Progress,
): Promise<{ text: string; rows: number }> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { accept: 'text/csv' },
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiError(
      response.status,
      body?.error?.code ?? `HTTP_${response.status}`,
      body?.error?.message ?? `The server answered ${response.status}.`,
    );
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let lines = 0;
  let afterCr = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    parts.push(text);
    lines += countRowEnds(text, afterCr);
    afterCr = text.endsWith('\r');
    onProgress(Math.max(0, lines - 1));
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), rows: Math.max(0, lines - 1) };
}

/** Hands text to the browser as a downloaded file. */
export function saveFile(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
