// Pure: least-squares line through (connections, RSS) points — slope = bytes per connection, intercept = base RSS, with R².
import type { LinearFit } from '../record/ladder.js';

export interface FitPoint {
  connections: number;
  rssBytes: number;
}

/** Ordinary least squares of rssBytes on connections; null with fewer than two distinct connection counts. */
export function fitBytesPerConnection(points: readonly FitPoint[]): LinearFit | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, p) => sum + p.connections, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.rssBytes, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    const dx = p.connections - meanX;
    const dy = p.rssBytes - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residual = points.reduce((sum, p) => sum + (p.rssBytes - (intercept + slope * p.connections)) ** 2, 0);
  const r2 = syy === 0 ? 1 : Math.max(0, 1 - residual / syy);
  return { bytesPerConn: slope, baseBytes: intercept, r2, points: n };
}
