import { describe, expect, it } from "vitest";
import { instantToWallTime, isWallTime, wallTimeToInstant, zoneOffsetMs } from "#app/domain/time.ts";

const HEL = "Europe/Helsinki";
const iso = (wall: string, zone = HEL) => wallTimeToInstant(wall, zone).toISOString();

describe("wallTimeToInstant", () => {
  it("reads winter and summer times with their offsets (+2 h, +3 h)", () => {
    expect(iso("2026-01-15T09:30")).toBe("2026-01-15T07:30:00.000Z");
    expect(iso("2026-07-01T09:30")).toBe("2026-07-01T06:30:00.000Z");
    expect(iso("2026-07-01T09:30:45")).toBe("2026-07-01T06:30:45.000Z");
  });

  it("handles the hours right before and after spring forward (29 March 2026, 03:00 → 04:00)", () => {
    expect(iso("2026-03-29T02:59")).toBe("2026-03-29T00:59:00.000Z");
    expect(iso("2026-03-29T04:00")).toBe("2026-03-29T01:00:00.000Z");
  });

  it("moves a time in the skipped hour forward by the gap", () => {
    // 03:30 never shows on Helsinki clocks that night: it is read as 04:30 summer time.
    expect(iso("2026-03-29T03:30")).toBe("2026-03-29T01:30:00.000Z");
    expect(instantToWallTime(wallTimeToInstant("2026-03-29T03:30", HEL), HEL)).toBe("2026-03-29T04:30");
    expect(iso("2026-03-29T03:00")).toBe("2026-03-29T01:00:00.000Z");
  });

  it("takes the earlier of a time that happens twice at fall back (25 October 2026, 04:00 → 03:00)", () => {
    expect(iso("2026-10-25T03:30")).toBe("2026-10-25T00:30:00.000Z");
    expect(iso("2026-10-25T02:59")).toBe("2026-10-24T23:59:00.000Z");
    expect(iso("2026-10-25T04:00")).toBe("2026-10-25T02:00:00.000Z");
  });

  it("works in other zones, incl. the southern hemisphere and UTC", () => {
    expect(iso("2026-01-15T09:30", "UTC")).toBe("2026-01-15T09:30:00.000Z");
    expect(iso("2026-01-15T09:30", "America/New_York")).toBe("2026-01-15T14:30:00.000Z");
    // Sydney is on daylight time (+11) in January.
    expect(iso("2026-01-15T09:30", "Australia/Sydney")).toBe("2026-01-14T22:30:00.000Z");
    // Across midnight and a year boundary.
    expect(iso("2026-01-01T00:30")).toBe("2025-12-31T22:30:00.000Z");
  });

  it("refuses malformed and impossible wall times", () => {
    for (const bad of ["", "2026-02-30T10:00", "2026-13-01T10:00", "2026-01-01T24:00", "2026-01-01 10:00", "yesterday"]) {
      expect(isWallTime(bad)).toBe(false);
      expect(() => wallTimeToInstant(bad, HEL)).toThrow(RangeError);
    }
    expect(isWallTime("2028-02-29T23:59")).toBe(true);
  });
});

describe("instantToWallTime", () => {
  it("shows an instant as Helsinki clocks read it, across both DST changes", () => {
    expect(instantToWallTime(new Date("2026-03-29T00:59:00Z"), HEL)).toBe("2026-03-29T02:59");
    expect(instantToWallTime(new Date("2026-03-29T01:00:00Z"), HEL)).toBe("2026-03-29T04:00");
    expect(instantToWallTime(new Date("2026-10-25T00:30:00Z"), HEL)).toBe("2026-10-25T03:30");
    expect(instantToWallTime(new Date("2026-10-25T01:30:00Z"), HEL)).toBe("2026-10-25T03:30");
    expect(instantToWallTime("2025-12-31T22:00:00.000Z", HEL)).toBe("2026-01-01T00:00");
  });

  it("round-trips every half hour of a year in Helsinki (except the skipped spring hour)", () => {
    let mismatches = 0;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * 60 * 1000) {
      const wall = instantToWallTime(new Date(t), HEL);
      const back = wallTimeToInstant(wall, HEL).getTime();
      // The repeated autumn hour maps back to its first occurrence: one hour earlier.
      if (back !== t && !(wall.startsWith("2026-10-25T03:") && back === t - 3_600_000)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("gives the zone offset at an instant", () => {
    expect(zoneOffsetMs(new Date("2026-01-15T12:00:00Z"), HEL)).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(new Date("2026-07-15T12:00:00Z"), HEL)).toBe(3 * 3_600_000);
  });
});
