// Rounding that keeps a whole: parts rounded so that they still add up to
// their rounded sum (largest remainder). Small and free of the rest of the
// domain, so a page's script may use it without taking the scoring rules along.

/** Whole numbers for `values`: their sum rounded, and each floored then topped up by largest remainder to make it. */
export function roundToWholeSum(values: number[]): { total: number; parts: number[] } {
  const total = Math.round(values.reduce((a, b) => a + b, 0) + 1e-9);
  const parts = values.map((x) => Math.floor(x + 1e-9));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = values
    .map((x, i) => ({ i, rest: x - parts[i]! }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return { total, parts };
}

/** Shares (0..1 each, adding up to 1) as whole percentages that add up to 100, as the health panel shows them. */
export function sharePercents(shares: number[]): number[] {
  return roundToWholeSum(shares.map((s) => s * 100)).parts;
}
