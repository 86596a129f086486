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
// - Not answered: the manager's word stands once the customer has had
//   `contestDays` days to contest it, counted from the day Kohtaamo RECORDED
//   the re-plan (the first day the customer could see it), never from the day
//   the manager says the customer was told: a re-plan typed in today with
//   "told on" a month ago still waits `contestDays` days. Until then it is
//   'awaiting' and does not count. So nobody at the vendor can make an
//   unanswered notice count early (back-dating the re-plan or the notice,
//   re-planning through the API or an import), and a contest afterwards still
//   undoes it.
// - A re-plan the manager recorded without notice has no notice to confirm ('none').
import { addDays, dateOf } from "./dates.ts";

export const NOTICE_ANSWERS = ["confirmed", "contested"] as const;
export type NoticeAnswer = (typeof NOTICE_ANSWERS)[number];

export const NOTICE_STATES = ["none", "awaiting", "confirmed", "contested", "uncontested"] as const;
/**
 * - none: the manager did not say the customer was told.
 * - awaiting: the manager says so; the customer has not answered and may still contest (does not count yet).
 * - confirmed: the customer confirmed it (counts).
 * - contested: the customer says they were not told (does not count).
 * - uncontested: nobody answered within the contest period (counts).
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
  /** The customer's answers, any order. */
  answers: readonly { answer: NoticeAnswer; at: Date | string }[];
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
  /** The day an unanswered notice stands from (recorded day + contestDays); null without notice. */
  standsFrom: string | null;
}

/** How a re-plan's notice stands on `rule.today` (see the decisions above). */
export function noticeStanding(claim: NoticeClaim, rule: NoticeRule): NoticeStanding {
  if (claim.customerNotified !== true) return { state: "none", counts: false, standsFrom: null };
  const standsFrom = addDays(dateOf(claim.recordedAt, rule.timeZone ?? "UTC"), Math.max(0, rule.contestDays));
  if (claim.answers.some((a) => a.answer === "contested")) return { state: "contested", counts: false, standsFrom };
  if (claim.answers.some((a) => a.answer === "confirmed")) return { state: "confirmed", counts: true, standsFrom };
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
    case "uncontested":
      return ["confirmed", "contested"];
    case "confirmed":
      return ["contested"];
    case "none":
    case "contested":
      return [];
  }
}
