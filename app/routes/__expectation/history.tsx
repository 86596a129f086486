// The expectation's history: each change as a person reads it, with how each
// re-plan's notice stands with the customer and whether it moved the promise.
import type { ReactNode } from "react";
import { type NoticeRule } from "#app/domain/notice.ts";
import { judgeReplans, type JudgedReplan, type ReplanForScoring } from "#app/domain/predictability.ts";
import { replanForScoring } from "#app/domain/scoring.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import type { DeliveryOutcome } from "#app/domain/vocabulary.ts";
import type { Formatters } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { ExpectationChange } from "#app/models/expectations.server.ts";
import { FIELD_LABELS } from "./labels.ts";

/** The history, newest first as loaded, each re-plan with its notice. */
export function ExpectationHistory({
  originalDueDate,
  history,
  rule,
}: {
  originalDueDate: string;
  history: ExpectationChange[];
  rule: NoticeRule;
}) {
  const { t, dateTime } = useI18n();
  const notices = replanNotices(originalDueDate, history, rule);
  return (
    <section aria-labelledby="history-heading" className="max-w-3xl">
      <h2 id="history-heading" className="text-lg font-semibold">
        {t("history.heading")}
      </h2>
      {history.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("history.empty")}</p>
      ) : (
        <ol className="mt-3 flex flex-col gap-3 border-l-2 border-slate-300 pl-4" data-testid="history">
          {history.map((change) => (
            <li key={change.id}>
              <HistoryEntry change={change} replan={notices.get(change.id)} />
              <p className="text-xs text-slate-600">
                {t("history.by", { name: change.actor_name ?? t("history.unknownActor"), when: dateTime(change.at) })}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * Each re-plan of the history with the date the customer was then expecting,
 * how its notice stands with the customer (their answers are in the history
 * too) and whether it counted.
 */
function replanNotices(originalDueDate: string, history: ExpectationChange[], rule: NoticeRule) {
  const answers = (replanId: string) =>
    history
      .filter((c) => c.replan_id === replanId && (c.kind === "notice_confirmed" || c.kind === "notice_contested"))
      .map((c) => ({ answer: c.kind === "notice_confirmed" ? "confirmed" : "contested", at: c.at }));
  const replans = history
    .filter((c) => c.kind === "replanned" && c.from_due_date && c.to_due_date)
    .map((c) => ({
      id: c.id,
      claimedOn: c.customer_notified_on,
      reachedAt: c.notice_reach_unknown ? null : c.notice_reached_at,
      ...replanForScoring({ ...c, expectation_id: "", notice_answers: answers(c.id) }, rule),
    }));
  return new Map(judgeReplans(originalDueDate, replans, TIME_ZONE).replans.map((j) => [j.replan.id, j]));
}

type NoticeReplan = JudgedReplan<
  ReplanForScoring & { id: string; claimedOn: string | null; reachedAt: Date | string | null }
>;

/** What the account manager claimed of a re-plan's notice, what the customer answered, and what counted. */
function noticeLines(replan: NoticeReplan, t: Formatters["t"], date: Formatters["date"]): string[] {
  const r = replan.replan;
  const expected = date(replan.expected);
  const lines: string[] = [];
  if (r.claimedNotice) {
    lines.push(t("history.noticeClaimed", { date: date(r.claimedOn ?? replan.day) }));
    if (r.reachedAt) lines.push(t("history.noticeReached", { date: date(r.reachedAt) }));
    const standsFrom = r.noticeStandsFrom ? date(r.noticeStandsFrom) : "";
    lines.push(t(`history.noticeState.${r.noticeState ?? "awaiting"}`, { standsFrom }));
  }
  if (replan.counted) lines.push(t("history.notifiedInTime", { date: date(replan.notice), expected }));
  else if (r.claimedNotice && (r.claimedOn ?? replan.day) >= replan.expected)
    lines.push(t("history.notifiedTooLate", { date: date(r.claimedOn ?? replan.day), expected }));
  else if (r.noticeState === "awaiting") lines.push(t("history.noticeNotYetCounted", { expected }));
  else if (r.noticeState === "unreachable") lines.push(t("history.noticeUnreachableNotCounted", { expected }));
  else lines.push(t("history.notNotifiedSurprise", { expected }));
  return lines;
}

function HistoryEntry({ change, replan }: { change: ExpectationChange; replan?: NoticeReplan | undefined }) {
  const { t, date } = useI18n();
  const details = (change.details ?? {}) as Record<string, unknown>;
  const outcome = (value: unknown) => (typeof value === "string" ? t(`expOutcome.${value as DeliveryOutcome}`) : "—");
  const lines: ReactNode[] = [];
  let headline: string;
  switch (change.kind) {
    case "created":
      headline = t("history.created", { date: date(change.to_due_date) });
      break;
    case "edited": {
      const fields = Object.keys((details.changes ?? {}) as object).map((f) =>
        FIELD_LABELS[f] ? t(FIELD_LABELS[f]!) : f,
      );
      headline = t("history.edited", { fields: fields.join(", ") });
      break;
    }
    case "replanned":
      headline = t("history.replanned", { from: date(change.from_due_date), to: date(change.to_due_date) });
      if (replan) {
        if (replan.day !== calendarDate(new Date(change.at)))
          lines.push(t("history.replannedOn", { date: date(replan.day) }));
        lines.push(...noticeLines(replan, t, date));
      } else {
        lines.push(change.customer_notified ? t("history.notified") : t("history.notNotified"));
      }
      break;
    case "notice_confirmed":
    case "notice_contested":
      headline = t(change.kind === "notice_confirmed" ? "history.noticeConfirmed" : "history.noticeContested");
      if (change.reason) lines.push(t("history.customerNote", { note: change.reason }));
      break;
    case "delivered":
      headline = t("history.delivered", { outcome: outcome(details.outcome) });
      if (typeof details.delivered_on === "string")
        lines.push(t("history.deliveredOn", { date: date(details.delivered_on) }));
      if (change.reason) lines.push(t("history.note", { note: change.reason }));
      break;
    case "reopened":
      headline = t("history.reopened", { outcome: outcome(details.outcome) });
      break;
    case "confirmed":
    case "disputed":
    case "accepted":
    case "declined":
      headline = t(`history.${change.kind}`);
      break;
    default:
      headline = change.kind;
  }
  if (change.reason && !["delivered", "notice_confirmed", "notice_contested"].includes(change.kind))
    lines.push(t("history.reason", { reason: change.reason }));
  return (
    <div>
      <p className="font-medium">{headline}</p>
      {lines.map((line, i) => (
        <p key={i} className="text-sm text-slate-800">
          {line}
        </p>
      ))}
    </div>
  );
}
