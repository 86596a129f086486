// The shapes predictability reads and returns (the rules are in ../predictability.ts).
import { addMonths, type DateWindow } from "../dates.ts";
import type { NoticeState } from "../notice.ts";
import type { CUSTOMER_RESPONSES, DeliveryOutcome, EXPECTATION_STATUSES } from "../vocabulary.ts";

export type Importance = 1 | 2 | 3;
export type ExpectationStatus = (typeof EXPECTATION_STATUSES)[number];
export type CustomerResponse = (typeof CUSTOMER_RESPONSES)[number];

export interface ReplanForScoring {
  fromDueDate: string;
  toDueDate: string;
  /** When the re-plan was made. */
  at: Date | string;
  /** Whether the customer was told; null (not recorded) counts as not told. */
  customerNotified: boolean | null;
  /** The day the re-plan was made, 'YYYY-MM-DD'; the day of `at` when not given. */
  replannedOn?: string | null;
  /** The day the customer was told, 'YYYY-MM-DD'; when not given, the day of `at` if they were told. */
  notifiedOn?: string | null;
  /**
   * For explanation only (scoring.ts, replanForScoring): whether the account
   * manager said the customer was told, and how that notice stands (notice.ts).
   * `customerNotified` above is already what counts.
   */
  claimedNotice?: boolean;
  /** The day the account manager says the customer was told. */
  claimedNoticeOn?: string | null;
  noticeState?: NoticeState;
  /** The day an unanswered notice stands from (notice.ts). */
  noticeStandsFrom?: string | null;
  /** The day the customer first contested the notice. */
  contestedOn?: string | null;
}

export interface ExpectationForScoring {
  id: string;
  importance: Importance;
  /** 'YYYY-MM-DD' */
  originalDueDate: string;
  /** The current due date, 'YYYY-MM-DD'. */
  dueDate: string;
  status: ExpectationStatus;
  outcome: DeliveryOutcome | null;
  deliveredOn: string | null;
  customerResponse: CustomerResponse | null;
  replans: ReplanForScoring[];
  /**
   * A withdrawal's stated day, 'YYYY-MM-DD': the day the account manager says
   * it was agreed (its delivered_on), when given. Shown as given; it never
   * makes the withdrawal count earlier than it was recorded (withdrawalCountsOn).
   */
  withdrawnOn?: string | null;
  /**
   * The vendor's calendar date of the instant the withdrawal was recorded in
   * Kohtaamo (its 'delivered' change), when known.
   */
  withdrawalRecordedOn?: string | null;
  /**
   * A delivery of it that the customer had disputed and that a reopen took
   * back (the 'reopened' entry of its history keeps the answer it took back):
   * the earliest such delivery's day (null when it carried none). Absent or
   * null: no disputed delivery was ever taken back. A withdrawal of it is no
   * withdrawal "with agreement" (withdrawalAfterDispute in ../predictability.ts).
   */
  takenBackDispute?: { deliveredOn: string | null } | null;
  /**
   * The vendor's calendar date of the instant the expectation was recorded in
   * Kohtaamo (expectations.created_at), when known. On or after its original
   * due date, it was recorded after its date (recordedAfterItsDate).
   */
  recordedOn?: string | null;
  /**
   * Its 'created' history row names an administrator as its creator (a data
   * migration): exempt from the recorded-after-its-date rule. False when the
   * creator is unknown.
   */
  recordedByAdministrator?: boolean;
}

export type SurpriseReason = "late_without_notice" | "missed" | "partial" | "disputed" | "overdue";

export interface Surprise {
  expectationId: string;
  /** Set when the surprise comes from a pooled (several-account) computation. */
  accountId?: string;
  reason: SurpriseReason;
  importance: Importance;
  dueDate: string;
  originalDueDate: string;
  /** The date the customer was last properly told (see the decisions above). */
  promisedDate: string;
  /** The date it came due for the customer: the window it counts in is chosen by it. */
  countsOn: string;
  deliveredOn: string | null;
  outcome: DeliveryOutcome | null;
  customerResponse: CustomerResponse | null;
  /** Days after the promised date it was delivered ('late_without_notice') or is by today ('overdue'); else null. */
  daysLate: number | null;
}

export interface PredictabilityResult {
  /** predictableWeight / weightTotal, 0..1; null when nothing came due. */
  value: number | null;
  /** How many expectations came due (predictable + surprises; withdrawals excluded). */
  sample: number;
  weightTotal: number;
  predictableWeight: number;
  /** How many of the sample were predictable. */
  predictable: number;
  /** Newest first (by the date each came due for the customer, countsOn). */
  surprises: Surprise[];
  /** Withdrawn with agreement in the window: left out of the sample. */
  withdrawn: number;
  /**
   * Recorded after their date and would be predictable, but the customer has
   * not confirmed the delivery: left out of the sample (and of the on-time
   * rate and lateness) until they do.
   */
  unconfirmed: number;
  onTimeRate: number | null;
  /** The counts behind onTimeRate: delivered on or before the original date, of all delivered. */
  onTime: number;
  delivered: number;
  meanLatenessDays: number | null;
  /** The counts behind meanLatenessDays. */
  lateDeliveries: number;
  latenessDaysTotal: number;
  /** sample < 5 */
  fewData: boolean;
}

export interface PredictabilityOptions {
  /** The vendor's calendar date, 'YYYY-MM-DD'. */
  today: string;
  /** Defaults to the 12 months up to today (see defaultPredictabilityWindow). */
  window?: DateWindow;
  /** The zone re-plan instants are read in; UTC unless told. */
  timeZone?: string;
}

export const FEW_PREDICTABILITY_SAMPLE = 5;

/** The `months` months up to and including today, both ends included. */
export function defaultPredictabilityWindow(today: string, months = 12): DateWindow {
  return { from: addMonths(today, -months), to: today };
}

/** The months trends are drawn over: the current month and the eleven before it. */
export const TREND_MONTHS = 12;

/** The first day of each of the last `months` months up to today's, oldest first. */
export function monthStarts(today: string, months = TREND_MONTHS): string[] {
  const first = `${today.slice(0, 7)}-01`;
  return Array.from({ length: months }, (_, i) => addMonths(first, i - months + 1));
}
