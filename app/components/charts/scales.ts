import { monotoneLine, niceDomain, scaleLinear, scaleUtc } from "#app/components/charts/d3-lite.ts";

// Scales and paths for the server-rendered charts. Pure: the same input gives the
// same SVG on the server and in the browser, so hydration never differs. Calendar
// dates ('YYYY-MM-DD') are placed as UTC midnights: no time zone shifts a point.

export interface ChartPoint {
  /** A calendar date, 'YYYY-MM-DD'. */
  x: string;
  /** null leaves a gap in the line. */
  y: number | null;
}

export interface ChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface ChartLayout {
  /** Pixel x of a calendar date, to two decimals. */
  x: (date: string) => number;
  /** Pixel y of a value, to two decimals. */
  y: (value: number) => number;
  /** The plot area inside the margins. */
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: string[];
  yTicks: number[];
}

export const DEFAULT_BOX: ChartBox = { width: 640, height: 220, margin: { top: 12, right: 16, bottom: 28, left: 40 } };

export const utcDate = (date: string) => new Date(`${date}T00:00:00Z`);
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Linear scales over the points' dates and the given value range. With one
 * date (or none) the x range is widened by a day each side so a lone point
 * sits in the middle rather than on the edge.
 */
export function chartLayout(
  dates: string[],
  yDomain: [number, number],
  box: ChartBox = DEFAULT_BOX,
  ticks = { x: 5, y: 5 },
): ChartLayout {
  const plot = {
    left: box.margin.left,
    right: box.width - box.margin.right,
    top: box.margin.top,
    bottom: box.height - box.margin.bottom,
  };
  const sorted = [...dates].sort();
  const first = sorted[0] ?? isoDate(new Date(0));
  const last = sorted[sorted.length - 1] ?? first;
  let from = utcDate(first);
  let to = utcDate(last);
  if (from.getTime() === to.getTime()) {
    from = new Date(from.getTime() - 86_400_000);
    to = new Date(to.getTime() + 86_400_000);
  }
  const xScale = scaleUtc([from, to], [plot.left, plot.right]);
  const yScale = scaleLinear(yDomain, [plot.bottom, plot.top]);
  return {
    x: (date) => round(xScale.map(utcDate(date))),
    y: (value) => round(yScale(value)),
    plot,
    xTicks: sorted.length ? xScale.ticks(ticks.x).map(isoDate) : [],
    yTicks: yScale.ticks(ticks.y),
  };
}

/** The SVG path of a series, with gaps where a value is missing; null when nothing can be drawn. */
export function linePath(points: ChartPoint[], layout: Pick<ChartLayout, "x" | "y">): string | null {
  return monotoneLine(
    points.map((p) => {
      const defined = p.y !== null && Number.isFinite(p.y);
      return { defined, x: defined ? layout.x(p.x) : NaN, y: defined ? layout.y(p.y!) : NaN };
    }),
  );
}

/** The value range to draw: the fixed domain when given, else the data's range padded to round ticks. */
export function valueDomain(values: (number | null)[], fixed?: [number, number]): [number, number] {
  if (fixed) return fixed;
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!present.length) return [0, 1];
  const min = Math.min(...present);
  const max = Math.max(...present);
  return niceDomain(min === max ? [min - 1, max + 1] : [min, max]);
}

// Two decimals keep the markup short and the same in every JavaScript engine.
const round = (n: number) => Math.round(n * 100) / 100;
