// Pure helpers for writing HTML and SVG text safely: escaping, and numbers short enough for attributes.

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** Coordinates rounded to 0.1 px: keeps the file small without visible change. */
export function px(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/**
 * A table from header cells and rows of already-escaped HTML cells. A row shorter than the head ends in one cell
 * spanning the rest, as text that wraps (an invalid row's reason).
 */
export function htmlTable(head: string[], rows: string[][], options: { className?: string; numericFrom?: number } = {}): string {
  const from = options.numericFrom ?? 1;
  const th = head.map((h, i) => `<th${i >= from ? ' class="num"' : ''}>${h}</th>`).join('');
  const td = (r: string[], c: string, i: number) => {
    if (r.length < head.length && i === r.length - 1) return `<td class="reason" colspan="${head.length - i}">${c}</td>`;
    return `<td${i >= from ? ' class="num"' : ''}>${c}</td>`;
  };
  const body = rows.map((r) => `<tr>${r.map((c, i) => td(r, c, i)).join('')}</tr>`).join('\n');
  return `<table${options.className ? ` class="${options.className}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
