import { describe, expect, it } from "vitest";
import { committeeGaps } from "#app/domain/coverage.ts";
import { buildOrgChart, reportsBelow, wouldCreateCycle, type OrgNode, type OrgPerson } from "#app/domain/org-chart.ts";

const p = (id: string, reports_to_id: string | null = null, left_on: string | null = null): OrgPerson => ({
  id,
  reports_to_id,
  left_on,
});

/** The forest as nested ids: "a(b(c),d)". */
function shape(nodes: OrgNode<OrgPerson>[]): string {
  return nodes.map((n) => (n.reports.length ? `${n.person.id}(${shape(n.reports)})` : n.person.id)).join(",");
}

describe("buildOrgChart", () => {
  it("nests people under their managers, keeping the input order for siblings and roots", () => {
    const chart = buildOrgChart([
      p("ceo"),
      p("cfo", "ceo"),
      p("cto", "ceo"),
      p("dev", "cto"),
      p("buyer", "cfo"),
      p("other"),
    ]);
    expect(shape(chart)).toBe("ceo(cfo(buyer),cto(dev)),other");
    expect(chart.every((n) => n.managerLeft === null && !n.loopBroken)).toBe(true);
  });

  it("gives nothing for nobody", () => {
    expect(buildOrgChart([])).toEqual([]);
  });

  it("makes roots of people whose manager left, remembering who left; hides leavers unless asked", () => {
    const people = [p("ceo"), p("cto", "ceo", "2026-03-01"), p("dev", "cto"), p("ops", "cto")];
    const chart = buildOrgChart(people);
    expect(shape(chart)).toBe("ceo,dev,ops");
    expect(chart.find((n) => n.person.id === "dev")!.managerLeft?.id).toBe("cto");
    expect(chart.find((n) => n.person.id === "ceo")!.managerLeft).toBeNull();

    // Shown, the leaver stays at their own place and has no reports: the gap stays visible.
    const withLeft = buildOrgChart(people, { includeLeft: true });
    expect(shape(withLeft)).toBe("ceo(cto),dev,ops");
    expect(withLeft[1]!.managerLeft?.id).toBe("cto");
  });

  it("makes roots of people whose manager is not in the list, without a 'left' note", () => {
    const chart = buildOrgChart([p("a", "ghost"), p("b", "a")]);
    expect(shape(chart)).toBe("a(b)");
    expect(chart[0]!.managerLeft).toBeNull();
  });

  it("breaks a reporting loop at the member that comes first, and charts everyone once", () => {
    // b → c → a → b is a loop; d hangs off it.
    const chart = buildOrgChart([p("x"), p("b", "c"), p("c", "a"), p("a", "b"), p("d", "a")]);
    expect(shape(chart)).toBe("x,b(a(c,d))");
    expect(chart[1]!.loopBroken).toBe(true);
    expect(chart[0]!.loopBroken).toBe(false);
    expect(chart[1]!.reports[0]!.loopBroken).toBe(false);
  });

  it("breaks a loop of two, and more than one loop", () => {
    const chart = buildOrgChart([p("a", "b"), p("b", "a"), p("c", "d"), p("d", "c"), p("e", "d")]);
    expect(shape(chart)).toBe("a(b),c(d(e))");
    expect(chart.map((n) => n.loopBroken)).toEqual([true, true]);
  });

  it("ignores a link to oneself", () => {
    const chart = buildOrgChart([p("a", "a"), p("b", "a")]);
    expect(shape(chart)).toBe("a(b)");
    expect(chart[0]!.loopBroken).toBe(false);
  });
});

describe("wouldCreateCycle", () => {
  const links = [p("ceo"), p("cto", "ceo"), p("dev", "cto"), p("intern", "dev")];

  it("refuses someone below the person, directly or further down, and the person themself", () => {
    expect(wouldCreateCycle(links, "cto", "dev")).toBe(true);
    expect(wouldCreateCycle(links, "cto", "intern")).toBe(true);
    expect(wouldCreateCycle(links, "ceo", "intern")).toBe(true);
    expect(wouldCreateCycle(links, "cto", "cto")).toBe(true);
  });

  it("allows anyone else, and no manager at all", () => {
    expect(wouldCreateCycle(links, "dev", "ceo")).toBe(false);
    expect(wouldCreateCycle(links, "intern", "cto")).toBe(false);
    expect(wouldCreateCycle([...links, p("new")], "new", "intern")).toBe(false);
    expect(wouldCreateCycle(links, "cto", null)).toBe(false);
  });

  it("stops on a loop already in the data that does not pass the person", () => {
    const looped = [p("a", "b"), p("b", "a"), p("me")];
    expect(wouldCreateCycle(looped, "me", "a")).toBe(false);
    expect(wouldCreateCycle(looped, "a", "b")).toBe(true);
  });

  it("lists everyone below a person", () => {
    expect([...reportsBelow(links, "cto")].sort()).toEqual(["dev", "intern"]);
    expect(reportsBelow(links, "intern").size).toBe(0);
  });
});

describe("committeeGaps", () => {
  const now = new Date("2026-11-22T12:00:00Z");
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const person = (id: string, committeeRole: string | null, contact: Date | null, leftOn: string | null = null) => ({
    id,
    name: id.toUpperCase(),
    committeeRole,
    active: leftOn === null,
    leftOn,
    lastTwoWayContact: contact,
  });

  it("names vacant and unengaged key roles, and the champion who left without a successor", () => {
    const gaps = committeeGaps(
      [
        person("dm", "decision_maker", daysAgo(10)),
        person("eb", "economic_buyer", daysAgo(120)),
        person("old-champ", "champion", daysAgo(5), "2026-10-01"),
        person("older-champ", "champion", null, "2025-01-01"),
      ],
      { now },
    );
    expect(gaps).toEqual([
      { role: "economic_buyer", kind: "unengaged", holders: [{ id: "eb", name: "EB" }], leftWithoutSuccessor: null },
      {
        role: "champion",
        kind: "vacant",
        holders: [],
        leftWithoutSuccessor: { id: "old-champ", name: "OLD-CHAMP", leftOn: "2026-10-01" },
      },
      { role: "user", kind: "vacant", holders: [], leftWithoutSuccessor: null },
    ]);
  });

  it("sees no gap left behind once someone active holds the role", () => {
    const gaps = committeeGaps(
      [person("gone", "decision_maker", null, "2026-01-01"), person("new", "decision_maker", null)],
      { now },
    );
    expect(gaps.find((g) => g.role === "decision_maker")).toEqual({
      role: "decision_maker",
      kind: "unengaged",
      holders: [{ id: "new", name: "NEW" }],
      leftWithoutSuccessor: null,
    });
  });
});
