// A support case's resolution time, by one rule for every path that writes it:
// the touchpoint forms (app/models/touchpoint-changes.server.ts), the JSON API
// and the CSV import (app/models/import/touchpoints.server.ts). The review
// pack counts a case "past SLA" when it was resolved after its SLA time, so a
// resolution dated back inside the SLA would improve that figure.
//
// The rule (tested in tests/unit/support-case-rules.test.ts): a case is not
// resolved at a time at which it was already on record as open. Its record
// says it was open when a save left it open or waiting: the touchpoint's last
// save (touchpoints.updated_at) while the case is stored open or waiting; once
// it is resolved or closed, the last such save before the write that resolved
// it, kept on the case (touchpoint_support_cases.open_recorded_at, set by
// that write: openRecordedAtAfter). So a resolution time is not before that
// instant's minute (forms show times to the minute). Unknown (a case brought
// in already resolved, or resolved before the column existed and not saved
// open on the forms since): no bound beyond its opening.
//
// A write that repeats a resolved case's stored time changes nothing and is
// not judged again (a file imported again, a form saved unchanged).
//
// Its SLA facts (caseFactsBreaches, the same paths): once a case's SLA time
// has passed, or it is resolved or closed, the case has been judged by them
// (health's support burden and the support_past_sla signal count open cases
// past their SLA time, High for high and critical ones; the review pack counts
// cases past it). From then on its opened time and its SLA time may be moved
// earlier but not later, and its severity raised but not lowered (as an
// expectation's importance once it came due). Before the SLA time passes,
// while the case is open or waiting, they change freely.

export const CLOSED_CASE_STATUSES = ["resolved", "closed"] as const;

export const isClosedCase = (status: string) => (CLOSED_CASE_STATUSES as readonly string[]).includes(status);

export interface CaseBreach {
  field: "case_resolved_at";
  key: "touchpointForm.resolvedWhileRecordedOpen";
  /** `time`: the instant it was last on record as open, ISO 8601. */
  params: { time: string };
}

/** A breach of a case's SLA facts, at the field the form shows it. */
export interface CaseFactsBreach {
  field: "case_opened_at" | "case_sla_hours" | "case_severity";
  key: "touchpointForm.caseOpenedNotLater" | "touchpointForm.caseSlaNotLater" | "touchpointForm.caseSeverityNotLowered";
  /** `time`: the stored instant it may not move past, ISO 8601 (none for severity). */
  params?: { time: string };
}

/** A support case as stored, with what its record says of when it was open. */
export interface StoredCase {
  status: string;
  resolvedAt: Date | null;
  /** When it was last saved open before it was resolved (open_recorded_at); null when unknown. */
  openRecordedAt: Date | null;
  /** The touchpoint's last save (touchpoints.updated_at). */
  savedAt: Date;
}

/** The latest instant the case's record shows it open; null when none is known (or no case is stored). */
export function lastRecordedOpen(stored: StoredCase | null): Date | null {
  if (!stored) return null;
  return isClosedCase(stored.status) ? stored.openRecordedAt : stored.savedAt;
}

const MINUTE = 60_000;

/**
 * Whether a write that leaves the case `next` resolves it at a time its record
 * says it was still open (before the minute of lastRecordedOpen).
 */
export function caseResolutionBreaches(
  stored: StoredCase | null,
  next: { status: string; resolvedAt: Date | null | undefined },
): CaseBreach[] {
  if (!isClosedCase(next.status) || !next.resolvedAt) return [];
  const unchanged = stored && isClosedCase(stored.status) && stored.resolvedAt?.getTime() === next.resolvedAt.getTime();
  if (unchanged) return [];
  const open = lastRecordedOpen(stored);
  if (!open || next.resolvedAt.getTime() >= Math.floor(open.getTime() / MINUTE) * MINUTE) return [];
  return [
    {
      field: "case_resolved_at",
      key: "touchpointForm.resolvedWhileRecordedOpen",
      params: { time: open.toISOString() },
    },
  ];
}

/**
 * The open_recorded_at a write stores: resolving or closing a case keeps the
 * last time its record showed it open; leaving it open or waiting keeps what
 * was stored (its last save says the rest). A new case has none.
 */
export function openRecordedAtAfter(stored: StoredCase | null, nextStatus: string): Date | null {
  if (!stored) return null;
  return isClosedCase(nextStatus) ? lastRecordedOpen(stored) : stored.openRecordedAt;
}

/** Severities from least to most severe (SEVERITIES in vocabulary.ts). */
const SEVERITY_ORDER = ["low", "normal", "high", "critical"];

/** The SLA facts of a case as stored, or as a write leaves them. */
export interface CaseSlaFacts {
  severity: string;
  openedAt: Date;
  slaDueAt: Date;
}

/** Whether the case has been judged by its SLA: resolved or closed, or its SLA time is before `now`. */
export function slaJudged(stored: CaseSlaFacts & { status: string }, now: Date): boolean {
  return isClosedCase(stored.status) || stored.slaDueAt.getTime() < now.getTime();
}

/**
 * Whether a write that leaves the case with `next` moves a judged case's
 * opened or SLA time later, or lowers its severity. `stored` null: a new case,
 * judged by nothing yet. `next.severity` undefined: the write leaves it.
 */
export function caseFactsBreaches(
  stored: (CaseSlaFacts & { status: string }) | null,
  next: { severity?: string | undefined; openedAt: Date; slaDueAt: Date },
  now: Date,
): CaseFactsBreach[] {
  if (!stored || !slaJudged(stored, now)) return [];
  const out: CaseFactsBreach[] = [];
  if (next.openedAt.getTime() > stored.openedAt.getTime()) {
    out.push({
      field: "case_opened_at",
      key: "touchpointForm.caseOpenedNotLater",
      params: { time: stored.openedAt.toISOString() },
    });
  }
  if (next.slaDueAt.getTime() > stored.slaDueAt.getTime()) {
    out.push({
      field: "case_sla_hours",
      key: "touchpointForm.caseSlaNotLater",
      params: { time: stored.slaDueAt.toISOString() },
    });
  }
  if (next.severity !== undefined && SEVERITY_ORDER.indexOf(next.severity) < SEVERITY_ORDER.indexOf(stored.severity)) {
    out.push({ field: "case_severity", key: "touchpointForm.caseSeverityNotLowered" });
  }
  return out;
}
