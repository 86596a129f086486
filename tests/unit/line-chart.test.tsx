import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LineChart, SERIES_DASHES, SERIES_MARKERS, spreadLabels } from "#app/components/charts/line-chart.tsx";
import { chartLayout, linePath, valueDomain, type ChartBox } from "#app/components/charts/scales.ts";

const box: ChartBox = { width: 110, height: 120, margin: { top: 10, right: 0, bottom: 10, left: 10 } };

describe("chartLayout", () => {
  it("places calendar dates linearly across the plot and values from bottom to top", () => {
    const layout = chartLayout(["2026-01-11", "2026-01-01", "2026-01-06"], [0, 100], box);
    expect(layout.plot).toEqual({ left: 10, right: 110, top: 10, bottom: 110 });
    expect(layout.x("2026-01-01")).toBe(10);
    expect(layout.x("2026-01-06")).toBe(60);
    expect(layout.x("2026-01-11")).toBe(110);
    expect(layout.y(0)).toBe(110);
    expect(layout.y(100)).toBe(10);
    expect(layout.y(45)).toBeCloseTo(65);
    expect(layout.yTicks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(layout.xTicks.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= "2026-01-01" && d <= "2026-01-11")).toBe(true);
  });

  it("puts a single day in the middle", () => {
    const layout = chartLayout(["2026-03-29"], [0, 100], box);
    expect(layout.x("2026-03-29")).toBe(60);
  });

  it("reads dates as UTC calendar days, whatever the daylight-saving change", () => {
    // Finland moves its clocks on 2026-03-29: the days either side are still equally wide.
    const layout = chartLayout(["2026-03-28", "2026-03-29", "2026-03-30"], [0, 1], box);
    expect(layout.x("2026-03-29") - layout.x("2026-03-28")).toBe(layout.x("2026-03-30") - layout.x("2026-03-29"));
  });
});

describe("linePath", () => {
  const layout = chartLayout(["2026-01-01", "2026-01-11"], [0, 100], box);

  it("draws a path through the points", () => {
    const d = linePath(
      [
        { x: "2026-01-01", y: 0 },
        { x: "2026-01-11", y: 100 },
      ],
      layout,
    );
    expect(d).toBe("M10,110L110,10");
  });

  it("leaves a gap where a value is missing, and draws nothing without values", () => {
    const d = linePath(
      [
        { x: "2026-01-01", y: 10 },
        { x: "2026-01-03", y: 20 },
        { x: "2026-01-05", y: null },
        { x: "2026-01-07", y: 30 },
        { x: "2026-01-09", y: 40 },
      ],
      layout,
    )!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(linePath([{ x: "2026-01-01", y: null }], layout)).toBeNull();
    expect(linePath([], layout)).toBeNull();
  });
});

describe("valueDomain", () => {
  it("keeps a fixed domain, and rounds the data's range outwards otherwise", () => {
    expect(valueDomain([3, 97], [0, 100])).toEqual([0, 100]);
    expect(valueDomain([0.42, 0.87, null])).toEqual([0.4, 0.9]);
    expect(valueDomain([50, 50])).toEqual([49, 51]);
    expect(valueDomain([null])).toEqual([0, 1]);
  });
});

describe("LineChart", () => {
  const props = {
    title: "Health over the last 180 days",
    formatX: (d: string) => `day ${d}`,
    formatY: (v: number) => v.toFixed(1),
    xLabel: "Day",
    emptyText: "No history yet.",
  };

  it("renders a named SVG with the figures in a visually hidden table", () => {
    const html = renderToStaticMarkup(
      <LineChart
        {...props}
        description="Two figures."
        yDomain={[0, 100]}
        bands={[{ from: 0, to: 45, tone: "bad", label: "At risk" }]}
        series={[
          {
            key: "health",
            label: "Health",
            points: [
              { x: "2026-01-01", y: 52.5 },
              { x: "2026-01-02", y: null },
              { x: "2026-01-03", y: 61 },
            ],
          },
        ]}
      />,
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Health over the last 180 days"/);
    expect(html).toMatch(/<title id="[^"]+">Health over the last 180 days<\/title>/);
    expect(html).toContain("<desc");
    expect(html).toMatch(/<path d="M[^"]+"/);
    expect(html).toContain('<div class="sr-only"><table>');
    expect(html).toContain("<caption>Health over the last 180 days</caption>");
    expect(html).toContain('<th scope="row">day 2026-01-01</th><td>52.5</td>');
    expect(html).toContain('<th scope="row">day 2026-01-02</th><td>—</td>');
    expect(html).toContain('<th scope="row">day 2026-01-03</th><td>61.0</td>');
  });

  it("says so when there is nothing to draw", () => {
    const html = renderToStaticMarkup(<LineChart {...props} series={[{ key: "h", label: "Health", points: [] }]} />);
    expect(html).toBe('<p class="text-sm text-slate-600">No history yet.</p>');
  });

  it("names each health band in visible text inside its region, not only on hover", () => {
    const html = renderToStaticMarkup(
      <LineChart
        {...props}
        yDomain={[0, 100]}
        bands={[
          { from: 0, to: 40, tone: "bad", label: "At risk" },
          { from: 40, to: 70, tone: "warn", label: "Watch" },
          { from: 70, to: 100, tone: "good", label: "Healthy" },
        ]}
        series={[{ key: "health", label: "Health", points: [{ x: "2026-01-01", y: 50 }, { x: "2026-01-02", y: 55 }] }]}
      />,
    );
    for (const [tone, label] of [["bad", "At risk"], ["warn", "Watch"], ["good", "Healthy"]]) {
      expect(html).toMatch(new RegExp(`<text[^>]*data-band-label="${tone}"[^>]*>${label}</text>`));
    }
    // Each label sits inside its own band: y between the band's top and bottom edges.
    const y = (tone: string) => Number(new RegExp(`<text x="[^"]+" y="([^"]+)"[^>]*data-band-label="${tone}"`).exec(html)![1]);
    const rect = (tone: string) => {
      const fill = { bad: "fill-red-50", warn: "fill-amber-50", good: "fill-emerald-50" }[tone]!;
      const m = new RegExp(`<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" class="${fill}"`).exec(html)!;
      return { top: Number(m[1]), bottom: Number(m[1]) + Number(m[2]) };
    };
    for (const tone of ["bad", "warn", "good"]) {
      expect(y(tone)).toBeGreaterThanOrEqual(rect(tone).top);
      expect(y(tone)).toBeLessThan(rect(tone).bottom);
    }
    // One series: no legend needed, the heading names it.
    expect(html).not.toContain("chart-legend");
  });

  it("tells several lines apart without colour: dash patterns, marker shapes, labels at the line ends and a visible legend", () => {
    const months = ["2026-01-01", "2026-02-01", "2026-03-01"];
    const series = ["Aino", "Bertta", "Cecilia"].map((name, i) => ({
      key: `k${i}`,
      label: name,
      points: months.map((x, j) => ({ x, y: 50 + i + j })),
    }));
    const html = renderToStaticMarkup(<LineChart {...props} yDomain={[0, 100]} series={series} />);
    // Lines: each its own dash pattern (the first solid).
    const lines = [...html.matchAll(/<g data-series="(k\d)"><path d="[^"]+" fill="none" stroke-width="2"( stroke-dasharray="([^"]+)")?/g)];
    expect(lines.map((m) => [m[1], m[3] ?? null])).toEqual([
      ["k0", null],
      ["k1", SERIES_DASHES[1]],
      ["k2", SERIES_DASHES[2]],
    ]);
    // Markers: each series its own shape, on every point of a short series.
    for (const [i, key] of ["k0", "k1", "k2"].entries()) {
      const group = new RegExp(`<g data-series="${key}">(.*?)</g>`).exec(html)![1]!;
      expect(group.match(/data-marker="([a-z]+)"/g)).toEqual(months.map(() => `data-marker="${SERIES_MARKERS[i]}"`));
    }
    // Direct labels at the line ends, spread so that none overlaps another.
    const labels = [...html.matchAll(/<text x="([^"]+)" y="([^"]+)"[^>]*data-line-label="(k\d)"[^>]*>([^<]+)<\/text>/g)];
    expect(labels.map((m) => [m[3], m[4]])).toEqual([
      ["k0", "Aino"],
      ["k1", "Bertta"],
      ["k2", "Cecilia"],
    ]);
    const ys = labels.map((m) => Number(m[2])).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(13);
    // The legend is shown (not only to screen readers) and repeats each pattern and marker.
    const legend = /<figcaption[^>]*data-testid="chart-legend"[^>]*>(.*?)<\/figcaption>/.exec(html)![1]!;
    expect(html).not.toMatch(/<figcaption[^>]*class="[^"]*sr-only/);
    for (const [i, name] of ["Aino", "Bertta", "Cecilia"].entries()) {
      const entry = new RegExp(`<span[^>]*data-legend="k${i}"[^>]*>(.*?)</span>`).exec(legend)![1]!;
      expect(entry).toContain(name);
      expect(entry).toContain(`data-marker="${SERIES_MARKERS[i]}"`);
      if (SERIES_DASHES[i]) expect(entry).toContain(`stroke-dasharray="${SERIES_DASHES[i]}"`);
      else expect(entry).not.toContain("stroke-dasharray");
    }
  });
});

describe("spreadLabels", () => {
  it("keeps labels at their values when apart, and pushes close ones apart within the plot", () => {
    expect(spreadLabels([10, 50, 90], 0, 100)).toEqual([10, 50, 90]);
    expect(spreadLabels([50, 51, 52], 0, 100)).toEqual([50, 63, 76]);
    // Crowded at the bottom: the stack moves up instead of leaving the plot.
    expect(spreadLabels([99, 100, 100], 0, 100)).toEqual([74, 87, 100]);
    // Order by value is kept whatever the input order.
    expect(spreadLabels([60, 20, 59], 0, 100)).toEqual([72, 20, 59]);
  });
});
