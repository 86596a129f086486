// Risk signals: rules over an account's plain data that fire with a reason (plain
// params for the translations, never wording) and a link to their evidence.
// Each signal has a stable key naming its cause, so a stored signal can be
// matched on the next evaluation: acknowledged while it keeps firing, resolved
// when it stops, and opened anew if the cause returns.
//
// Decisions (tested in tests/unit/risk-rules.test.ts):
// - A stakeholder has left when leftOn is set (as in brief.ts); everyone else is active.
// - key_person_left: for the decision maker and champion roles, when no active
//   stakeholder holds the role but someone who left did, one signal per role,
//   its evidence the one who left most recently. However long ago: the role is still empty.
//   The role of someone who has left is frozen on every path (roleBreaches in
//   committee-rules.ts), so re-labelling them does not end it; the gap closes
//   when an active person holds the role (the successor's hand-over).
// - expectation_overdue: an open expectation whose due date, or the date the
//   customer was promised (promisedDate in predictability.ts), is before today:
//   a re-plan made after the promised date passed does not end it. dueDate in
//   its params is the earlier of the two. Severity follows importance: 3 high,
//   2 medium, 1 low.
// - expectation_due_soon: an open expectation (so nothing delivered) due from
//   today up to today + dueSoonDays (14), both ends included. Importance 3
//   medium, else low. The day after its due date it turns into expectation_overdue.
// - repeated_surprises: surpriseCount (2) or more surprises (as predictability
//   counts them, open overdue ones included) among expectations due from
//   today − surpriseDays (90) to today. One signal per account.
// - influential_detractor: a stakeholder whose latest NPS answer that counts
//   (within npsMonths (12); for someone who has left, given before their
//   leaving counts from: nps.ts, committee-leaving.ts) is 0–6 and whose influence
//   is highInfluenceFrom (4) or more. Someone who has left keeps it firing for
//   surpriseDays (90) after the day their leaving counts from — the later of
//   the day stated and the day it was recorded, so back-dating a leaving does
//   not end it sooner — and its params then carry leftOn (the reason says they
//   have since left). The key stays the person's, so an acknowledgement stands.
//   Marking an unhappy person as left neither ends the signal nor lifts NPS,
//   and their influence is not lowered on any path while that answer is a
//   detractor's (influenceBreaches in committee-rules.ts).
// - no_dm_contact: the latest two-way contact with any active decision maker is
//   dmContactDays (60) or more whole days ago, or there never was any — which
//   includes having no active decision maker at all (we do not even know whom to
//   talk to). Evidence: the most recently contacted active decision maker, else the account.
// - sentiment_falling: the three latest rated touchpoints, in time order, are
//   strictly decreasing (e.g. 1, 0, −1; 1, 0, 0 is not). Evidence: the latest.
// - renewal_at_risk: the renewal date is from today to today + renewalSoonDays
//   (90) and health is "below the watch band", i.e. score < watchFrom (band
//   at_risk). Unknown health (null) does not fire.
// - delivery_disputed: the customer disputed a delivery in the portal (partly or
//   not delivered), one signal per expectation, whatever its due date (the
//   scoring reads every disputed delivery however early or late it was due). High when not delivered at all, else
//   medium. It ends when the delivery is reopened (the dispute goes with it).
// - notice_contested: the customer says they were not told of a re-plan the
//   account manager recorded as notified (notice.ts), one signal per
//   expectation (its latest contested re-plan named). High for importance 3,
//   else medium. It lasts while the expectation is open, and for surpriseDays
//   (90) after the first contest once it is resolved.
// - proposal_unanswered: an expectation the customer stated in the portal
//   (status 'proposed', source 'customer': an internal draft waits on nobody)
//   that the account manager has neither accepted nor declined, when it was
//   stated proposalAnswerDays (14) or more days ago (stated on day D, it fires
//   from D + 14, by the vendor's calendar date of its creation) or the date
//   the customer asked for is before today (due today is not late yet), one
//   signal per expectation. Medium while only the answer is late; High once
//   the date has passed: the customer asked, heard nothing, and the day came
//   and went. Severity does not follow importance: a proposal's importance is
//   ours (the portal sets 2), not the customer's, and lowering it must not
//   quiet the signal. Left unanswered it must cost no less than an answer:
//   accepted, a passed date is an overdue expectation and a surprise;
//   declined with a reason, nothing. Escalation: [its date has passed (0/1)],
//   so a Medium acknowledged while waiting is raised anew, unacknowledged, as
//   High when the date passes (it then reaches a director like any High
//   signal). It ends when the proposal is accepted or declined.
// - invoice_trouble: an invoice disputed, or unpaid more than invoiceOverdueDays
//   (30) days after its due date (see invoiceTrouble in health.ts).
// - support_past_sla: an open case (the caller passes open and waiting cases
//   only) whose SLA due time is before now; high for high and critical cases,
//   else medium.
// - solved_treated_badly: solvedBadlyCount (2) or more touchpoints solved but
//   treated badly (resolved "yes", treatment 1–2; quadrantOf in experience.ts)
//   that happened from today − solvedBadlyDays (90) to today, by the vendor's
//   calendar date. Medium. One signal per account; its evidence the latest.
//   Escalation: [the count].
// - below_expected: the run of "below what I expected" at the newest end of the
//   customer's ratings of the last belowExpectedDays (90) days (belowRun in
//   disconfirmation.ts) is belowExpectedCount (3) or longer. Medium. One signal
//   per account; its evidence the latest rated delivery or touchpoint. A newer
//   "as" or "above" clears it, as does time. Escalation: [the run's length].
//
// Worse since acknowledged. The rules keyed by the account (one signal per
// account: repeated_surprises, no_dm_contact, sentiment_falling,
// renewal_at_risk) keep firing under the same key while their evidence grows,
// so each also states an `escalation`: levels that only rise as the cause gets
// materially worse. An acknowledgement covers the levels it saw; when any
// level rises past them, the acknowledged signal is superseded by a new,
// unacknowledged one (reconcileSignals' `escalate`). The levels:
// - repeated_surprises: [the number of surprises] — a third after two were acknowledged.
// - no_dm_contact: [whole multiples of dmContactDays without contact (60 → 1,
//   120 → 2, …; never contacted → 1), no active decision maker at all (0/1)].
// - sentiment_falling: [the fall, from the first to the last of the strictly
//   falling run of latest rated touchpoints] — a further fall adds to it.
// - renewal_at_risk: [how near the renewal is, by thirds of renewalSoonDays
//   (far 1, nearer 2, nearest 3), whole steps of 10 health points under watchFrom].
// One rule keyed by an expectation states levels too, because its severity
// rises under the same key: proposal_unanswered, [its date has passed (0/1)]
// (above). The other rules keyed by something else carry none.
import { dateOf } from "./dates.ts";
import { invoiceTroubles, renewalAtRisk, supportPastSla } from "./risk/commercial.ts";
import { belowExpected, sentimentFalling, solvedTreatedBadly } from "./risk/experience.ts";
import {
  deliveriesDisputed,
  expectationSignals,
  noticesContested,
  proposalsUnanswered,
  repeatedSurprises,
} from "./risk/ledger.ts";
import { influentialDetractors, keyPersonLeft, noDecisionMakerContact } from "./risk/people.ts";
import type { RiskInput, RiskSeverity, RiskSignal } from "./risk/signal.ts";
import type { ScoringSettings } from "./scoring-settings.ts";

export * from "./risk/reconcile.ts";
export { RISK_RULES } from "./risk/signal.ts";
export type * from "./risk/signal.ts";

const SEVERITY_ORDER: Record<RiskSeverity, number> = { high: 0, medium: 1, low: 2 };

/** Every rule that fires for the account, most severe first. */
export function evaluateRiskSignals(input: RiskInput, settings: ScoringSettings, now: Date): RiskSignal[] {
  const today = input.today ?? dateOf(now);
  const signals: RiskSignal[] = [
    ...keyPersonLeft(input),
    ...expectationSignals(input, settings, today),
    ...repeatedSurprises(input, settings, today),
    ...influentialDetractors(input, settings, now, today),
    ...noDecisionMakerContact(input, settings, now),
    ...sentimentFalling(input),
    ...renewalAtRisk(input, settings, today),
    ...invoiceTroubles(input, settings, today),
    ...deliveriesDisputed(input),
    ...noticesContested(input, settings, today),
    ...proposalsUnanswered(input, settings, today),
    ...supportPastSla(input, now),
    ...solvedTreatedBadly(input, settings, today),
    ...belowExpected(input, settings, today),
  ];
  return signals.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.key.localeCompare(b.key));
}
