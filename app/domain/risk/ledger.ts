// The rules about the expectation ledger: expectation_overdue,
// expectation_due_soon, repeated_surprises, delivery_disputed, notice_contested,
// proposal_unanswered (decisions in ../risk-rules.ts).
import { addDays, diffDays } from "../dates.ts";
import { computePredictability, promisedDate } from "../predictability.ts";
import type { ScoringSettings } from "../scoring-settings.ts";
import { signal, type RiskInput, type RiskRule, type RiskSeverity, type RiskSignal } from "./signal.ts";

/** A signal about one expectation: keyed by it, its evidence, its id and title first among the params. */
function expectationSignal(
  rule: RiskRule,
  severity: RiskSeverity,
  e: { id: string; title?: string | null | undefined },
  params: RiskSignal["params"],
  escalation?: number[],
): RiskSignal {
  return signal(
    rule,
    severity,
    e.id,
    { kind: "expectation", id: e.id },
    { expectationId: e.id, title: e.title ?? null, ...params },
    escalation,
  );
}

export function expectationSignals(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const out: RiskSignal[] = [];
  const soonUntil = addDays(today, settings.dueSoonDays);
  for (const e of input.expectations) {
    if (e.status !== "open") continue;
    const promised = promisedDate(e, input.timeZone).date;
    const overdueSince = promised < e.dueDate ? promised : e.dueDate;
    const base = { dueDate: e.dueDate, importance: e.importance };
    if (overdueSince < today) {
      const severity: RiskSeverity = e.importance === 3 ? "high" : e.importance === 2 ? "medium" : "low";
      out.push(
        expectationSignal("expectation_overdue", severity, e, {
          ...base,
          dueDate: overdueSince,
          daysOverdue: diffDays(overdueSince, today),
        }),
      );
    } else if (e.dueDate <= soonUntil && e.deliveredOn === null) {
      out.push(
        expectationSignal("expectation_due_soon", e.importance === 3 ? "medium" : "low", e, {
          ...base,
          daysLeft: diffDays(today, e.dueDate),
        }),
      );
    }
  }
  return out;
}

export function repeatedSurprises(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
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

export function deliveriesDisputed(input: RiskInput): RiskSignal[] {
  return input.expectations
    .filter(
      (e) =>
        e.status === "resolved" &&
        (e.customerResponse === "disputed_partly" || e.customerResponse === "disputed_not_delivered"),
    )
    .map((e) =>
      expectationSignal("delivery_disputed", e.customerResponse === "disputed_not_delivered" ? "high" : "medium", e, {
        dueDate: e.dueDate,
        deliveredOn: e.deliveredOn,
        response: e.customerResponse,
      }),
    );
}

export function noticesContested(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
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
      expectationSignal("notice_contested", e.importance === 3 ? "high" : "medium", e, {
        fromDueDate: latest.fromDueDate,
        toDueDate: latest.toDueDate,
        claimedOn: latest.claimedNoticeOn ?? null,
        contestedOn: first,
      }),
    );
  }
  return out;
}

export function proposalsUnanswered(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const out: RiskSignal[] = [];
  for (const p of input.proposals ?? []) {
    const daysWaiting = Math.max(0, diffDays(p.statedOn, today));
    const datePassed = p.dueDate < today;
    if (!datePassed && daysWaiting < settings.proposalAnswerDays) continue;
    out.push(
      expectationSignal(
        "proposal_unanswered",
        datePassed ? "high" : "medium",
        p,
        {
          dueDate: p.dueDate,
          statedOn: p.statedOn,
          daysWaiting,
          answerDays: settings.proposalAnswerDays,
          daysPastDue: datePassed ? diffDays(p.dueDate, today) : 0,
        },
        // Its date passing is worse than an acknowledgement of the wait saw: raised anew, High.
        [datePassed ? 1 : 0],
      ),
    );
  }
  return out;
}
