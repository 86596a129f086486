import { LineChart } from "#app/components/charts/line-chart.tsx";
import { BAND_TONE, factorValue } from "#app/components/health-format.ts";
import { Badge } from "#app/components/ui/badge.tsx";
import type { HealthBand, HealthFactor } from "#app/domain/health.ts";
import type { RiskRule } from "#app/domain/risk-rules.ts";
import type { ScoringSettings } from "#app/domain/scoring-settings.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { AccountHealthView } from "#app/domain/health-view.ts";
import { HEALTH_CHART_DAYS } from "#app/schemas/health.values.ts";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";

type Scores = NonNullable<AccountHealthView["scores"]>;

/** Health 0–100 with its band, what it is made of, and how it has moved. */
export function HealthPanel({
  scores,
  trend,
  bands,
}: {
  scores: Scores | null;
  trend: AccountHealthView["trend"];
  bands: ScoringSettings["bands"];
}) {
  const { t, dateTime, decimal } = useI18n();
  return (
    <Card name="health" data-testid="health-panel">
      <div className="flex flex-wrap items-baseline gap-3">
        <CardTitle name="health">
          {t("healthPanel.title")}
        </CardTitle>
        {scores ? (
          <>
            <p className="text-3xl font-bold" data-testid="health-score">
              {scores.health === null ? "—" : decimal(scores.health, 1)}
              <span className="text-base font-normal text-slate-600"> / 100</span>
            </p>
            <BandBadge band={scores.band} />
            <p className="ml-auto text-xs text-slate-600">{t("healthPanel.computedAt", { at: dateTime(scores.computedAt) })}</p>
          </>
        ) : null}
      </div>
      {scores ? <Judgement scores={scores} /> : null}
      {scores ? (
        <div className="mt-4 grid gap-6 lg:grid-cols-2">
          <FactorTable factors={scores.factors} health={scores.health} />
          <HealthTrend trend={trend} bands={bands} />
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-700">{t("healthPanel.notScored")}</p>
      )}
    </Card>
  );
}

/** Why there is no score (not enough data), or why a Healthy score shows as Watch (the cap). */
function Judgement({ scores }: { scores: Scores }) {
  const f = useI18n();
  const { t } = f;
  if (scores.band === "not_enough_data") {
    const evidence = scores.evidence ?? { factors: scores.factors.filter((x) => x.available).length, needed: 0 };
    return (
      <p className="mt-2 rounded-md border border-slate-300 bg-slate-50 p-2 text-sm text-slate-800" data-testid="health-not-enough-data">
        {t("healthPanel.notEnoughData", { factors: evidence.factors, needed: evidence.needed })}
      </p>
    );
  }
  if (!scores.cap) return null;
  const reasons = scores.cap.reasons.map((r) =>
    r.kind === "high_signal"
      ? t("healthPanel.capHighSignal", { rules: r.rules.map((rule) => t(`signal.rule.${rule as RiskRule}`)).join(", ") })
      : t("healthPanel.capLowPredictability", { value: f.percent(r.value), below: f.percent(r.below) }),
  );
  return (
    <div className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950" data-testid="health-cap">
      <p>{t("healthPanel.capped", { reasons: reasons.join("; ") })}</p>
      <p className="mt-1 text-xs">{t("healthPanel.capHelp")}</p>
    </div>
  );
}

export function BandBadge({ band }: { band: HealthBand | null }) {
  const { t } = useI18n();
  if (!band) return <Badge>{t("healthPanel.noBand")}</Badge>;
  return (
    <span data-testid="health-band" data-band={band}>
      <Badge tone={BAND_TONE[band]}>{t(`health.band.${band}`)}</Badge>
    </span>
  );
}

/** Each factor's value, weight, share and points: the score explained. */
function FactorTable({ factors, health }: { factors: HealthFactor[]; health: number | null }) {
  const f = useI18n();
  const { t, number } = f;
  if (!factors.length) return <p className="text-sm text-slate-700">{t("healthPanel.noFactors")}</p>;
  return (
    <div>
      <table className="w-full text-left text-sm" data-testid="health-factors">
        <caption className="mb-2 text-left text-sm font-semibold text-slate-700">{t("healthPanel.breakdown")}</caption>
        <thead className="border-b border-slate-300 text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">{t("healthPanel.col.factor")}</th>
            <th scope="col" className="py-1 pr-2 font-medium">{t("healthPanel.col.value")}</th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">{t("healthPanel.col.weight")}</th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">{t("healthPanel.col.share")}</th>
            <th scope="col" className="py-1 text-right font-medium">{t("healthPanel.col.points")}</th>
          </tr>
        </thead>
        <tbody>
          {factors.map((factor) => (
            <tr
              key={factor.key}
              className={`border-b border-slate-100 ${factor.available ? "" : "text-slate-500"}`}
              data-factor={factor.key}
              data-available={factor.available}
            >
              <th scope="row" className="py-1.5 pr-2 font-medium">{t(`health.factor.${factor.key}`)}</th>
              <td className="py-1.5 pr-2">
                {factor.available ? factorValue(f, factor) : <Badge>{t("healthPanel.unavailable")}</Badge>}
              </td>
              <td className="py-1.5 pr-2 text-right tabular-nums">{number(factor.weight, 2)}</td>
              <td className="py-1.5 pr-2 text-right tabular-nums">{factor.available ? f.percent(factor.share) : "—"}</td>
              <td className="py-1.5 text-right tabular-nums">{factor.available && health !== null ? f.decimal(factor.points, 1) : "—"}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-semibold">
            <th scope="row" colSpan={4} className="py-1.5 pr-2 text-right">{t("healthPanel.total")}</th>
            <td className="py-1.5 text-right tabular-nums">{health === null ? "—" : f.decimal(health, 1)}</td>
          </tr>
        </tfoot>
      </table>
      {factors.some((x) => !x.available) ? (
        <p className="mt-2 text-xs text-slate-600" data-testid="health-shared-weight">
          {t("healthPanel.unavailableHelp")} {t("healthPanel.sharedWeight")}
        </p>
      ) : null}
    </div>
  );
}

function HealthTrend({ trend, bands }: { trend: AccountHealthView["trend"]; bands: ScoringSettings["bands"] }) {
  const f = useI18n();
  const { t, date, number } = f;
  const latest = [...trend].reverse().find((d) => d.health !== null);
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold text-slate-700">{t("healthPanel.trend")}</h3>
      <LineChart
        title={t("healthPanel.trendTitle", { days: HEALTH_CHART_DAYS })}
        description={
          latest
            ? t("healthPanel.trendDesc", { n: trend.length, latest: f.decimal(latest.health, 1), date: date(latest.day) })
            : undefined
        }
        series={[{ key: "health", label: t("healthPanel.title"), points: trend.map((d) => ({ x: d.day, y: d.health })) }]}
        yDomain={[0, 100]}
        bands={[
          { from: 0, to: bands.watchFrom, tone: "bad", label: t("health.band.at_risk") },
          { from: bands.watchFrom, to: bands.healthyFrom, tone: "warn", label: t("health.band.watch") },
          { from: bands.healthyFrom, to: 100, tone: "good", label: t("health.band.healthy") },
        ]}
        formatX={(d) => date(d)}
        formatTick={(d) => f.shortDate(d)}
        formatY={(v) => number(v, 1)}
        xLabel={t("healthPanel.day")}
        emptyText={t("healthPanel.noTrend")}
      />
    </div>
  );
}

/** Relationship NPS with who answered, and committee coverage with the single-threaded warning. */
export function RelationshipPanel({ scores }: { scores: Scores | null }) {
  const f = useI18n();
  const { t } = f;
  const nps = scores?.nps ?? null;
  const coverage = scores?.coverage ?? null;
  return (
    <Card name="relationship" data-testid="relationship-panel">
      <CardTitle name="relationship">
        {t("relationship.title")}
      </CardTitle>
      <div className="mt-3 grid gap-6 md:grid-cols-2">
        <div data-testid="relationship-nps">
          <h3 className="text-sm font-semibold text-slate-700">{t("health.factor.nps")}</h3>
          {scores && scores.npsScore !== null ? (
            <>
              <p className="text-2xl font-bold">{f.signed(scores.npsScore)}</p>
              <p className="text-sm">
                {t("relationship.respondents", { n: scores.npsRespondents })}
                {nps ? ` · ${t("relationship.npsMix", { promoters: nps.promoters, passives: nps.passives, detractors: nps.detractors })}` : ""}
              </p>
              {nps?.fewData ?? scores.npsRespondents < 3 ? (
                <p className="mt-1">
                  <Badge tone="warn">{t("relationship.fewRespondents")}</Badge>
                </p>
              ) : null}
              {nps?.weighted ? <p className="text-xs text-slate-600">{t("relationship.weighted")}</p> : null}
            </>
          ) : (
            <p className="text-sm text-slate-700">{t("relationship.noNps", { months: nps?.months ?? 12 })}</p>
          )}
        </div>
        <div data-testid="relationship-coverage">
          <h3 className="text-sm font-semibold text-slate-700">{t("health.factor.coverage")}</h3>
          {scores && scores.coverageRatio !== null ? (
            <>
              <p className="text-2xl font-bold">{f.percent(scores.coverageRatio)}</p>
              {coverage ? (
                <ul className="mt-1 space-y-0.5 text-sm">
                  <li>
                    {t("relationship.covered")}:{" "}
                    {coverage.coveredRoles.length ? coverage.coveredRoles.map((r) => t(`committeeRole.${r}`)).join(", ") : "—"}
                  </li>
                  <li>
                    {t("relationship.missing")}:{" "}
                    {coverage.missingRoles.length ? coverage.missingRoles.map((r) => t(`committeeRole.${r}`)).join(", ") : "—"}
                  </li>
                  <li>{t("relationship.engaged", { n: coverage.engagedPeople, days: coverage.engagedDays })}</li>
                  {coverage.engagedThroughPortal ? (
                    <li>{t("relationship.engagedThroughPortal", { n: coverage.engagedThroughPortal })}</li>
                  ) : null}
                </ul>
              ) : null}
              {scores.singleThreaded ? (
                <p className="mt-2 rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-900" data-testid="single-threaded">
                  <strong>{t("relationship.singleThreaded")}</strong> {t("relationship.singleThreadedHelp")}
                </p>
              ) : null}
            </>
          ) : scores ? (
            <p className="text-sm text-slate-700" data-testid="coverage-unmapped">
              <strong>{t("relationship.unmapped")}</strong> {t("relationship.unmappedHelp")}
            </p>
          ) : (
            <p className="text-sm text-slate-700">{t("healthPanel.notScored")}</p>
          )}
        </div>
      </div>
    </Card>
  );
}
