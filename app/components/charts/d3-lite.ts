// The few pieces of d3 the charts use, ported from d3-array 3.2, d3-scale 4,
// d3-time 3.1, d3-shape 3.2 and d3-path 3.1 (ISC licence, Mike Bostock) so that
// no page's script carries d3 (~21 KiB gzipped) for two scales and one curve.
// tests/unit/d3-lite.test.ts holds every function here to d3's own output.

const e10 = Math.sqrt(50);
const e5 = Math.sqrt(10);
const e2 = Math.sqrt(2);

function tickSpec(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / Math.pow(10, power);
  const factor = error >= e10 ? 10 : error >= e5 ? 5 : error >= e2 ? 2 : 1;
  let i1: number, i2: number, inc: number;
  if (power < 0) {
    inc = Math.pow(10, -power) / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = Math.pow(10, power) * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tickSpec(start, stop, count * 2);
  return [i1, i2, inc];
}

/** d3-array `ticks`. */
export function ticks(start: number, stop: number, count: number): number[] {
  if (!(count > 0)) return [];
  if (start === stop) return [start];
  const reverse = stop < start;
  const [i1, i2, inc] = reverse ? tickSpec(stop, start, count) : tickSpec(start, stop, count);
  if (!(i2 >= i1)) return [];
  const n = i2 - i1 + 1;
  const out = new Array<number>(n);
  if (reverse) {
    if (inc < 0) for (let i = 0; i < n; ++i) out[i] = (i2 - i) / -inc;
    else for (let i = 0; i < n; ++i) out[i] = (i2 - i) * inc;
  } else {
    if (inc < 0) for (let i = 0; i < n; ++i) out[i] = (i1 + i) / -inc;
    else for (let i = 0; i < n; ++i) out[i] = (i1 + i) * inc;
  }
  return out;
}

function tickIncrement(start: number, stop: number, count: number): number {
  return tickSpec(start, stop, count)[2];
}

function tickStep(start: number, stop: number, count: number): number {
  const reverse = stop < start;
  const inc = reverse ? tickIncrement(stop, start, count) : tickIncrement(start, stop, count);
  return (reverse ? -1 : 1) * (inc < 0 ? 1 / -inc : inc);
}

/** d3-scale's continuous mapping of a two-value domain onto a range (no clamping). */
function bimap(domain: [number, number], range: [number, number]): (x: number) => number {
  let [d0, d1] = domain;
  let [r0, r1] = range;
  if (d1 < d0) {
    [d0, d1] = [d1, d0];
    [r0, r1] = [r1, r0];
  }
  const span = d1 - d0;
  const normalize = span ? (x: number) => (x - d0) / span : () => (isNaN(span) ? NaN : 0.5);
  return (x) => {
    const t = normalize(x);
    return r0 * (1 - t) + r1 * t;
  };
}

export interface LinearScale {
  (value: number): number;
  ticks(count?: number): number[];
}

/** d3-scale `scaleLinear().domain(domain).range(range)`. */
export function scaleLinear(domain: [number, number], range: [number, number]): LinearScale {
  const map = bimap(domain, range);
  const scale = ((value: number) => map(value)) as LinearScale;
  scale.ticks = (count = 10) => ticks(domain[0], domain[1], count);
  return scale;
}

/** d3-scale `scaleLinear().domain(domain).nice(count).domain()`. */
export function niceDomain([start, stop]: [number, number], count = 10): [number, number] {
  const reverse = stop < start;
  if (reverse) [start, stop] = [stop, start];
  const original: [number, number] = reverse ? [stop, start] : [start, stop];
  let prestep: number | undefined;
  for (let maxIter = 10; maxIter > 0; maxIter--) {
    const step = tickIncrement(start, stop, count);
    if (step === prestep) return reverse ? [stop, start] : [start, stop];
    if (step > 0) {
      start = Math.floor(start / step) * step;
      stop = Math.ceil(stop / step) * step;
    } else if (step < 0) {
      start = Math.ceil(start * step) / step;
      stop = Math.floor(stop * step) / step;
    } else break;
    prestep = step;
  }
  // d3 keeps the domain as it was when the steps do not settle.
  return original;
}

// d3-time's UTC intervals, as far as dates need them (an hour and up).
interface Interval {
  floor(date: Date): void;
  offset(date: Date, step: number): void;
  field?: (date: Date) => number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = DAY * 7;
const MONTH = DAY * 30;
const YEAR = DAY * 365;

const utcHour: Interval = {
  floor: (d) => d.setTime(d.getTime() - d.getUTCMilliseconds() - d.getUTCSeconds() * 1000 - d.getUTCMinutes() * 60_000),
  offset: (d, step) => d.setTime(+d + step * HOUR),
  field: (d) => d.getUTCHours(),
};
const unixDay: Interval = {
  floor: (d) => d.setUTCHours(0, 0, 0, 0),
  offset: (d, step) => d.setUTCDate(d.getUTCDate() + step),
  field: (d) => Math.floor(+d / DAY),
};
const utcSunday: Interval = {
  floor: (d) => {
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 7) % 7));
    d.setUTCHours(0, 0, 0, 0);
  },
  offset: (d, step) => d.setUTCDate(d.getUTCDate() + step * 7),
};
const utcMonth: Interval = {
  floor: (d) => {
    d.setUTCDate(1);
    d.setUTCHours(0, 0, 0, 0);
  },
  offset: (d, step) => d.setUTCMonth(d.getUTCMonth() + step),
  field: (d) => d.getUTCMonth(),
};
function utcYears(k: number): Interval {
  return {
    floor: (d) => {
      d.setUTCFullYear(Math.floor(d.getUTCFullYear() / k) * k);
      d.setUTCMonth(0, 1);
      d.setUTCHours(0, 0, 0, 0);
    },
    offset: (d, step) => d.setUTCFullYear(d.getUTCFullYear() + step * k),
  };
}

function every(interval: Interval, step: number): Interval {
  if (!(step > 1)) return interval;
  const field = interval.field!;
  const test = (d: Date) => field(d) % step === 0;
  return {
    floor: (d) => {
      if (+d >= +d) while ((interval.floor(d), !test(d))) d.setTime(+d - 1);
    },
    offset: (d, n) => {
      if (+d >= +d) while (--n >= 0) while ((interval.offset(d, 1), !test(d)));
    },
  };
}

function range(interval: Interval, start: Date, stop: number): Date[] {
  const out: Date[] = [];
  const at = new Date(+start - 1);
  interval.floor(at);
  interval.offset(at, 1);
  interval.floor(at);
  if (!(+at < stop)) return out;
  let previous: Date;
  do {
    out.push((previous = new Date(+at)));
    interval.offset(at, 1);
    interval.floor(at);
  } while (previous < at && +at < stop);
  return out;
}

const TICK_INTERVALS: [Interval, number, number][] = [
  [utcHour, 1, HOUR],
  [utcHour, 3, 3 * HOUR],
  [utcHour, 6, 6 * HOUR],
  [utcHour, 12, 12 * HOUR],
  [unixDay, 1, DAY],
  [unixDay, 2, 2 * DAY],
  [utcSunday, 1, WEEK],
  [utcMonth, 1, MONTH],
  [utcMonth, 3, 3 * MONTH],
  [utcYears(1), 1, YEAR],
];

/** d3-time `utcTicks` for spans of a few hours and more (calendar dates). */
export function utcTicks(start: Date, stop: Date, count: number): Date[] {
  const reverse = stop < start;
  if (reverse) [start, stop] = [stop, start];
  const target = Math.abs(+stop - +start) / count;
  let i = TICK_INTERVALS.findIndex(([, , step]) => step > target);
  if (i === -1) i = TICK_INTERVALS.length;
  let interval: Interval;
  if (i === TICK_INTERVALS.length) interval = utcYears(Math.floor(tickStep(+start / YEAR, +stop / YEAR, count)));
  else if (i === 0) interval = TICK_INTERVALS[0]![0];
  else {
    const [t, step] = TICK_INTERVALS[target / TICK_INTERVALS[i - 1]![2] < TICK_INTERVALS[i]![2] / target ? i - 1 : i]!;
    interval = every(t, step);
  }
  const out = range(interval, start, +stop + 1);
  return reverse ? out.reverse() : out;
}

/** d3-scale `scaleUtc().domain(domain).range(range)`: the mapping and its ticks. */
export function scaleUtc(domain: [Date, Date], range: [number, number]) {
  const map = bimap([+domain[0], +domain[1]], range);
  return { map: (date: Date) => map(+date), ticks: (count = 10) => utcTicks(domain[0], domain[1], count) };
}

/**
 * d3-shape `line().defined(defined).curve(curveMonotoneX)` over points already
 * in pixels, written as d3-path writes it. null when nothing is drawn.
 */
export function monotoneLine(points: { x: number; y: number; defined: boolean }[]): string | null {
  let out = "";
  let x0 = NaN;
  let y0 = NaN;
  let x1 = NaN;
  let y1 = NaN;
  let t0 = NaN;
  let state = 0;
  let line = NaN; // d3's _line: undefined for a line, so the first segment opens with a move.
  // d3-shape writes its paths to three decimals.
  const r = (v: number) => Math.round(v * 1000) / 1000;
  const curve = (ta: number, tb: number) => {
    const dx = (x1 - x0) / 3;
    out += `C${r(x0 + dx)},${r(y0 + dx * ta)},${r(x1 - dx)},${r(y1 - dx * tb)},${r(x1)},${r(y1)}`;
  };
  const sign = (v: number) => (v < 0 ? -1 : 1);
  const slope3 = (x2: number, y2: number) => {
    const h0 = x1 - x0;
    const h1 = x2 - x1;
    const s0 = (y1 - y0) / (h0 || (h1 < 0 ? -0 : 0));
    const s1 = (y2 - y1) / (h1 || (h0 < 0 ? -0 : 0));
    const p = (s0 * h1 + s1 * h0) / (h0 + h1);
    return (sign(s0) + sign(s1)) * Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(p)) || 0;
  };
  const slope2 = (t: number) => {
    const h = x1 - x0;
    return h ? ((3 * (y1 - y0)) / h - t) / 2 : t;
  };
  const lineStart = () => {
    x0 = x1 = y0 = y1 = t0 = NaN;
    state = 0;
  };
  const lineEnd = () => {
    if (state === 2) out += `L${r(x1)},${r(y1)}`;
    else if (state === 3) curve(t0, slope2(t0));
    if (line || (line !== 0 && state === 1)) out += "Z";
    line = 1 - line;
  };
  const point = (x: number, y: number) => {
    let t1 = NaN;
    if (x === x1 && y === y1) return;
    if (state === 0) {
      state = 1;
      out += line ? `L${r(x)},${r(y)}` : `M${r(x)},${r(y)}`;
    } else if (state === 1) state = 2;
    else if (state === 2) {
      state = 3;
      t1 = slope3(x, y);
      curve(slope2(t1), t1);
    } else {
      t1 = slope3(x, y);
      curve(t0, t1);
    }
    x0 = x1;
    x1 = x;
    y0 = y1;
    y1 = y;
    t0 = t1;
  };
  let defined0 = false;
  for (let i = 0, n = points.length; i <= n; ++i) {
    const p = points[i];
    const defined = i < n && p!.defined;
    if (defined !== defined0) {
      if ((defined0 = defined)) lineStart();
      else lineEnd();
    }
    if (defined0) point(p!.x, p!.y);
  }
  return out.length ? out : null;
}
