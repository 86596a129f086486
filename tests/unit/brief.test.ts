import { describe, expect, it } from "vitest";
import { daysSinceDecisionMakerContact, lastContactByKeyRole, meetingToBrief, sentimentTrend } from "#app/domain/brief.ts";
import { daysBetween, diffDays } from "#app/domain/dates.ts";

const now = new Date("2026-11-22T12:00:00Z");
const member = (id: string, role: string | null, contact: string | null, left_on: string | null = null) => ({
  id,
  name: id.toUpperCase(),
  committee_role: role,
  left_on,
  last_two_way_contact: contact,
});

describe("last contact by key role", () => {
  it("takes the active holder with the latest two-way contact, and marks empty roles", () => {
    const result = lastContactByKeyRole([
      member("a", "decision_maker", "2026-10-01T10:00:00Z"),
      member("b", "decision_maker", "2026-11-01T10:00:00Z"),
      member("c", "champion", "2026-11-20T10:00:00Z", "2026-11-21"),
      member("d", "user", null),
    ]);
    expect(result).toEqual([
      { role: "decision_maker", person: { id: "b", name: "B" }, lastContact: new Date("2026-11-01T10:00:00Z") },
      { role: "economic_buyer", person: null, lastContact: null },
      // The champion left: the role is empty, whatever their last contact was.
      { role: "champion", person: null, lastContact: null },
      { role: "user", person: { id: "d", name: "D" }, lastContact: null },
    ]);
  });

  it("counts days since decision-maker contact, or null when there never was any", () => {
    expect(daysSinceDecisionMakerContact([member("a", "decision_maker", "2026-10-23T12:00:00Z")], now)).toBe(30);
    expect(daysSinceDecisionMakerContact([member("a", "decision_maker", null)], now)).toBeNull();
    expect(daysSinceDecisionMakerContact([], now)).toBeNull();
  });
});

describe("sentiment trend", () => {
  it("calls too few ratings unknown", () => {
    expect(sentimentTrend([])).toEqual({ direction: "unknown", recent: null, earlier: null, sample: 0 });
    expect(sentimentTrend([1, -1, 2])).toEqual({ direction: "unknown", recent: 2 / 3, earlier: null, sample: 3 });
  });

  it("compares the newer half with the older half", () => {
    // Newest first: recent half [-1, -2, -1] mean -1.33; earlier half [1, 1, 2] mean 1.33.
    expect(sentimentTrend([-1, -2, -1, 1, 1, 2])).toEqual({ direction: "down", recent: -1.3, earlier: 1.3, sample: 6 });
    expect(sentimentTrend([2, 1, 0, 0])).toEqual({ direction: "up", recent: 1.5, earlier: 0, sample: 4 });
    expect(sentimentTrend([1, 0, 0, 1]).direction).toBe("flat");
    expect(sentimentTrend([1, 0, 1, 1]).direction).toBe("down");
  });

  it("looks only at the window of the latest ratings", () => {
    const old = Array(20).fill(-2);
    expect(sentimentTrend([1, 1, 1, 1, ...old], 4).direction).toBe("flat");
  });
});

describe("day arithmetic", () => {
  it("counts whole days between instants and between calendar dates", () => {
    expect(daysBetween(new Date("2026-11-01T12:00:00Z"), now)).toBe(21);
    expect(daysBetween(new Date("2026-11-22T13:00:00Z"), now)).toBe(-1);
    expect(diffDays("2026-11-22", "2027-01-01")).toBe(40);
    expect(diffDays("2026-11-22", "2026-11-20")).toBe(-2);
    // Across the spring DST change in Finland a calendar day is still one day.
    expect(diffDays("2026-03-28", "2026-03-30")).toBe(2);
  });
});

describe("the meeting the brief prepares for", () => {
  // The vendor's zone is Europe/Helsinki (UTC+2 in November): 2026-11-22 starts at 2026-11-21T22:00Z.
  const plan = (id: string, at: string, state = "planned", people: string[] = ["a"]) => ({
    id,
    planned_for: at,
    state,
    stakeholder_ids: people,
  });

  it("takes the soonest plan still planned from today on", () => {
    const plans = [
      plan("later", "2026-12-01T08:00:00Z"),
      plan("soon", "2026-11-25T08:00:00Z"),
      plan("done", "2026-11-23T08:00:00Z", "logged"),
    ];
    expect(meetingToBrief(plans, now)?.id).toBe("soon");
  });

  it("keeps a meeting earlier today not yet recorded, and drops one from an earlier day", () => {
    expect(meetingToBrief([plan("today", "2026-11-22T07:00:00Z"), plan("next", "2026-11-30T08:00:00Z")], now)?.id).toBe(
      "today",
    );
    expect(meetingToBrief([plan("yesterday", "2026-11-21T12:00:00Z")], now)).toBeNull();
  });

  it("breaks a tie in time by id, and has nothing when nothing is planned", () => {
    expect(meetingToBrief([plan("b", "2026-11-25T08:00:00Z"), plan("a", "2026-11-25T08:00:00Z")], now)?.id).toBe("a");
    expect(meetingToBrief([], now)).toBeNull();
    expect(meetingToBrief([plan("x", "2026-11-25T08:00:00Z", "cancelled")], now)).toBeNull();
  });
});
