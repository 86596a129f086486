// The vendor's clock, wall-clock times (what a person reads on a clock in a
// time zone) and instants, converted with Intl alone: no date library. A wall
// time is written the way a datetime-local input sends it: 'YYYY-MM-DDTHH:mm'
// (seconds optional).

/** The vendor's time zone: calendar days (due dates, "today", months) are days there. */
export const TIME_ZONE = "Europe/Helsinki";

const isoDateFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: TIME_ZONE });

/** The calendar date ('YYYY-MM-DD') of an instant in the vendor's time zone. */
export function calendarDate(instant: Date = new Date()): string {
  return isoDateFormat.format(instant);
}

/** Milliseconds in a day of 24 hours. */
export const DAY_MS = 86_400_000;

/** The instant `days` days of 24 hours before `instant`. */
export function daysBefore(instant: Date, days: number): Date {
  return new Date(instant.getTime() - days * DAY_MS);
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatterCache.set(zone, f);
  }
  return f;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(instant: Date, zone: string): WallParts {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (Helsinki in summer: +3 h). */
export function zoneOffsetMs(instant: Date, zone: string): number {
  const p = wallParts(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** Whether a string is a well-formed wall time naming a real calendar day and clock time. */
export function isWallTime(value: string): boolean {
  return parseWall(value) !== null;
}

function parseWall(value: string): number | null {
  const m = WALL_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March: refuse days the month does not have.
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms;
}

/**
 * The instant a wall time names in a zone. Around daylight-saving changes it
 * does what clocks and Temporal's "compatible" rule do: a time that happens twice
 * (autumn) is the earlier one; a time that never happens (spring, in the skipped
 * hour) moves forward by the gap, so 03:30 on the spring-forward night in
 * Helsinki is 04:30 summer time. Throws a RangeError on a malformed wall time.
 */
export function wallTimeToInstant(wallTime: string, zone: string): Date {
  const wall = parseWall(wallTime);
  if (wall === null) throw new RangeError(`Not a wall time: ${wallTime}`);
  // The offsets in force a day either side cover any single transition.
  const before = zoneOffsetMs(new Date(wall - DAY_MS), zone);
  const after = zoneOffsetMs(new Date(wall + DAY_MS), zone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => instant + zoneOffsetMs(new Date(instant), zone) === wall)
    .sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]!);
  // In the gap: read the wall time with the offset from before the change.
  return new Date(wall - before);
}

/** The first moment of calendar day `date` ('YYYY-MM-DD') in a zone, the vendor's unless told. */
export function startOfDay(date: string, zone: string = TIME_ZONE): Date {
  return wallTimeToInstant(`${date}T00:00`, zone);
}

/** The wall time ('YYYY-MM-DDTHH:mm') of an instant in a zone, as a datetime-local input wants it. */
export function instantToWallTime(instant: Date | string, zone: string): string {
  const p = wallParts(new Date(instant), zone);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
