import { LineChart } from "#app/components/charts/line-chart.tsx";
import type { DisconfirmationBalance } from "#app/domain/disconfirmation.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { ExportLink, IntroCard } from "#app/components/ui/intro-card.tsx";

// The customer's own ratings against what they expected (app/domain/disconfirmation.ts):
// the counts, the balance of positive and negative disconfirmation and its
// course by month (a line with markers, readable without colour; a month
// without enough ratings has no point), and the newest ratings in their words.

export interface DisconfirmationView {
  balance: DisconfirmationBalance;
  byMonth: ({ month: string } & DisconfirmationBalance)[];
  latest: { id: string; rating: string; word: string; rated_at: string | Date; stakeholder_name: string | null; subject_title: string | null }[];
}

export function DisconfirmationPanel({ figures, csvHref }: { figures: DisconfirmationView; csvHref: string }) {
  const { t, percent, month, date } = useI18n();
  const b = figures.balance;
  const noData = t("expected.notEnoughData");
  return (
    <IntroCard
      name="expected"
      data-testid="expected-panel"
      title={t("expected.title")}
      aside={<ExportLink href={csvHref}>{t("expected.export")}</ExportLink>}
      intro={t("expected.intro")}
    >
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-5">
        <div>
          <dt className="text-sm text-slate-600">{t("expected.balance")}</dt>
          <dd className="text-lg font-semibold" data-testid="expected-balance">
            {b.balance === null ? noData : percent(b.balance)}
          </dd>
        </div>
        {(["below", "as", "above"] as const).map((k) => (
          <div key={k}>
            <dt className="text-sm text-slate-600">{t(`portalExpected.rating.${k}` as MessageKey)}</dt>
            <dd className="text-lg font-semibold" data-testid={`expected-${k}`}>
              {b[k]}
            </dd>
          </div>
        ))}
        <div>
          <dt className="text-sm text-slate-600">{t("expected.ratings")}</dt>
          <dd className="text-lg font-semibold">{b.ratings}</dd>
        </div>
      </dl>
      {b.fewData ? <p className="mt-2 text-sm text-slate-700">{t("expected.fewData", { count: b.ratings })}</p> : null}
      <div className="mt-3 max-w-2xl">
        <LineChart
          title={t("expected.chartTitle")}
          series={[
            {
              key: "balance",
              label: t("expected.balance"),
              // The share itself, formatted as the headline formats it (rounded first, −12.5 % came out as −12 %).
              points: figures.byMonth.map((m) => ({ x: `${m.month}-01`, y: m.balance })),
            },
          ]}
          yDomain={[-1, 1]}
          formatX={(d) => month(d)}
          formatY={(v) => percent(v)}
          xLabel={t("expected.month")}
          emptyText={noData}
        />
      </div>
      {figures.latest.length ? (
        <>
          <h3 className="mt-3 font-medium">{t("expected.latest")}</h3>
          <ul className="mt-1 flex flex-col gap-1 text-sm" data-testid="expected-latest">
            {figures.latest.map((r) => (
              <li key={r.id} data-rating={r.rating}>
                <span className="font-medium">{t(`portalExpected.rating.${r.rating}` as MessageKey)}</span>: {r.subject_title ?? "—"}
                {r.word ? <> — <q>{r.word}</q></> : null}{" "}
                <span className="text-slate-600">
                  ({r.stakeholder_name ?? t("review.someone")}, {date(r.rated_at)})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </IntroCard>
  );
}
