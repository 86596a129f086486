import { useLocation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { PredictabilityView } from "#app/domain/health-view.ts";
import { PREDICTABILITY_WINDOWS, WINDOW_PARAM } from "#app/schemas/health.values.ts";
import { withSearchParam } from "#app/components/ui/search-params.ts";
import { DeliveryFacts, SampleValue } from "#app/components/predictability-facts.tsx";

/**
 * Predictability with its sample, on-time rate, mean lateness and the surprises
 * behind it. The window is a link per choice, so it works without JavaScript
 * and a view can be shared.
 */
export function PredictabilityPanel({ accountId, p }: { accountId: string; p: PredictabilityView }) {
  const { t, date } = useI18n();
  const location = useLocation();
  const more = p.surpriseCount - p.surprises.length;
  const hrefFor = (months: number) => `${withSearchParam(location.search, WINDOW_PARAM, String(months))}#predictability`;
  return (
    <Card name="predictability" id="predictability" data-testid="predictability-panel">
      <div className="flex flex-wrap items-center gap-3">
        <CardTitle name="predictability">
          {t("predictability.title")}
        </CardTitle>
        <nav aria-label={t("predictability.window")} className="ml-auto flex gap-1 text-sm">
          {PREDICTABILITY_WINDOWS.map((m) => (
            <Link
              key={m}
              to={hrefFor(m)}
              preventScrollReset
              aria-current={m === p.months ? "page" : undefined}
              className={`rounded-md border px-2.5 py-1 ${m === p.months ? "border-brand-700 bg-brand-700 text-white" : "border-slate-400 bg-white"}`}
            >
              {t("predictability.months", { n: m })}
            </Link>
          ))}
        </nav>
      </div>
      <p className="mt-1 text-xs text-slate-600">
        {t("predictability.windowRange", { from: date(p.window.from), to: date(p.window.to) })}
      </p>
      <Figures p={p} />
      {p.sample === 0 ? <p className="mt-3 text-sm text-slate-700">{t("predictability.nothingDue")}</p> : null}
      <h3 className="mt-4 text-sm font-semibold text-slate-700">
        {t("predictability.surprises", { n: p.surpriseCount })}
      </h3>
      {p.surprises.length ? (
        <ul className="mt-1 divide-y divide-slate-100 text-sm" data-testid="surprises">
          {p.surprises.map((s) => (
            <li key={s.expectationId} className="flex flex-wrap items-baseline gap-x-2 py-1.5">
              <Link to={`/accounts/${accountId}/expectations/${s.expectationId}`} className="font-medium text-brand-700 underline">
                {s.title || t("predictability.untitled")}
              </Link>
              <Badge tone={s.reason === "overdue" ? "warn" : "bad"}>{t(`predictability.reason.${s.reason}`)}</Badge>
              <span className="text-slate-700">
                {t("predictability.due", { date: date(s.dueDate) })}
                {s.promisedDate !== s.dueDate ? ` · ${t("predictability.promised", { date: date(s.promisedDate) })}` : ""}
                {s.daysLate !== null ? ` · ${t("predictability.daysLate", { days: s.daysLate })}` : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-700">{t("predictability.noSurprises")}</p>
      )}
      {more > 0 ? <p className="mt-1 text-xs text-slate-600">{t("predictability.more", { n: more })}</p> : null}
    </Card>
  );
}

/** The value, its sample (weighted, and what was withdrawn or awaits the customer's confirmation), the on-time rate and the mean lateness. */
function Figures({ p }: { p: PredictabilityView }) {
  const f = useI18n();
  const { t, number } = f;
  return (
    <dl className="mt-3 grid grid-cols-2 gap-4 text-sm md:grid-cols-4">
      <div>
        <dt className="text-slate-600">{t("predictability.value")}</dt>
        <dd className="text-2xl font-bold" data-testid="predictability-value">{f.percent(p.value)}</dd>
      </div>
      <div>
        <dt className="text-slate-600">{t("predictability.sample")}</dt>
        <dd className="font-medium">
          <SampleValue p={p} />
        </dd>
        {p.sample > 0 ? (
          <dd className="text-xs text-slate-600" data-testid="predictability-weighting">
            {t("predictability.weighted", { predictable: number(p.predictableWeight), total: number(p.weightTotal) })}
          </dd>
        ) : null}
        {p.withdrawn > 0 ? (
          <dd className="text-xs text-slate-600" data-testid="predictability-withdrawn">
            {t("predictability.withdrawnLeftOut", { n: p.withdrawn })}
          </dd>
        ) : null}
        {p.unconfirmed > 0 ? (
          <dd className="text-xs text-slate-600" data-testid="predictability-unconfirmed">
            {t("predictability.unconfirmedLeftOut", { n: p.unconfirmed })}
          </dd>
        ) : null}
      </div>
      <DeliveryFacts p={p} />
    </dl>
  );
}
