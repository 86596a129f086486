import { describe, expect, it } from "vitest";
import {
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
