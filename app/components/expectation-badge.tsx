import { Badge } from "#app/components/ui/badge.tsx";
import { addDays } from "#app/domain/dates.ts";
import type { DeliveryOutcome } from "#app/domain/vocabulary.ts";
import type { MessageKey } from "#app/i18n/format.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { DUE_SOON_DAYS } from "#app/schemas/expectation.values.ts";

// An expectation's state as a badge: its own module, so a page that shows only
// badges (the account page) does not load the ledger and its forms.

type Tone = "neutral" | "good" | "warn" | "bad" | "info";

/**
 * Where an expectation stands today, as a word and a colour (the word always
 * shows). Open ones go by the earlier of the due date and the date the customer
 * was promised (a silent re-plan after that date passed is still overdue).
 */
export function expectationState(
  e: { status: string; outcome: string | null; due_date: string; promised_date?: string | null },
  today: string,
): { key: MessageKey; tone: Tone; mark: string } {
  if (e.status === "proposed") return { key: "expStatus.proposed", tone: "info", mark: "?" };
  if (e.status === "declined") return { key: "expStatus.declined", tone: "neutral", mark: "–" };
  if (e.status === "resolved" && e.outcome) {
    const outcome = e.outcome as DeliveryOutcome;
    const tone: Tone =
      outcome === "kept" || outcome === "exceeded" ? "good" : outcome === "missed" ? "bad" : outcome === "withdrawn" ? "neutral" : "warn";
    const mark = tone === "good" ? "✓" : tone === "bad" ? "✗" : "~";
    return { key: `expOutcome.${outcome}`, tone, mark };
  }
  const pressing = e.promised_date && e.promised_date < e.due_date ? e.promised_date : e.due_date;
  if (pressing < today) return { key: "expStatus.overdue", tone: "bad", mark: "!" };
  if (pressing <= addDays(today, DUE_SOON_DAYS)) return { key: "expStatus.due_soon", tone: "warn", mark: "◷" };
  return { key: "expStatus.open", tone: "neutral", mark: "○" };
}

export function ExpectationBadge({
  expectation,
  today,
}: {
  expectation: { status: string; outcome: string | null; due_date: string; promised_date?: string | null };
  today: string;
}) {
  const { t } = useI18n();
  const state = expectationState(expectation, today);
  return (
    <Badge tone={state.tone}>
      <span aria-hidden="true" className="mr-1">
        {state.mark}
      </span>
      {t(state.key)}
    </Badge>
  );
}

/** An expectation's due date, and the date first agreed below it when a re-plan moved it. */
export function DueDate({ e }: { e: { due_date: string; original_due_date: string } }) {
  const { t, date } = useI18n();
  return (
    <>
      {date(e.due_date)}
      {e.original_due_date !== e.due_date ? (
        <span className="block text-xs text-slate-600">{t("ledger.originally", { date: date(e.original_due_date) })}</span>
      ) : null}
    </>
  );
}
