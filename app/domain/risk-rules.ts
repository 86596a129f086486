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
// - influential_detractor: an active stakeholder whose latest NPS answer within
//   npsMonths (12) is 0–6 and whose influence is highInfluenceFrom (4) or more.
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
import { daysBetween } from "./brief.ts";
import { addDays, dateOf, diffDays } from "./dates.ts";
import { invoiceTrouble, isPastSla, type InvoiceForScoring, type SupportCaseForScoring } from "./health.ts";
import { latestNpsAnswers, type NpsAnswer } from "./nps.ts";
import { solvedButTreatedBadly } from "./experience.ts";
import { belowRun, type ExpectationRating } from "./disconfirmation.ts";
import { computePredictability, promisedDate, type ExpectationForScoring } from "./predictability.ts";
import type { ScoringSettings } from "./scoring-settings.ts";

export const RISK_RULES = [
  "key_person_left",
  "expectation_overdue",
  "expectation_due_soon",
  "repeated_surprises",
  "influential_detractor",
  "no_dm_contact",
  "sentiment_falling",
  "renewal_at_risk",
  "invoice_trouble",
  "delivery_disputed",
  "notice_contested",
  "support_past_sla",
  "solved_treated_badly",
  "below_expected",
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

export type RiskSeverity = "high" | "medium" | "low";
export type EvidenceKind = "expectation" | "stakeholder" | "touchpoint" | "account";
export type SignalParamValue = string | number | boolean | null | string[] | number[];

export interface RiskSignal {
  rule: RiskRule;
  severity: RiskSeverity;
  /** Names the cause: `<rule>:<id>`. Stable across evaluations while the cause lasts. */
  key: string;
  /** Plain data for the reason's wording. */
  params: Record<string, SignalParamValue>;
  evidence: { kind: EvidenceKind; id: string };
  /** Account-keyed rules: levels that rise as the cause gets worse (see the decisions above). */
  escalation?: number[];
}

export interface RiskStakeholder {
  id: string;
  name?: string;
  committeeRole: string | null;
  influence: number;
  /** 'YYYY-MM-DD' when they left; null while active. */
  leftOn: string | null;
  lastTwoWayContact: Date | string | null;
}

export interface RiskExpectation extends ExpectationForScoring {
  title?: string;
}

export interface RatedTouchpoint {
  touchpointId: string;
  /** −2..2 */
  sentiment: number;
  occurredAt: Date | string;
}

export interface TreatedTouchpoint {
  touchpointId: string;
  title?: string | null;
  occurredAt: Date | string;
  treatment: number | null;
  resolved: string | null;
}

export interface RiskInput {
  accountId: string;
  /** The vendor's calendar date; the UTC date of `now` unless told. */
  today?: string;
  expectations: RiskExpectation[];
  stakeholders: RiskStakeholder[];
  npsAnswers: NpsAnswer[];
  ratedTouchpoints: RatedTouchpoint[];
  /** Open (and waiting) support cases only. */
  openSupportCases: SupportCaseForScoring[];
  invoices: InvoiceForScoring[];
  renewalDate: string | null;
  healthScore: number | null;
  /** Touchpoints with felt treatment and resolution recorded, at least those of the last solvedBadlyDays days. */
  treatedTouchpoints?: TreatedTouchpoint[];
  /** The customer's ratings against their expectation, at least those of the last belowExpectedDays days. */
  experienceRatings?: RatedAgainstExpectation[];
  /** The zone re-plan instants without a day are read in; UTC unless told. */
  timeZone?: string;
}

const SEVERITY_ORDER: Record<RiskSeverity, number> = { high: 0, medium: 1, low: 2 };
const KEY_PERSON_ROLES = ["decision_maker", "champion"] as const;

/** Every rule that fires for the account, most severe first. */
export function evaluateRiskSignals(input: RiskInput, settings: ScoringSettings, now: Date): RiskSignal[] {
  const today = input.today ?? dateOf(now);
  const signals: RiskSignal[] = [
    ...keyPersonLeft(input),
    ...expectationSignals(input, settings, today),
    ...repeatedSurprises(input, settings, today),
    ...influentialDetractors(input, settings, now),
    ...noDecisionMakerContact(input, settings, now),
    ...sentimentFalling(input),
    ...renewalAtRisk(input, settings, today),
    ...invoiceTroubles(input, settings, today),
    ...deliveriesDisputed(input),
    ...noticesContested(input, settings, today),
    ...supportPastSla(input, now),
    ...solvedTreatedBadly(input, settings, today),
    ...belowExpected(input, settings, today),
  ];
  return signals.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.key.localeCompare(b.key));
}

function signal(
  rule: RiskRule,
  severity: RiskSeverity,
  id: string,
  evidence: RiskSignal["evidence"],
  params: RiskSignal["params"],
  escalation?: number[],
): RiskSignal {
  return { rule, severity, key: `${rule}:${id}`, params, evidence, ...(escalation ? { escalation } : {}) };
}

/**
 * Whether any level is above the one the acknowledgement saw. Only levels both
 * have are compared: an acknowledgement that saw none (given before levels were
 * kept) is brought up to date by the store instead of re-raising the signal.
 */
export function isEscalated(current: readonly number[] | undefined, acknowledged: readonly number[]): boolean {
  return (current ?? []).some((level, i) => i < acknowledged.length && level > acknowledged[i]!);
}

function keyPersonLeft(input: RiskInput): RiskSignal[] {
  const out: RiskSignal[] = [];
  for (const role of KEY_PERSON_ROLES) {
    const inRole = input.stakeholders.filter((s) => s.committeeRole === role);
    if (inRole.some((s) => s.leftOn === null)) continue;
    const left = inRole
      .filter((s) => s.leftOn !== null)
      .sort((a, b) => b.leftOn!.localeCompare(a.leftOn!) || a.id.localeCompare(b.id))[0];
    if (!left) continue;
    out.push(
      signal(
        "key_person_left",
        "high",
        left.id,
        { kind: "stakeholder", id: left.id },
        {
          role,
          stakeholderId: left.id,
          name: left.name ?? null,
          leftOn: left.leftOn,
        },
      ),
    );
  }
  return out;
}

function expectationSignals(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const out: RiskSignal[] = [];
  const soonUntil = addDays(today, settings.dueSoonDays);
  for (const e of input.expectations) {
    if (e.status !== "open") continue;
    const promised = promisedDate(e, input.timeZone).date;
    const overdueSince = promised < e.dueDate ? promised : e.dueDate;
    const base = { expectationId: e.id, title: e.title ?? null, dueDate: e.dueDate, importance: e.importance };
    const evidence = { kind: "expectation" as const, id: e.id };
    if (overdueSince < today) {
      const severity: RiskSeverity = e.importance === 3 ? "high" : e.importance === 2 ? "medium" : "low";
      out.push(
        signal("expectation_overdue", severity, e.id, evidence, {
          ...base,
          dueDate: overdueSince,
          daysOverdue: diffDays(overdueSince, today),
        }),
      );
    } else if (e.dueDate <= soonUntil && e.deliveredOn === null) {
      out.push(
        signal("expectation_due_soon", e.importance === 3 ? "medium" : "low", e.id, evidence, {
          ...base,
          daysLeft: diffDays(today, e.dueDate),
        }),
      );
    }
  }
  return out;
}

function repeatedSurprises(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const window = { from: addDays(today, -settings.surpriseDays), to: today };
  const { surprises } = computePredictability(input.expectations, {
    today,
    window,
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
  });
  if (surprises.length < settings.surpriseCount) return [];
  return [
    signal(
      "repeated_surprises",
      "high",
      input.accountId,
      { kind: "account", id: input.accountId },
      {
        count: surprises.length,
        days: settings.surpriseDays,
        expectationIds: surprises.map((s) => s.expectationId),
      },
      [surprises.length],
    ),
  ];
}

function influentialDetractors(input: RiskInput, settings: ScoringSettings, now: Date): RiskSignal[] {
  const people = input.stakeholders.map((s) => ({ id: s.id, influence: s.influence, active: s.leftOn === null }));
  return latestNpsAnswers(input.npsAnswers, people, now, settings.npsMonths)
    .filter((a) => a.category === "detractor" && a.influence >= settings.highInfluenceFrom)
    .map((a) =>
      signal(
        "influential_detractor",
        "high",
        a.stakeholderId,
        { kind: "stakeholder", id: a.stakeholderId },
        {
          stakeholderId: a.stakeholderId,
          score: a.score,
          influence: a.influence,
          answeredAt: a.answeredAt.toISOString(),
        },
      ),
    );
}

function noDecisionMakerContact(input: RiskInput, settings: ScoringSettings, now: Date): RiskSignal[] {
  const dms = input.stakeholders.filter((s) => s.committeeRole === "decision_maker" && s.leftOn === null);
  let latest: { person: RiskStakeholder; at: Date } | null = null;
  for (const person of dms) {
    if (!person.lastTwoWayContact) continue;
    const at = new Date(person.lastTwoWayContact);
    if (at.getTime() > now.getTime()) continue;
    if (!latest || at.getTime() > latest.at.getTime()) latest = { person, at };
  }
  const days = latest ? daysBetween(latest.at, now) : null;
  if (days !== null && days < settings.dmContactDays) return [];
  const evidencePerson = latest?.person ?? dms[0] ?? null;
  return [
    signal(
      "no_dm_contact",
      "medium",
      input.accountId,
      evidencePerson ? { kind: "stakeholder", id: evidencePerson.id } : { kind: "account", id: input.accountId },
      {
        days,
        limitDays: settings.dmContactDays,
        hasDecisionMaker: dms.length > 0,
        stakeholderId: evidencePerson?.id ?? null,
      },
      [days === null ? 1 : Math.floor(days / settings.dmContactDays), dms.length > 0 ? 0 : 1],
    ),
  ];
}

function sentimentFalling(input: RiskInput): RiskSignal[] {
  const newestFirst = [...input.ratedTouchpoints].sort(
    (a, b) =>
      new Date(b.occurredAt).getTime() - new Date(a.occurredAt).getTime() ||
      b.touchpointId.localeCompare(a.touchpointId),
  );
  const latestThree = newestFirst.slice(0, 3);
  if (latestThree.length < 3) return [];
  const [newest, middle, oldest] = latestThree as [RatedTouchpoint, RatedTouchpoint, RatedTouchpoint];
  if (!(oldest.sentiment > middle.sentiment && middle.sentiment > newest.sentiment)) return [];
  // How far it has fallen: back along the run while each earlier one was higher.
  let runStart = 0;
  while (runStart + 1 < newestFirst.length && newestFirst[runStart + 1]!.sentiment > newestFirst[runStart]!.sentiment) {
    runStart += 1;
  }
  const fall = newestFirst[runStart]!.sentiment - newest.sentiment;
  return [
    signal(
      "sentiment_falling",
      "medium",
      input.accountId,
      { kind: "touchpoint", id: newest.touchpointId },
      {
        sentiments: [oldest.sentiment, middle.sentiment, newest.sentiment],
        touchpointIds: [oldest.touchpointId, middle.touchpointId, newest.touchpointId],
      },
      [fall],
    ),
  ];
}

function renewalAtRisk(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const { renewalDate, healthScore } = input;
  if (!renewalDate || healthScore === null) return [];
  const daysToRenewal = diffDays(today, renewalDate);
  if (daysToRenewal < 0 || daysToRenewal > settings.renewalSoonDays) return [];
  if (healthScore >= settings.bands.watchFrom) return [];
  return [
    signal(
      "renewal_at_risk",
      "high",
      input.accountId,
      { kind: "account", id: input.accountId },
      {
        renewalDate,
        daysToRenewal,
        health: healthScore,
        watchFrom: settings.bands.watchFrom,
      },
      [
        daysToRenewal * 3 > settings.renewalSoonDays * 2 ? 1 : daysToRenewal * 3 > settings.renewalSoonDays ? 2 : 3,
        Math.floor((settings.bands.watchFrom - healthScore) / 10),
      ],
    ),
  ];
}

function invoiceTroubles(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const out: RiskSignal[] = [];
  for (const invoice of input.invoices) {
    const trouble = invoiceTrouble(invoice, today, settings.invoiceOverdueDays);
    if (!trouble) continue;
    out.push(
      signal(
        "invoice_trouble",
        "medium",
        invoice.touchpointId,
        { kind: "touchpoint", id: invoice.touchpointId },
        {
          reason: trouble.reason,
          number: invoice.number,
          amount: invoice.amount === null ? null : String(invoice.amount),
          dueDate: invoice.dueDate,
          daysOverdue: trouble.daysOverdue,
        },
      ),
    );
  }
  return out;
}

function deliveriesDisputed(input: RiskInput): RiskSignal[] {
  return input.expectations
    .filter(
      (e) =>
        e.status === "resolved" &&
        (e.customerResponse === "disputed_partly" || e.customerResponse === "disputed_not_delivered"),
    )
    .map((e) =>
      signal(
        "delivery_disputed",
        e.customerResponse === "disputed_not_delivered" ? "high" : "medium",
        e.id,
        { kind: "expectation", id: e.id },
        {
          expectationId: e.id,
          title: e.title ?? null,
          dueDate: e.dueDate,
          deliveredOn: e.deliveredOn,
          response: e.customerResponse,
        },
      ),
    );
}

function supportPastSla(input: RiskInput, now: Date): RiskSignal[] {
  return input.openSupportCases
    .filter((c) => isPastSla(c, now))
    .map((c) =>
      signal(
        "support_past_sla",
        c.severity === "critical" || c.severity === "high" ? "high" : "medium",
        c.touchpointId,
        { kind: "touchpoint", id: c.touchpointId },
        {
          caseSeverity: c.severity,
          slaDueAt: new Date(c.slaDueAt).toISOString(),
          hoursPastSla: Math.floor((now.getTime() - new Date(c.slaDueAt).getTime()) / 3_600_000),
        },
      ),
    );
}

function solvedTreatedBadly(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const since = addDays(today, -settings.solvedBadlyDays);
  const zone = input.timeZone ?? "UTC";
  const within = solvedButTreatedBadly(input.treatedTouchpoints ?? [])
    .filter((t) => {
      const day = dateOf(t.occurredAt, zone);
      return day >= since && day <= today;
    })
    .sort(
      (a, b) =>
        new Date(b.occurredAt).getTime() - new Date(a.occurredAt).getTime() || b.touchpointId.localeCompare(a.touchpointId),
    );
  if (within.length < settings.solvedBadlyCount) return [];
  const latest = within[0]!;
  return [
    signal(
      "solved_treated_badly",
      "medium",
      input.accountId,
      { kind: "touchpoint", id: latest.touchpointId },
      {
        count: within.length,
        days: settings.solvedBadlyDays,
        title: latest.title ?? null,
        touchpointIds: within.map((t) => t.touchpointId),
      },
      [within.length],
    ),
  ];
}

export interface StoredSignal {
  key: string;
  acknowledgedAt: Date | string | null;
  resolvedAt: Date | string | null;
  /** The escalation levels the acknowledgement saw; null when not acknowledged (or before levels were kept). */
  ackEscalation?: readonly number[] | null;
}

export interface SignalReconciliation<T extends StoredSignal> {
  /** Keys never seen before: insert as open. */
  insert: RiskSignal[];
  /** Keys whose earlier instances were all resolved: insert a new open instance (no acknowledgement). */
  reopen: RiskSignal[];
  /** Still open and still firing: refresh last seen and params; the acknowledgement stays. */
  refresh: { signal: RiskSignal; stored: T }[];
  /**
   * Acknowledged, still firing, and worse than when acknowledged: close the
   * acknowledged instance and open a new, unacknowledged one in its place.
   */
  escalate: { signal: RiskSignal; stored: T }[];
  /** Open stored signals no longer firing: mark resolved. */
  resolve: T[];
}

/**
 * What to write after an evaluation, given the stored signals of the account
 * (open ones and the resolved history). A key fires at most once; the first
 * signal with a key wins.
 */
export function reconcileSignals<T extends StoredSignal>(current: RiskSignal[], stored: T[]): SignalReconciliation<T> {
  const open = new Map<string, T>();
  const seen = new Set<string>();
  for (const s of stored) {
    seen.add(s.key);
    if (s.resolvedAt === null) open.set(s.key, s);
  }
  const firing = new Set<string>();
  const result: SignalReconciliation<T> = { insert: [], reopen: [], refresh: [], escalate: [], resolve: [] };
  for (const signal of current) {
    if (firing.has(signal.key)) continue;
    firing.add(signal.key);
    const openRow = open.get(signal.key);
    const worse =
      openRow?.acknowledgedAt != null && openRow.ackEscalation != null && isEscalated(signal.escalation, openRow.ackEscalation);
    if (openRow && worse) result.escalate.push({ signal, stored: openRow });
    else if (openRow) result.refresh.push({ signal, stored: openRow });
    else if (seen.has(signal.key)) result.reopen.push(signal);
    else result.insert.push(signal);
  }
  for (const [key, row] of open) if (!firing.has(key)) result.resolve.push(row);
  return result;
}

function noticesContested(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const out: RiskSignal[] = [];
  const since = addDays(today, -settings.surpriseDays);
  for (const e of input.expectations) {
    if (e.status === "proposed" || e.status === "declined") continue;
    const contested = e.replans.filter((r) => r.noticeState === "contested");
    if (!contested.length) continue;
    const first = contested.map((r) => r.contestedOn ?? today).sort()[0]!;
    if (e.status !== "open" && first < since) continue;
    const latest = contested[contested.length - 1]!;
    out.push(
      signal("notice_contested", e.importance === 3 ? "high" : "medium", e.id, { kind: "expectation", id: e.id }, {
        expectationId: e.id,
        title: e.title ?? null,
        fromDueDate: latest.fromDueDate,
        toDueDate: latest.toDueDate,
        claimedOn: latest.claimedNoticeOn ?? null,
        contestedOn: first,
      }),
    );
  }
  return out;
}

/** A customer's rating of a delivery or a touchpoint against what they expected. */
export interface RatedAgainstExpectation {
  id: string;
  rating: ExpectationRating;
  ratedAt: Date | string;
  /** What was rated: a touchpoint or an expectation's delivery, with its title. */
  subject: { kind: "touchpoint" | "expectation"; id: string; title: string | null };
}

function belowExpected(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const ratings = input.experienceRatings ?? [];
  const run = belowRun(ratings, { today, days: settings.belowExpectedDays, timeZone: input.timeZone ?? "UTC" });
  if (run.length < settings.belowExpectedCount) return [];
  const latest = ratings.find((r) => r.id === run.ids[0])!;
  return [
    signal(
      "below_expected",
      "medium",
      input.accountId,
      { kind: latest.subject.kind, id: latest.subject.id },
      { count: run.length, days: settings.belowExpectedDays, title: latest.subject.title },
      [run.length],
    ),
  ];
}
