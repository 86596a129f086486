import { describe, expect, it } from "vitest";
import {
  caseFactsBreaches,
  caseResolutionBreaches,
  lastRecordedOpen,
  openRecordedAtAfter,
  type StoredCase,
} from "#app/domain/support-case-rules.ts";

// A case opened on 1 Dec 2026 at 09:00 Helsinki time (07:00Z) with an 8-hour
// SLA: due 17:00 (15:00Z). The KAM saved it, still open, on 2 Dec at 10:15:40
// (08:15:40Z), after its SLA had passed. Resolving it at 16:00 on 1 Dec would
// put it inside its SLA in the review pack; the record says it was open then.

const at = (iso: string) => new Date(iso);
const savedOpen = at("2026-12-02T08:15:40Z");
const open: StoredCase = { status: "open", resolvedAt: null, openRecordedAt: null, savedAt: savedOpen };
const BREACH = { field: "case_resolved_at", key: "touchpointForm.resolvedWhileRecordedOpen", params: { time: "2026-12-02T08:15:40.000Z" } };

describe("support case: not resolved at a time it was on record as open", () => {
  it("refuses resolving an open case before its last save, inside the SLA or not", () => {
    expect(caseResolutionBreaches(open, { status: "resolved", resolvedAt: at("2026-12-01T14:00:00Z") })).toEqual([BREACH]);
    expect(caseResolutionBreaches(open, { status: "closed", resolvedAt: at("2026-12-02T07:00:00Z") })).toEqual([BREACH]);
  });

  it("takes the save's minute, as the forms show times: 10:15 is not before 10:15:40", () => {
    expect(caseResolutionBreaches(open, { status: "resolved", resolvedAt: at("2026-12-02T08:15:00Z") })).toEqual([]);
    expect(caseResolutionBreaches(open, { status: "resolved", resolvedAt: at("2026-12-02T08:14:59Z") })).toEqual([BREACH]);
    expect(caseResolutionBreaches(open, { status: "resolved", resolvedAt: at("2026-12-02T09:00:00Z") })).toEqual([]);
  });

  it("judges a waiting case alike, and nothing that leaves the case open or waiting", () => {
    const waiting = { ...open, status: "waiting" };
    expect(caseResolutionBreaches(waiting, { status: "resolved", resolvedAt: at("2026-12-01T14:00:00Z") })).toEqual([BREACH]);
    expect(caseResolutionBreaches(open, { status: "waiting", resolvedAt: null })).toEqual([]);
    expect(caseResolutionBreaches(open, { status: "open", resolvedAt: undefined })).toEqual([]);
  });

  it("bounds a resolved case by the last save that left it open, kept when it was resolved", () => {
    // Resolved on 2 Dec at 11:00 Helsinki (09:00Z) by the save after the one at 10:15:40.
    const resolved: StoredCase = { status: "resolved", resolvedAt: at("2026-12-02T09:00:00Z"), openRecordedAt: savedOpen, savedAt: at("2026-12-02T09:05:00Z") };
    expect(lastRecordedOpen(resolved)).toEqual(savedOpen);
    // Its time moved back into the SLA afterwards: refused. Corrected to 10:30: fine.
    expect(caseResolutionBreaches(resolved, { status: "resolved", resolvedAt: at("2026-12-01T14:00:00Z") })).toEqual([BREACH]);
    expect(caseResolutionBreaches(resolved, { status: "resolved", resolvedAt: at("2026-12-02T08:30:00Z") })).toEqual([]);
    // The stored time repeated (a file imported again, a form saved unchanged) is no change.
    expect(caseResolutionBreaches({ ...resolved, openRecordedAt: at("2026-12-03T00:00:00Z") }, { status: "closed", resolvedAt: at("2026-12-02T09:00:00Z") })).toEqual([]);
  });

  it("does not bound a case never on record as open: new, or brought in already resolved", () => {
    expect(caseResolutionBreaches(null, { status: "resolved", resolvedAt: at("2026-12-01T07:30:00Z") })).toEqual([]);
    const broughtIn: StoredCase = { status: "resolved", resolvedAt: at("2026-12-01T10:00:00Z"), openRecordedAt: null, savedAt: savedOpen };
    expect(lastRecordedOpen(broughtIn)).toBeNull();
    expect(caseResolutionBreaches(broughtIn, { status: "resolved", resolvedAt: at("2026-12-01T08:00:00Z") })).toEqual([]);
  });

  it("keeps, when a case is resolved, the last time it was saved open; otherwise what was stored", () => {
    expect(openRecordedAtAfter(open, "resolved")).toEqual(savedOpen);
    expect(openRecordedAtAfter(open, "closed")).toEqual(savedOpen);
    expect(openRecordedAtAfter(open, "waiting")).toBeNull();
    const reopened: StoredCase = { ...open, openRecordedAt: at("2026-11-30T10:00:00Z") };
    expect(openRecordedAtAfter(reopened, "open")).toEqual(at("2026-11-30T10:00:00Z"));
    const resolved: StoredCase = { status: "resolved", resolvedAt: at("2026-12-02T09:00:00Z"), openRecordedAt: savedOpen, savedAt: at("2026-12-05T12:00:00Z") };
    // A later save of the resolved case (its title edited) is no record of it open.
    expect(openRecordedAtAfter(resolved, "closed")).toEqual(savedOpen);
    expect(openRecordedAtAfter(null, "resolved")).toBeNull();
  });
});

// A critical case opened on 6 Dec 2026 at 12:00 Helsinki (10:00Z) with a
// 4-hour SLA, due 16:00 (14:00Z). Judged on 8 Dec at 12:00 (10:00Z), two days
// past its SLA: 720 hours and severity "low" would take it out of the signal.
describe("support case: SLA facts once judged by them", () => {
  const opened = at("2026-12-06T10:00:00Z");
  const due = at("2026-12-06T14:00:00Z");
  const stored = { status: "open", severity: "critical", openedAt: opened, slaDueAt: due };
  const now = at("2026-12-08T10:00:00Z");
  const hours = (h: number, from = opened) => new Date(from.getTime() + h * 3_600_000);
  const SLA = { field: "case_sla_hours", key: "touchpointForm.caseSlaNotLater", params: { time: "2026-12-06T14:00:00.000Z" } };
  const SEVERITY = { field: "case_severity", key: "touchpointForm.caseSeverityNotLowered" };
  const OPENED = { field: "case_opened_at", key: "touchpointForm.caseOpenedNotLater", params: { time: "2026-12-06T10:00:00.000Z" } };

  it("refuses moving the SLA time later or lowering the severity once the SLA has passed", () => {
    expect(caseFactsBreaches(stored, { severity: "low", openedAt: opened, slaDueAt: hours(720) }, now)).toEqual([SLA, SEVERITY]);
    expect(caseFactsBreaches(stored, { severity: "high", openedAt: opened, slaDueAt: due }, now)).toEqual([SEVERITY]);
    // Opened a day later with the same 4 hours: the SLA time moves too.
    expect(caseFactsBreaches(stored, { severity: "critical", openedAt: hours(24), slaDueAt: hours(28) }, now)).toEqual([OPENED, SLA]);
  });

  it("lets a judged case's times move earlier and its severity rise, and leaves an unwritten severity alone", () => {
    const normal = { ...stored, severity: "normal" };
    expect(caseFactsBreaches(normal, { severity: "critical", openedAt: hours(-1), slaDueAt: hours(2) }, now)).toEqual([]);
    expect(caseFactsBreaches(normal, { severity: "normal", openedAt: opened, slaDueAt: due }, now)).toEqual([]);
    expect(caseFactsBreaches(stored, { openedAt: opened, slaDueAt: due }, now)).toEqual([]);
  });

  it("leaves them free before the SLA time passes, and judges a resolved or closed case at once", () => {
    const before = at("2026-12-06T13:59:59Z");
    expect(caseFactsBreaches(stored, { severity: "low", openedAt: hours(1), slaDueAt: hours(720) }, before)).toEqual([]);
    // At its SLA time exactly it is not yet past.
    expect(caseFactsBreaches(stored, { severity: "low", openedAt: opened, slaDueAt: due }, due)).toEqual([]);
    const resolved = { ...stored, status: "resolved" };
    expect(caseFactsBreaches(resolved, { severity: "low", openedAt: opened, slaDueAt: due }, before)).toEqual([SEVERITY]);
    expect(caseFactsBreaches({ ...stored, status: "closed" }, { severity: "critical", openedAt: opened, slaDueAt: hours(8) }, before)).toEqual([SLA]);
    expect(caseFactsBreaches(null, { severity: "low", openedAt: opened, slaDueAt: hours(720) }, now)).toEqual([]);
  });
});
