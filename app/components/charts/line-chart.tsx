import { useId } from "react";
import {
  chartLayout,
  DEFAULT_BOX,
  linePath,
  valueDomain,
  type ChartBox,
  type ChartPoint,
} from "#app/components/charts/scales.ts";

export interface LineSeries {
  key: string;
  label: string;
  points: ChartPoint[];
}

/** A horizontal background band, e.g. a health band between its thresholds. */
export interface ChartBand {
  from: number;
  to: number;
  tone: "good" | "warn" | "bad";
  label: string;
}

const SERIES_STROKES = ["stroke-brand-700", "stroke-sky-700", "stroke-amber-700", "stroke-slate-600"];
const SERIES_FILLS = ["fill-brand-700", "fill-sky-700", "fill-amber-700", "fill-slate-600"];
const BAND_FILLS = { good: "fill-emerald-50", warn: "fill-amber-50", bad: "fill-red-50" } as const;

// Each series is told apart by more than its colour: its own dash pattern and
// its own marker shape, shown in the legend too, and (several series) a label
// at the end of its line.
export const SERIES_DASHES = [undefined, "7 4", "2 3", "9 3 2 3", "14 4", "4 2 4 6"] as const;
export const SERIES_MARKERS = ["circle", "square", "triangle", "diamond", "cross", "bar"] as const;
export type MarkerShape = (typeof SERIES_MARKERS)[number];

/** Markers on every point when there are this few dates; else on the latest only. */
const MARK_EVERY_POINT_UPTO = 24;
/** Room on the right for the line-end labels of several series. */
const LABEL_MARGIN = 112;
/** Line-end labels never closer than this vertically (pixels). */
const LABEL_GAP = 13;

const seriesStyle = (i: number) => ({
  stroke: SERIES_STROKES[i % SERIES_STROKES.length]!,
  fill: SERIES_FILLS[i % SERIES_FILLS.length]!,
  dash: SERIES_DASHES[i % SERIES_DASHES.length],
  marker: SERIES_MARKERS[i % SERIES_MARKERS.length]!,
});

/** A marker shape centred on (x, y), about 7 pixels across. */
export function Marker({ shape, x, y, className }: { shape: MarkerShape; x: number; y: number; className: string }) {
  const r = 3.5;
  switch (shape) {
    case "circle":
      return <circle cx={x} cy={y} r={r} className={className} data-marker={shape} />;
    case "square":
      return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} className={className} data-marker={shape} />;
    case "triangle":
      return <path d={`M${x},${y - r - 0.5}L${x + r + 0.5},${y + r}L${x - r - 0.5},${y + r}Z`} className={className} data-marker={shape} />;
    case "diamond":
      return <path d={`M${x},${y - r - 1}L${x + r + 1},${y}L${x},${y + r + 1}L${x - r - 1},${y}Z`} className={className} data-marker={shape} />;
    case "cross":
      return (
        <path
          d={`M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`}
          strokeWidth={2}
          className={className.replace("fill-", "stroke-")}
          data-marker={shape}
        />
      );
    case "bar":
      return <rect x={x - 1.5} y={y - r - 1} width={3} height={2 * r + 2} className={className} data-marker={shape} />;
  }
}

/** Line-end label positions: at their values, pushed apart so no two overlap. */
export function spreadLabels(ys: number[], top: number, bottom: number, gap = LABEL_GAP): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed: number[] = new Array<number>(ys.length);
  let previous = -Infinity;
  for (const o of order) {
    const y = Math.max(o.y, previous + gap, top);
    placed[o.i] = y;
    previous = y;
  }
  // Pushed past the bottom: move the stack up as far as needed.
  const overflow = previous - bottom;
  if (overflow > 0) for (const o of order) placed[o.i] = Math.max(top, placed[o.i]! - overflow);
  return placed.map((y) => Math.round(y * 100) / 100);
}

const shorten = (label: string, max = 16) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);

/**
 * A line chart drawn on the server as inline SVG: it needs no JavaScript, is
 * named for assistive technology by its title, and carries its figures in a
 * visually hidden table for those who cannot see the lines. Nothing is told by
 * colour alone: background bands carry their names in text, and several lines
 * differ by dash pattern and marker shape, are labelled at their ends and
 * explained by a visible legend drawn with the same patterns.
 */
export function LineChart({
  title,
  description,
  series,
  yDomain,
  bands = [],
  formatX,
  formatTick,
  formatY,
  xLabel,
  emptyText,
  box = DEFAULT_BOX,
}: {
  title: string;
  description?: string;
  series: LineSeries[];
  /** Fixed value range (e.g. 0..100); else fitted to the data. */
  yDomain?: [number, number];
  bands?: ChartBand[];
  formatX: (date: string) => string;
  /** The x axis labels; formatX unless told. */
  formatTick?: (date: string) => string;
  formatY: (value: number) => string;
  /** The heading of the table's date column. */
  xLabel: string;
  emptyText: string;
  box?: ChartBox;
}) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort();
  const hasData = series.some((s) => s.points.some((p) => p.y !== null));
  if (!hasData) return <p className="text-sm text-slate-600">{emptyText}</p>;

  const several = series.length > 1;
  const drawBox = several ? { ...box, margin: { ...box.margin, right: Math.max(box.margin.right, LABEL_MARGIN) } } : box;
  const layout = chartLayout(dates, valueDomain(series.flatMap((s) => s.points.map((p) => p.y)), yDomain), drawBox);
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        className="h-auto w-full"
        role="img"
        aria-label={title}
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
      >
        <title id={titleId}>{title}</title>
        {description ? <desc id={descId}>{description}</desc> : null}
        <g aria-hidden="true">
          <BandRects bands={bands} layout={layout} />
          <Axes layout={layout} formatTick={formatTick ?? formatX} formatY={formatY} />
          {/* Each band named in text at its left edge, above the grid, with a halo to stay legible over lines. */}
          <BandLabels bands={bands} layout={layout} />
          <SeriesLines series={series} layout={layout} markAll={several && dates.length <= MARK_EVERY_POINT_UPTO} />
          {several ? <LineEndLabels series={series} layout={layout} /> : null}
        </g>
      </svg>
      {several ? <ChartLegend series={series} /> : null}
      <ChartTable title={title} xLabel={xLabel} series={series} dates={dates} formatX={formatX} formatY={formatY} />
    </figure>
  );
}

type Layout = ReturnType<typeof chartLayout>;

/** A band's top and bottom on the plot, kept inside it. */
function bandEdges(b: ChartBand, layout: Layout) {
  const clamp = (v: number) => Math.min(layout.plot.bottom, Math.max(layout.plot.top, v));
  return { top: clamp(layout.y(b.to)), bottom: clamp(layout.y(b.from)) };
}

/** The background bands, each named by its title. */
function BandRects({ bands, layout }: { bands: ChartBand[]; layout: Layout }) {
  const { plot } = layout;
  return (
    <>
      {bands.map((b) => {
        const { top, bottom } = bandEdges(b, layout);
        return (
          <rect
            key={`${b.tone}-${b.from}`}
            x={plot.left}
            y={top}
            width={plot.right - plot.left}
            height={Math.max(0, Math.round((bottom - top) * 100) / 100)}
            className={BAND_FILLS[b.tone]}
          >
            <title>{b.label}</title>
          </rect>
        );
      })}
    </>
  );
}

/** The bands' names in text, where a band is tall enough to hold one. */
function BandLabels({ bands, layout }: { bands: ChartBand[]; layout: Layout }) {
  return (
    <>
      {bands.map((b) => {
        const { top, bottom } = bandEdges(b, layout);
        if (bottom - top < 11) return null;
        return (
          <text
            key={`label-${b.tone}-${b.from}`}
            x={layout.plot.left + 6}
            y={top + 3}
            dy="0.9em"
            className="fill-slate-700 stroke-white text-[10px] font-semibold"
            strokeWidth={3}
            paintOrder="stroke"
            data-band-label={b.tone}
          >
            {b.label}
          </text>
        );
      })}
    </>
  );
}

/** The value grid with its labels, the dates under the plot and the base line. */
function Axes({
  layout,
  formatTick,
  formatY,
}: {
  layout: Layout;
  formatTick: (date: string) => string;
  formatY: (value: number) => string;
}) {
  const { plot } = layout;
  return (
    <>
      {layout.yTicks.map((v) => (
        <g key={`y${v}`}>
          <line x1={plot.left} x2={plot.right} y1={layout.y(v)} y2={layout.y(v)} className="stroke-slate-200" />
          <text x={plot.left - 6} y={layout.y(v)} dy="0.32em" textAnchor="end" className="fill-slate-600 text-[11px]">
            {formatY(v)}
          </text>
        </g>
      ))}
      {layout.xTicks.map((d) => (
        <text key={`x${d}`} x={layout.x(d)} y={plot.bottom + 18} textAnchor="middle" className="fill-slate-600 text-[11px]">
          {formatTick(d)}
        </text>
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} className="stroke-slate-400" />
    </>
  );
}

/** Each series' line and markers: on every point with `markAll`, else on the latest (a lone point has no line). */
function SeriesLines({ series, layout, markAll }: { series: LineSeries[]; layout: Layout; markAll: boolean }) {
  return (
    <>
      {series.map((s, i) => {
        const style = seriesStyle(i);
        const d = linePath(s.points, layout);
        const present = s.points.filter((p) => p.y !== null);
        const marked = markAll ? present : present.slice(-1);
        return (
          <g key={s.key} data-series={s.key}>
            {d ? <path d={d} fill="none" strokeWidth={2} strokeDasharray={style.dash} className={style.stroke} /> : null}
            {/* A lone point has no line: mark it, and always mark the latest value. */}
            {marked.map((p) => (
              <Marker key={p.x} shape={style.marker} x={layout.x(p.x)} y={layout.y(p.y!)} className={style.fill} />
            ))}
          </g>
        );
      })}
    </>
  );
}

/** The legend of several series, drawn with their dash patterns and markers. */
function ChartLegend({ series }: { series: LineSeries[] }) {
  return (
    <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-hidden="true" data-testid="chart-legend">
      {series.map((s, i) => {
        const style = seriesStyle(i);
        return (
          <span key={s.key} className="inline-flex items-center gap-1" data-legend={s.key}>
            <svg width="30" height="10" viewBox="0 0 30 10" className="shrink-0">
              <line x1="1" x2="29" y1="5" y2="5" strokeWidth={2} strokeDasharray={style.dash} className={style.stroke} />
              <Marker shape={style.marker} x={15} y={5} className={style.fill} />
            </svg>
            {s.label}
          </span>
        );
      })}
    </figcaption>
  );
}

/** The chart's figures as a table, visually hidden, for those who cannot see the lines. */
function ChartTable({
  title,
  xLabel,
  series,
  dates,
  formatX,
  formatY,
}: {
  title: string;
  xLabel: string;
  series: LineSeries[];
  dates: string[];
  formatX: (date: string) => string;
  formatY: (value: number) => string;
}) {
  const byDate = series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
  return (
    <div className="sr-only">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{xLabel}</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dates.map((d) => (
            <tr key={d}>
              <th scope="row">{formatX(d)}</th>
              {byDate.map((values, i) => {
                const y = values.get(d);
                return <td key={series[i]!.key}>{y == null ? "—" : formatY(y)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each series named at the end of its line (its latest value), in its colour, never overlapping. */
function LineEndLabels({ series, layout }: { series: LineSeries[]; layout: ReturnType<typeof chartLayout> }) {
  const ends = series
    .map((s, i) => {
      const last = s.points.filter((p) => p.y !== null).at(-1);
      return last ? { s, i, x: layout.x(last.x), y: layout.y(last.y!) } : null;
    })
    .filter((e) => e !== null);
  const ys = spreadLabels(
    ends.map((e) => e.y),
    layout.plot.top + 4,
    layout.plot.bottom,
  );
  return (
    <>
      {ends.map((e, k) => (
        <text
          key={e.s.key}
          x={layout.plot.right + 8}
          y={ys[k]}
          dy="0.32em"
          className={`${seriesStyle(e.i).fill} text-[11px] font-medium`}
          data-line-label={e.s.key}
        >
          {shorten(e.s.label)}
        </text>
      ))}
    </>
  );
}
