import { describe, expect, it } from "vitest";
import { committeeCoverage, isEngaged, type CoverageStakeholder } from "#app/domain/coverage.ts";

const now = new Date("2026-11-22T12:00:00Z");
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
const person = (
  id: string,
  committeeRole: string | null,
  lastTwoWayContact: Date | string | null,
  active = true,
): CoverageStakeholder => ({ id, committeeRole, lastTwoWayContact, active });

describe("committee coverage", () => {
  it("says 'no key roles mapped' without anyone in a key role: no ratio, not single-threaded", () => {
    expect(committeeCoverage([], { now })).toEqual({
      mapped: false,
      coveredRoles: [],
      missingRoles: ["decision_maker", "economic_buyer", "champion", "user"],
      ratio: null,
      engagedPeople: 0,
      engagedThroughPortal: 0,
      singleThreaded: false,
      engagedByRole: { decision_maker: [], economic_buyer: [], champion: [], user: [] },
    });
    // People we talk to, none of them in a key role (or the one who was has left): still unmapped.
    const r = committeeCoverage(
      [person("inf", "influencer", daysAgo(3)), person("dm", "decision_maker", daysAgo(3), false)],
      { now },
    );
    expect(r).toMatchObject({ mapped: false, ratio: null, singleThreaded: false, engagedPeople: 1 });
  });

  it("covers nothing when key roles are mapped but nobody is engaged, and that is single-threaded", () => {
    const r = committeeCoverage([person("dm", "decision_maker", null)], { now });
    expect(r).toMatchObject({ mapped: true, ratio: 0, engagedPeople: 0, singleThreaded: true });
  });

  it("counts a committee member's own portal activity as engagement", () => {
    const viaPortal = { ...person("dm", "decision_maker", daysAgo(200)), lastPortalActivity: daysAgo(4) };
    const r = committeeCoverage([viaPortal, person("ch", "champion", daysAgo(10))], { now });
    expect(r).toMatchObject({
      coveredRoles: ["decision_maker", "champion"],
      ratio: 0.5,
      engagedPeople: 2,
      engagedThroughPortal: 1,
      singleThreaded: false,
    });
    // Old portal activity, future-dated activity or a member who left do not count.
    expect(isEngaged({ ...viaPortal, lastPortalActivity: daysAgo(91) }, now)).toBe(false);
    expect(isEngaged({ ...viaPortal, lastPortalActivity: new Date(now.getTime() + DAY) }, now)).toBe(false);
    expect(isEngaged({ ...viaPortal, active: false }, now)).toBe(false);
  });

  it("covers every key role when each has an engaged holder", () => {
    const r = committeeCoverage(
      [
        person("dm", "decision_maker", daysAgo(5)),
        person("eb", "economic_buyer", daysAgo(30)),
        person("ch", "champion", daysAgo(1)),
        person("us", "user", daysAgo(89)),
      ],
      { now },
    );
    expect(r).toMatchObject({ ratio: 1, missingRoles: [], engagedPeople: 4, singleThreaded: false });
  });

  it("flags a single-threaded account: only the champion is engaged", () => {
    const r = committeeCoverage(
      [
        person("ch", "champion", daysAgo(10)),
        person("dm", "decision_maker", daysAgo(120)), // too long ago
        person("us", "user", daysAgo(3), false), // left
        person("eb", "economic_buyer", null), // never contacted
      ],
      { now },
    );
    // 1 of 4 key roles → 0.25.
    expect(r).toMatchObject({
      coveredRoles: ["champion"],
      missingRoles: ["decision_maker", "economic_buyer", "user"],
      ratio: 0.25,
      engagedPeople: 1,
      singleThreaded: true,
    });
  });

  it("counts engaged people in every role, key or not, once each", () => {
    const r = committeeCoverage(
      [
        person("ch1", "champion", daysAgo(10)),
        person("ch2", "champion", daysAgo(20)),
        person("inf", "influencer", daysAgo(10)),
        person("none", null, daysAgo(10)),
      ],
      { now },
    );
    // Only champion is a covered key role (1/4), but four distinct people are engaged.
    expect(r.ratio).toBe(0.25);
    expect(r.engagedByRole.champion).toEqual(["ch1", "ch2"]);
    expect(r.engagedPeople).toBe(4);
    expect(r.singleThreaded).toBe(false);
  });

  it("is engaged up to exactly 90 days, not a moment after, and not by a future contact", () => {
    expect(isEngaged(person("a", "user", daysAgo(90)), now)).toBe(true);
    expect(isEngaged(person("a", "user", new Date(daysAgo(90).getTime() - 1)), now)).toBe(false);
    expect(isEngaged(person("a", "user", new Date(now.getTime() + DAY)), now)).toBe(false);
    expect(isEngaged(person("a", "user", "2026-11-01T10:00:00Z"), now)).toBe(true);
    // A shorter engagement period can be asked for.
    expect(committeeCoverage([person("a", "user", daysAgo(40))], { now, engagedDays: 30 }).ratio).toBe(0);
  });
});
