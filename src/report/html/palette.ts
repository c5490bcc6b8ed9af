// Pure: one colour per variant name, the same in every report (Okabe–Ito and kin; `direct` always neutral dark grey).

export const directColor = '#333333';

/** The shipped variants, each with its own colour (colour-blind-safe Okabe–Ito first). */
const known: Record<string, string> = {
  nginx: '#0072B2',
  haproxy: '#D55E00',
  caddy: '#009E73',
  trafficserver: '#CC79A7',
  'nginx-lua': '#E69F00',
  node: '#56B4E9',
  pingora: '#8C564B',
  hyper: '#B8860B',
  'go-httputil': '#7F3C8D',
};

/** Your own variants: a colour picked by a hash of the name (so also stable), from hues the shipped ones do not use. */
const extra = ['#1B9E77', '#E7298A', '#66A61E', '#A6761D', '#1F78B4', '#B2182B', '#5E3C99', '#01665E', '#8E0152', '#4D9221'];

/** FNV-1a, 32 bits: a stable number for a name. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function variantColor(name: string): string {
  if (name === 'direct') return directColor;
  return known[name] ?? extra[hashName(name) % extra.length]!;
}

/** Colours keyed on the variant name alone: the same proxy has the same colour in every report, whatever else ran. */
export function variantColors(variants: readonly string[]): Map<string, string> {
  return new Map(variants.map((name) => [name, variantColor(name)]));
}
