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
const SERIES_SWATCH = ["bg-brand-700", "bg-sky-700", "bg-amber-700", "bg-slate-600"];
const BAND_FILLS = { good: "fill-emerald-50", warn: "fill-amber-50", bad: "fill-red-50" } as const;

/**
 * A line chart drawn on the server as inline SVG: it needs no JavaScript, is
 * named for assistive technology by its title, and carries its figures in a
 * visually hidden table for those who cannot see the lines.
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

  const layout = chartLayout(dates, valueDomain(series.flatMap((s) => s.points.map((p) => p.y)), yDomain), box);
  const { plot } = layout;
  const byDate = series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
  const tick = formatTick ?? formatX;
  const clamp = (v: number) => Math.min(plot.bottom, Math.max(plot.top, v));
  const height = (top: number, bottom: number) => Math.max(0, Math.round((bottom - top) * 100) / 100);
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
          {bands.map((b) => {
            const top = clamp(layout.y(b.to));
            const bottom = clamp(layout.y(b.from));
            return (
              <rect
                key={`${b.tone}-${b.from}`}
                x={plot.left}
                y={top}
                width={plot.right - plot.left}
                height={height(top, bottom)}
                className={BAND_FILLS[b.tone]}
              >
                <title>{b.label}</title>
              </rect>
            );
          })}
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
              {tick(d)}
            </text>
          ))}
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} className="stroke-slate-400" />
          {series.map((s, i) => {
            const d = linePath(s.points, layout);
            const present = s.points.filter((p) => p.y !== null);
            const last = present[present.length - 1];
            return (
              <g key={s.key} data-series={s.key}>
                {d ? <path d={d} fill="none" strokeWidth={2} className={SERIES_STROKES[i % SERIES_STROKES.length]} /> : null}
                {/* A lone point has no line: mark it, and always mark the latest value. */}
                {last ? (
                  <circle cx={layout.x(last.x)} cy={layout.y(last.y!)} r={3.5} className={SERIES_FILLS[i % SERIES_FILLS.length]} />
                ) : null}
              </g>
            );
          })}
        </g>
      </svg>
      {series.length > 1 ? (
        <figcaption className="flex flex-wrap gap-4 text-xs text-slate-700" aria-hidden="true">
          {series.map((s, i) => (
            <span key={s.key} className="inline-flex items-center gap-1">
              <span className={`inline-block h-0.5 w-4 ${SERIES_SWATCH[i % SERIES_SWATCH.length]}`} />
              {s.label}
            </span>
          ))}
        </figcaption>
      ) : null}
      <table className="sr-only">
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
    </figure>
  );
}
