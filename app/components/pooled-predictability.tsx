import { Link } from "#app/components/ui/link.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { DeliveryFacts, SampleValue } from "#app/components/predictability-facts.tsx";
import type { PooledPredictability, SurpriseReason } from "#app/domain/predictability.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

/**
 * Predictability pooled over many accounts with the same rigour as for one:
 * the importance-weighted value with its sample (few data said so), the
 * surprises behind it with a link to their list, the plain on-time rate and
 * mean lateness with the counts behind them.
 */
export function PooledPredictabilityFigures({
  p,
  months,
  surprisesHref,
  testId,
}: {
  p: PooledPredictability;
  months: number;
  surprisesHref: string;
  testId: string;
}) {
  const f = useI18n();
  const { t } = f;
  return (
    <div data-testid={testId}>
      <p className="text-xs text-slate-600">{t("pooled.window", { months })}</p>
      {p.value === null ? (
        <p className="mt-2 text-sm text-slate-700">{t("pooled.none", { months })}</p>
      ) : (
        <dl className="mt-2 grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
          <div>
            <dt className="text-slate-600">{t("predictability.value")}</dt>
            <dd className="text-2xl font-bold tabular-nums" data-testid="pooled-value">
              {f.percent(p.value)}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("predictability.sample")}</dt>
            <dd className="font-medium" data-testid="pooled-sample">
              <SampleValue p={p} />
            </dd>
          </div>
          <DeliveryFacts p={p} />
        </dl>
      )}
      <p className="mt-2 text-sm">
        <Link to={surprisesHref} className="text-brand-700 underline" data-testid="pooled-surprises-link">
          {t("pooled.surprises", { n: p.surprises })}
        </Link>
      </p>
    </div>
  );
}

/** One surprise in a list across accounts, as the portfolio pages send it. */
export interface SurpriseItem {
  account_id: string;
  expectation_id: string;
  title: string;
  account_name: string;
  owner_name: string;
  reason: SurpriseReason;
  importance: number;
  due_date: string;
  promised_date: string;
  days_late: number | null;
}

/** Surprises across accounts: each links to its expectation (the evidence), with why it surprised. */
export function SurpriseList({ rows, showOwner }: { rows: SurpriseItem[]; showOwner: boolean }) {
  const { t, date } = useI18n();
  if (!rows.length) return <p className="text-sm text-slate-700">{t("predictability.noSurprises")}</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="surprise-list">
      {rows.map((s) => (
        <li key={`${s.account_id}/${s.expectation_id}`} className="flex flex-wrap items-baseline gap-x-2 py-1.5">
          <Link
            to={`/accounts/${s.account_id}/expectations/${s.expectation_id}`}
            className="font-medium text-brand-700 underline"
            data-testid="surprise-evidence"
          >
            {s.title || t("predictability.untitled")}
          </Link>
          <Badge tone={s.reason === "overdue" ? "warn" : "bad"}>{t(`predictability.reason.${s.reason}`)}</Badge>
          <span className="text-slate-700">
            <Link to={`/accounts/${s.account_id}`} className="underline">
              {s.account_name}
            </Link>
            {showOwner ? ` · ${s.owner_name}` : ""} · {t("predictability.due", { date: date(s.due_date) })}
            {s.promised_date !== s.due_date ? ` · ${t("predictability.promised", { date: date(s.promised_date) })}` : ""}
            {s.days_late !== null ? ` · ${t("predictability.daysLate", { days: s.days_late })}` : ""}
            {` · ${t("pooled.importance", { n: s.importance })}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
