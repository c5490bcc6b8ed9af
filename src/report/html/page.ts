// Pure: the page shell — inline CSS only (no network, no external fonts), a header and a table of contents.
import { escapeHtml } from './html.js';

const css = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1f; background: #fff; margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 8px 20px 40px; }
h1 { font-size: 24px; margin: 18px 0 6px; }
h2 { font-size: 20px; margin: 34px 0 8px; padding-top: 10px; border-top: 2px solid #e4e6eb; }
h3 { font-size: 16px; margin: 22px 0 6px; }
p.meta { margin: 2px 0; color: #444; font-size: 14px; }
p.lead { color: #444; font-size: 14px; max-width: 1000px; }
nav { margin: 12px 0; font-size: 14px; }
nav a { margin-right: 14px; color: #0a58ca; text-decoration: none; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; background: #f3f4f6; padding: 0 3px; border-radius: 3px; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 13px; }
.status-complete { background: #dff3e4; color: #14532d; }
.status-other { background: #fde2e1; color: #8a1c14; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 10px 0 4px; }
svg.chart text { font-size: 12px; fill: #333; }
svg.chart .chart-title { font-size: 15px; font-weight: 600; fill: #1d1d1f; }
svg.chart .axis-label { font-size: 13px; fill: #444; }
svg.chart .tick { fill: #555; font-size: 11.5px; }
svg.chart .grid { stroke: #e6e6e6; stroke-width: 1; }
svg.chart .frame { fill: none; stroke: #9a9a9a; }
svg.chart .series { fill: none; stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
svg.chart .band { fill: #f4f5f8; }
svg.chart .band.odd { fill: #eceef3; }
svg.chart .band-label { fill: #6b6f76; font-size: 11px; }
svg.chart .whisker { stroke: #222; stroke-width: 1.3; }
svg.chart .bar-value { font-size: 11.5px; fill: #222; }
svg.chart .row-label { font-size: 13px; fill: #1d1d1f; }
svg.chart .legend text { font-size: 13px; }
svg.chart .legend-note { fill: #8a8f98; font-size: 11.5px; }
svg.chart .invalid-note { fill: #b3261e; font-style: italic; }
table { border-collapse: collapse; font-size: 12.5px; margin: 8px 0 12px; }
th, td { padding: 4px 5px; border-bottom: 1px solid #e4e6eb; text-align: left; vertical-align: top; }
th { background: #f6f7f9; font-weight: 600; vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
td small { color: #777; font-size: 10.5px; }
td:first-child { white-space: nowrap; }
td { overflow-wrap: anywhere; }
td.reason { white-space: normal; text-align: left; min-width: 24em; }
.problems li { overflow-wrap: anywhere; margin: 3px 0; }
.problems pre { white-space: pre-wrap; }
.scroll { max-width: 100%; overflow-x: auto; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.invalid { color: #b3261e; }
.problems { border: 2px solid #f2b8b5; background: #fff6f5; border-radius: 6px; padding: 4px 16px 8px; margin: 16px 0; }
.problems h2 { border-top: none; margin-top: 8px; color: #8a1c14; }
.problems pre { background: #fff; border: 1px solid #eee; padding: 6px; font-size: 12px; max-height: 160px; overflow: auto; }
dl.provenance { display: grid; grid-template-columns: 150px 1fr; gap: 3px 12px; font-size: 13px; }
dl.provenance dt { color: #555; }
dl.provenance dd { margin: 0; word-break: break-all; }
.verdict { padding: 1px 6px; border-radius: 3px; font-size: 12px; font-weight: 600; }
.verdict-safe { background: #dff3e4; color: #14532d; }
.verdict-warn { background: #fff1c2; color: #6b4e00; }
.verdict-bad { background: #fde2e1; color: #8a1c14; }
.verdict-unknown { background: #eee; color: #333; }
.verdict-pass { background: #cdeccf; color: #0f4a21; }
.verdict-fail { background: #c62828; color: #fff; }
table.matrix .verdict { display: block; text-align: center; font-size: 11px; padding: 1px 3px; }
p.matrix-legend { font-size: 12.5px; color: #444; }
p.matrix-legend .verdict { display: inline-block; }
footer { margin-top: 30px; color: #666; font-size: 12px; }
.verdict-block { border: 2px solid #c9d7ee; background: #f7faff; border-radius: 6px; padding: 2px 16px 8px; margin: 16px 0; }
.verdict-block h2 { border-top: none; margin-top: 8px; }
table.verdict-table { font-size: 14px; }
table.verdict-table td { padding: 5px 9px; }
table.verdict-table td.best { font-weight: 700; background: #e3f4e6; }
table.verdict-table a { color: inherit; }
table.verdict-table th a { color: #0a58ca; text-decoration: none; }
`;

export interface PageSpec {
  title: string;
  header: string;
  nav: { id: string; label: string }[];
  sections: string[];
  footer: string;
}

export function renderPage(spec: PageSpec): string {
  const nav = spec.nav.map((n) => `<a href="#${escapeHtml(n.id)}">${escapeHtml(n.label)}</a>`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(spec.title)}</title>`,
    `<style>${css}</style></head>`,
    '<body><main>',
    spec.header,
    `<nav>${nav}</nav>`,
    ...spec.sections.filter(Boolean),
    `<footer>${spec.footer}</footer>`,
    '</main></body></html>',
    '',
  ].join('\n');
}
