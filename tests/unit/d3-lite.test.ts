import { scaleLinear as d3Linear, scaleUtc as d3Utc } from "d3-scale";
import { curveMonotoneX, line } from "d3-shape";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { monotoneLine, niceDomain, scaleLinear, scaleUtc, ticks } from "#app/components/charts/d3-lite.ts";

// The charts' own port of d3 (no d3 in any page's script) gives d3's answers.
const day = 86_400_000;
const date = fc.integer({ min: Date.UTC(2000, 0, 1) / day, max: Date.UTC(2040, 0, 1) / day }).map((n) => new Date(n * day));
// Figures as charts carry them: hundredths, within a million either way.
const value = fc.integer({ min: -100_000_000, max: 100_000_000 }).map((n) => n / 100);

describe("d3-lite against d3", () => {
  it("maps and ticks linear scales as d3-scale does", () => {
    fc.assert(
      fc.property(value, value, value, fc.integer({ min: 1, max: 12 }), (a, b, x, count) => {
        const ours = scaleLinear([a, b], [110, 10]);
        const theirs = d3Linear().domain([a, b]).range([110, 10]);
        expect(ours(x)).toBe(theirs(x));
        expect(ours.ticks(count)).toEqual(theirs.ticks(count));
        expect(ticks(a, b, count)).toEqual(theirs.ticks(count));
      }),
    );
  });

  it("rounds a domain outwards as d3-scale's nice() does", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(niceDomain([a, b])).toEqual(d3Linear().domain([a, b]).nice().domain());
      }),
    );
    expect(niceDomain([0.42, 0.87])).toEqual([0.4, 0.9]);
  });

  it("maps and ticks calendar dates as d3-scale's scaleUtc does", () => {
    fc.assert(
      fc.property(date, date, fc.integer({ min: 2, max: 12 }), (a, b, count) => {
        if (+a === +b) b = new Date(+b + 2 * day);
        const ours = scaleUtc([a, b], [40, 624]);
        const theirs = d3Utc().domain([a, b]).range([40, 624]);
        expect(ours.map(a)).toBe(theirs(a));
        expect(ours.map(new Date((+a + +b) / 2))).toBe(theirs(new Date((+a + +b) / 2)));
        expect(ours.ticks(count).map(Number)).toEqual(theirs.ticks(count).map(Number));
      }),
      { numRuns: 300 },
    );
  });

  it("draws a monotone line with gaps as d3-shape does", () => {
    const pixel = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n / 100);
    const point = fc.record({ x: pixel(600), y: fc.option(pixel(200), { nil: null }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), (raw) => {
        const points = [...raw].sort((p, q) => p.x - q.x);
        const theirs = line<{ x: number; y: number | null }>()
          .defined((p) => p.y !== null)
          .x((p) => p.x)
          .y((p) => p.y!)
          .curve(curveMonotoneX)(points);
        const ours = monotoneLine(points.map((p) => ({ x: p.x, y: p.y ?? NaN, defined: p.y !== null })));
        expect(ours).toBe(theirs && theirs.length > 0 ? theirs : null);
      }),
      { numRuns: 500 },
    );
  });
});
