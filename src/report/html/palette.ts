// Pure: one stable, colour-blind-safe colour per variant (Okabe–Ito, with `direct` always in neutral dark grey).

const okabeIto = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#8C564B', '#B8860B', '#7F3C8D', '#4D4D4D'];
export const directColor = '#333333';

/** Colours by the variants' order in the run record, so a variant keeps its colour across every chart of a report. */
export function variantColors(variants: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  let next = 0;
  for (const name of variants) {
    if (name === 'direct') colors.set(name, directColor);
    else colors.set(name, okabeIto[next++ % okabeIto.length]!);
  }
  return colors;
}
