// Notice the customer confirms. A re-plan "with notice" is first only the
// account manager's word. The customer sees it in the portal ("we told you on
// 3 Nov that this moves to 20 Nov — is that right?") and confirms it or says
// they were not told. Predictability (predictability.ts) counts the notice only
// when it stands. docs/scoring.md states these rules for readers outside the code.
//
// Decisions (each is tested in tests/unit/notice.test.ts):
// - Confirmed by the customer: the notice stands.
// - Contested ("we were not told"): the notice does not stand, and the re-plan
//   counts as made without notice (so, if the date the customer expected
//   passed, a surprise). A contest always wins: over an earlier or later
//   confirmation (by the same or another portal user of the account), and
//   however late it comes, also after the contest period — the customer's word
//   is the evidence of what they were told, and nobody at the vendor can take it back.
// - Not answered: the manager's word stands only if the customer could see the
//   notice and had `contestDays` days to contest it. Kohtaamo puts the notice
//   before the customer when it records the re-plan: a notice mail to every
//   live portal user of the account, whatever day the re-plan states
//   (expectation-changes.server.ts, the import). The re-plan keeps when that
//   first happened (`reachedAt`: a mail queued to a live portal user, or the
//   user's own choice to read such news only in the portal). The period counts
//   from the day it reached them, never earlier than the day Kohtaamo RECORDED
//   the re-plan, and never from the day the manager says the customer was
//   told: a re-plan typed in today with "told on" a month ago still waits
//   `contestDays` days. Until then it is 'awaiting' and does not count. So
//   nobody at the vendor can make an unanswered notice count early
//   (back-dating the re-plan or the notice, re-planning through the API or an
//   import), and a contest afterwards still undoes it.
// - Nobody could see it (no live portal user of the account when it was
//   recorded: the manager chose a holder without portal access, or ended the
//   access first): 'unreachable'. An unanswered notice then never stands, however
//   long ago it was recorded: only the customer's confirmation in the portal
//   makes it count (a portal user invited later sees it there and may answer).
//   So the manager cannot make a late delivery look announced by telling
//   nobody.
// - Re-plans recorded before Kohtaamo kept whether a notice reached anyone
//   (migration 20261214_0900_notice_reach: `reachedAt` "unknown") are judged as
//   before: from the day they were recorded (docs/scoring.md says which).
// - A re-plan the manager recorded without notice has no notice to confirm ('none').
import { addDays, dateOf } from "./dates.ts";

export const NOTICE_ANSWERS = ["confirmed", "contested"] as const;
export type NoticeAnswer = (typeof NOTICE_ANSWERS)[number];

export const NOTICE_STATES = ["none", "awaiting", "unreachable", "confirmed", "contested", "uncontested"] as const;
/**
 * - none: the manager did not say the customer was told.
 * - awaiting: the manager says so and the customer could see it; they have not answered and may still contest (does not count yet).
 * - unreachable: the manager says so, but no portal user of the account could see it; unanswered it never counts.
 * - confirmed: the customer confirmed it (counts).
 * - contested: the customer says they were not told (does not count).
 * - uncontested: the customer could see it and nobody answered within the contest period (counts).
 */
export type NoticeState = (typeof NOTICE_STATES)[number];

/** The default for ScoringSettings.noticeContestDays. */
export const DEFAULT_NOTICE_CONTEST_DAYS = 14;
/** The bounds an administrator may set. */
export const NOTICE_CONTEST_DAYS = { min: 1, max: 90 } as const;

export interface NoticeClaim {
  /** Whether the manager recorded that the customer was told. */
  customerNotified: boolean | null;
  /** The instant Kohtaamo recorded the re-plan. */
  recordedAt: Date | string;
  /**
   * When the notice first reached a live portal user of the account (a notice
   * mail queued to them); null when nobody could see it; "unknown" for a
   * re-plan recorded before Kohtaamo kept this (judged from `recordedAt`).
   */
  reachedAt: NoticeReach;
  /** The customer's answers, any order. */
  answers: readonly { answer: NoticeAnswer; at: Date | string }[];
}

/** When a notice reached the customer (see NoticeClaim.reachedAt). */
export type NoticeReach = Date | string | null | "unknown";

/** A re-plan row's reach as stored (expectation_changes.notice_reached_at, notice_reach_unknown). */
export function noticeReach(row: {
  notice_reached_at: Date | string | null;
  notice_reach_unknown: boolean | null;
}): NoticeReach {
  return row.notice_reach_unknown === true ? "unknown" : row.notice_reached_at;
}

export interface NoticeRule {
  /** The vendor's calendar date, 'YYYY-MM-DD'. */
  today: string;
  /** Days the customer has to contest before an unanswered notice stands. */
  contestDays: number;
  /** The zone `recordedAt` is read in; UTC unless told. */
  timeZone?: string;
}

export interface NoticeStanding {
  state: NoticeState;
  /** Whether predictability counts the customer as told. */
  counts: boolean;
  /**
   * The day an unanswered notice stands from (the day it reached the customer,
   * not before the recorded day, + contestDays); null without notice, and when
   * nobody could see it.
   */
  standsFrom: string | null;
}

/** The instant the contest period runs from: when the notice reached the customer, never before it was recorded; null when it reached nobody. */
function periodStart(claim: NoticeClaim): Date | string | null {
  if (claim.reachedAt === "unknown") return claim.recordedAt;
  if (claim.reachedAt === null) return null;
  return new Date(claim.reachedAt).getTime() > new Date(claim.recordedAt).getTime()
    ? claim.reachedAt
    : claim.recordedAt;
}

/** How a re-plan's notice stands on `rule.today` (see the decisions above). */
export function noticeStanding(claim: NoticeClaim, rule: NoticeRule): NoticeStanding {
  if (claim.customerNotified !== true) return { state: "none", counts: false, standsFrom: null };
  const start = periodStart(claim);
  const standsFrom =
    start === null ? null : addDays(dateOf(start, rule.timeZone ?? "UTC"), Math.max(0, rule.contestDays));
  if (claim.answers.some((a) => a.answer === "contested")) return { state: "contested", counts: false, standsFrom };
  if (claim.answers.some((a) => a.answer === "confirmed")) return { state: "confirmed", counts: true, standsFrom };
  if (standsFrom === null) return { state: "unreachable", counts: false, standsFrom };
  if (rule.today >= standsFrom) return { state: "uncontested", counts: true, standsFrom };
  return { state: "awaiting", counts: false, standsFrom };
}

/**
 * What a customer may still answer: a notice not yet contested. A confirmed one
 * may still be contested (a contest always wins); a contested one is settled.
 */
export function answerableNotice(state: NoticeState): NoticeAnswer[] {
  switch (state) {
    case "awaiting":
    case "unreachable":
    case "uncontested":
      return ["confirmed", "contested"];
    case "confirmed":
      return ["contested"];
    case "none":
    case "contested":
      return [];
  }
}
