/**
 * A document model as one HTML page: the preview on the case page. Every word from the model
 * is escaped, so what someone typed into a form (a <script>, an <img onerror>) shows as text.
 */
import {
  type DocumentModel,
  type ModelBlock,
  provenanceSentence,
} from '../../documents/document-model.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to put in HTML, in an element or an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `body{font-family:"DejaVu Sans",Verdana,sans-serif;font-size:11pt;line-height:1.45;color:#1b1b1b;max-width:48em;margin:1.5em auto;padding:0 1em}
header{display:flex;justify-content:space-between;border-bottom:1px solid #777;font-size:9pt;color:#444}
h1{font-size:18pt;margin:.8em 0 .2em}h2{font-size:14pt;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}
h3{font-size:11pt;margin:1em 0 .2em}.source{font-size:9pt;color:#4a4a4a;margin-top:.1em}
.empty{font-style:italic}table{border-collapse:collapse;width:100%;margin:.5em 0}
caption{text-align:left;font-size:9pt;color:#4a4a4a;padding-bottom:.2em}
th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}th{background:#eee}`;

/** The whole page. */
export function renderHtml(model: DocumentModel): string {
  const e = escapeHtml;
  const sections = model.sections
    .map(
      (section) =>
        `<section><h2>${e(section.heading)}</h2>${section.blocks.map(renderBlock).join('')}</section>`,
    )
    .join('');
  return `<!doctype html><html lang="${e(model.language)}"><head><meta charset="utf-8"><title>${e(model.title)}: ${e(model.childName)}</title><style>${STYLE}</style></head><body><header><span>${e(model.caseReference)}</span><span>Issued ${e(model.issuedOn)}</span></header><main><h1>${e(model.title)}</h1><p>${e(model.childName)} · ${e(model.caseReference)}</p>${sections}</main></body></html>`;
}

function renderBlock(block: ModelBlock): string {
  const e = escapeHtml;
  switch (block.kind) {
    case 'paragraph':
      return `<p>${e(block.text)}</p>`;
    case 'empty':
      return `<p class="empty">${e(block.text)}</p>`;
    case 'fact':
      return `<h3>${e(block.label)}</h3>${block.paragraphs.map((p) => `<p>${e(p)}</p>`).join('')}<p class="source">${e(provenanceSentence(block.source))}</p>`;
    case 'table': {
      const head = block.columns.map((c) => `<th scope="col">${e(c)}</th>`).join('');
      const rows = block.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${e(cell)}</td>`).join('')}</tr>`)
        .join('');
      const source = block.source
        ? `<p class="source">${e(provenanceSentence(block.source))}</p>`
        : '';
      return `<table><caption>${e(block.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${source}`;
    }
  }
}
