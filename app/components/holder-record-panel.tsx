import { Link } from "#app/components/ui/link.tsx";
import { RecordLine } from "#app/components/holder-record.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";
import type { HolderCounts, HolderPredictability, PromiseLine } from "#app/domain/holder-record.ts";
import type { Translate } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

export interface PersonRecordView {
  months: number;
  window: { from: string; to: string };
  counts: HolderCounts;
  predictability: HolderPredictability;
  promises: PromiseLine[];
}

const verdictTone = {
  kept: "good",
  late_with_notice: "info",
  surprise: "bad",
  open: "neutral",
  withdrawn: "neutral",
  unconfirmed: "neutral",
} as const;

/** "Kept", "Late with notice", "Surprise: missed"… */
function verdictLabel(t: Translate, p: PromiseLine): string {
  if (p.verdict === "surprise") return t(`holderRecord.reason.${p.reason ?? "late_without_notice"}`);
  return t(`holderRecord.verdict.${p.verdict}`);
}

/**
 * On a person's page: what we promised them over the account's predictability
 * window and how each went (app/domain/holder-record.ts), each promise linking
 * to its expectation.
 */
export function HolderRecordPanel({
  accountId,
  name,
  record,
}: {
  accountId: string;
  name: string;
  record: PersonRecordView;
}) {
  const { t, date } = useI18n();
  return (
    <Card name="holder-record" className="max-w-3xl" data-testid="holder-record-panel">
      <CardTitle name="holder-record">{t("holderRecord.panelTitle", { name })}</CardTitle>
      <p className="mt-1 text-xs text-slate-600">
        {t("holderRecord.summaryWindow", { from: date(record.window.from), to: date(record.window.to) })}
      </p>
      {record.counts.promised === 0 ? (
        <p className="mt-3 text-sm text-slate-700">{t("holderRecord.panelNone", { name })}</p>
      ) : (
        <>
          <div className="mt-3 text-sm">
            <RecordLine counts={record.counts} predictability={record.predictability} />
          </div>
          <ul className="mt-3 flex flex-col gap-2 text-sm" data-testid="holder-promises">
            {record.promises.map((p) => (
              <li
                key={p.expectationId}
                className="flex flex-wrap items-center gap-x-2 gap-y-1"
                data-verdict={p.verdict}
              >
                <Link
                  to={`/accounts/${accountId}/expectations/${p.expectationId}`}
                  className="text-brand-700 underline"
                >
                  {p.title}
                </Link>
                <span className="text-slate-600">
                  {t("holderRecord.due")} {date(p.promisedDate)}
                </span>
                <Badge tone={verdictTone[p.verdict]}>{verdictLabel(t, p)}</Badge>
                {p.daysLate ? (
                  <span className="text-xs text-slate-600">{t("holderRecord.daysLate", { days: p.daysLate })}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="mt-3 text-xs text-slate-600">{t("holderRecord.panelHandover")}</p>
    </Card>
  );
}
