import { describe, expect, it } from "vitest";
import { ALERT_FRESH_DAYS, detractorAlertDue, isFreshForAlert, keyPersonLeftAlertDue, keyPersonRole } from "#app/domain/kam-alerts.ts";

// The one rule of when a change alerts the KAM, on hand-worked examples. Today is 2026-12-06.

const today = "2026-12-06";

describe("fresh news", () => {
  it("today and up to 14 days back are fresh; 15 days back and tomorrow are not", () => {
    expect(ALERT_FRESH_DAYS).toBe(14);
    expect(isFreshForAlert("2026-12-06", today)).toBe(true);
    expect(isFreshForAlert("2026-11-22", today)).toBe(true); // 14 days
    expect(isFreshForAlert("2026-11-21", today)).toBe(false); // 15 days
    expect(isFreshForAlert("2026-12-07", today)).toBe(false);
  });
});

describe("a detractor's answer", () => {
  const after = (kind: "nps" | "csat", score: number, answeredOn = "2026-12-05") => ({ kind, score, answeredOn });

  it("a new NPS 0–6 or CSAT 1–2 alerts; NPS 7 and CSAT 3 do not", () => {
    expect(detractorAlertDue({ before: null, after: after("nps", 6), today })).toBe(true);
    expect(detractorAlertDue({ before: null, after: after("nps", 0), today })).toBe(true);
    expect(detractorAlertDue({ before: null, after: after("nps", 7), today })).toBe(false);
    expect(detractorAlertDue({ before: null, after: after("csat", 2), today })).toBe(true);
    expect(detractorAlertDue({ before: null, after: after("csat", 3), today })).toBe(false);
  });

  it("an answer already a detractor's (the same again, 3 corrected to 2) does not alert again; 9 corrected to 5 does", () => {
    expect(detractorAlertDue({ before: { kind: "nps", score: 3 }, after: after("nps", 3), today })).toBe(false);
    expect(detractorAlertDue({ before: { kind: "nps", score: 3 }, after: after("nps", 2), today })).toBe(false);
    expect(detractorAlertDue({ before: { kind: "nps", score: 9 }, after: after("nps", 5), today })).toBe(true);
    // CSAT 3 is not a detractor's, so a CSAT 3 re-filed as NPS 3 is news.
    expect(detractorAlertDue({ before: { kind: "csat", score: 3 }, after: after("nps", 3), today })).toBe(true);
  });

  it("an answer from history (over 14 days ago) does not alert", () => {
    expect(detractorAlertDue({ before: null, after: after("nps", 1, "2026-11-21"), today })).toBe(false);
    expect(detractorAlertDue({ before: null, after: after("nps", 1, "2025-06-01"), today })).toBe(false);
  });
});

describe("a key person leaving", () => {
  const base = { before: { leftOn: null }, after: { leftOn: "2026-12-04", role: "champion" }, channel: "api" as const, byKam: false, today };

  it("a decision maker or champion newly left lately alerts; other roles and no role do not", () => {
    expect(keyPersonLeftAlertDue(base)).toBe(true);
    expect(keyPersonLeftAlertDue({ ...base, after: { ...base.after, role: "decision_maker" } })).toBe(true);
    expect(keyPersonLeftAlertDue({ ...base, after: { ...base.after, role: "economic_buyer" } })).toBe(false);
    expect(keyPersonLeftAlertDue({ ...base, after: { ...base.after, role: null } })).toBe(false);
    expect(keyPersonRole("champion")).toBe("champion");
    expect(keyPersonRole("user")).toBeNull();
  });

  it("inserted already gone counts as news; one who had left before, or left long ago, does not", () => {
    expect(keyPersonLeftAlertDue({ ...base, before: null })).toBe(true);
    expect(keyPersonLeftAlertDue({ ...base, before: { leftOn: "2026-12-01" } })).toBe(false);
    expect(keyPersonLeftAlertDue({ ...base, after: { ...base.after, leftOn: "2026-10-01" } })).toBe(false);
    expect(keyPersonLeftAlertDue({ ...base, after: { ...base.after, leftOn: null } })).toBe(false);
  });

  it("the KAM's own form does not alert them; their API token or import does, as does anyone else's form", () => {
    expect(keyPersonLeftAlertDue({ ...base, channel: "form", byKam: true })).toBe(false);
    expect(keyPersonLeftAlertDue({ ...base, channel: "form", byKam: false })).toBe(true);
    expect(keyPersonLeftAlertDue({ ...base, channel: "api", byKam: true })).toBe(true);
    expect(keyPersonLeftAlertDue({ ...base, channel: "import", byKam: true })).toBe(true);
  });
});
