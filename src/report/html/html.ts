// Pure helpers for writing HTML and SVG text safely: escaping, and numbers short enough for attributes.

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** Coordinates rounded to 0.1 px: keeps the file small without visible change. */
export function px(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** A table from header cells and rows of already-escaped HTML cells. */
export function htmlTable(head: string[], rows: string[][], options: { className?: string; numericFrom?: number } = {}): string {
  const from = options.numericFrom ?? 1;
  const th = head.map((h, i) => `<th${i >= from ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= from ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${options.className ? ` class="${options.className}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
