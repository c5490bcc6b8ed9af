// Pure: where each shaded band's label goes — centred on its band, staggered to a lower row when it would collide, left out when no row is free.

/** A band's extent on the x axis in px, and its label. */
export interface BandSpan {
  x0: number;
  x1: number;
  text: string;
}

/** Where one label is drawn: its centre in px and its row (0 = top). */
export interface LabelSlot {
  x: number;
  row: number;
}

export interface LabelLayoutOptions {
  /** The plot's left and right edge, px: a label never reaches past them. */
  left: number;
  right: number;
  fontPx: number;
  /** How many rows labels may be staggered over. */
  rows: number;
  /** Free space kept between two labels of a row, px. */
  gapPx: number;
}

/** Estimated width of `text` in px: DejaVu Sans averages about 0.6 em a character; 0.66 errs wide, so estimates never collide where the glyphs would. */
export function labelWidthPx(text: string, fontPx: number): number {
  return [...text].length * fontPx * 0.66;
}

/**
 * One slot per span (null: no row has room; the band keeps its name in a tooltip).
 * Labels that fit inside their band take the top row first (they cannot collide: bands do not overlap);
 * then each wider one takes the first row where it collides with nothing.
 */
export function placeBandLabels(spans: readonly BandSpan[], options: LabelLayoutOptions): (LabelSlot | null)[] {
  const { left, right, fontPx, rows, gapPx } = options;
  const taken: [number, number][][] = Array.from({ length: rows }, () => []);
  const slots: (LabelSlot | null)[] = spans.map(() => null);
  const extent = (s: BandSpan): [number, number] => {
    const half = labelWidthPx(s.text, fontPx) / 2;
    const centre = Math.min(Math.max((s.x0 + s.x1) / 2, left + half), right - half);
    return [centre - half, centre + half];
  };
  const fits = (s: BandSpan) => labelWidthPx(s.text, fontPx) + gapPx <= s.x1 - s.x0;
  const free = (row: number, [a, b]: [number, number]) => taken[row]!.every(([c, d]) => b + gapPx <= c || d + gapPx <= a);
  const order = [...spans.keys()].sort((i, j) => Number(fits(spans[j]!)) - Number(fits(spans[i]!)));
  for (const i of order) {
    const span = spans[i]!;
    if (span.x1 <= span.x0) continue;
    const box = extent(span);
    const row = [...taken.keys()].find((r) => free(r, box));
    if (row === undefined) continue;
    taken[row]!.push(box);
    slots[i] = { x: (box[0] + box[1]) / 2, row };
  }
  return slots;
}
