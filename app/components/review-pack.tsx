import type { ReactNode } from "react";
import { LineChart } from "#app/components/charts/line-chart.tsx";
import type { ReviewPack, ReviewSection } from "#app/domain/review-pack.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

// A business review's pack as the KAM, the customer and the printer see it.
// One section per part of the pack; each can carry the comments on it and a
// form to add one (`aside`). Prints on paper (print: variants): no shadows,
// each section kept on one page where it fits, charts as SVG.

export interface PackComment {
  id: string;
  item_key: string;
  body: string;
  from_customer: boolean;
  created_at: string | Date;
  who: string | null;
}

interface Props {
  pack: ReviewPack;
  comments?: PackComment[];
  /** What goes under a section: a comment form, typically. */
  aside?: (section: ReviewSection) => ReactNode;
}


export function Section({
  id,
  title,
  children,
  comments = [],
  aside,
}: {
  id: string;
  title: string;
  children: ReactNode;
  comments?: PackComment[];
  aside?: ReactNode;
}) {
  const { t, dateTime } = useI18n();
  return (
    <section
      aria-labelledby={`pack-${id}`}
      data-testid={`pack-${id}`}
      className="rounded-lg border border-slate-300 bg-white p-4 print:break-inside-avoid print:rounded-none print:border-0 print:border-t print:p-0 print:pt-3"
    >
      <h2 id={`pack-${id}`} className="font-semibold">{title}</h2>
      <div className="mt-2 text-sm">{children}</div>
      {comments.length ? (
        <ul className="mt-3 flex flex-col gap-2 border-l-4 border-slate-200 pl-3 text-sm" aria-label={t("review.commentsOn", { section: title })}>
          {comments.map((c) => (
            <li key={c.id} data-testid="pack-comment">
              <p className="text-slate-600">
                {c.who ?? t("review.someone")} · {c.from_customer ? t("review.fromCustomer") : t("review.fromUs")} · {dateTime(c.created_at)}
              </p>
              <p className="whitespace-pre-line">{c.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {aside ? <div className="mt-3 print:hidden">{aside}</div> : null}
    </section>
  );
}

function Counts({ rows }: { rows: { label: string; value: ReactNode; testId?: string }[] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
      {rows.map((r) => (
        <div key={r.label}>
          <dt className="text-slate-600">{r.label}</dt>
          <dd className="text-lg font-semibold" data-testid={r.testId}>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One section's pack and what goes with it on the page: its comments and aside. */
interface SectionProps {
  pack: ReviewPack;
  comments: PackComment[];
  aside?: ReactNode;
}

function CommitmentsSection({ pack, ...around }: SectionProps) {
  const { t, date } = useI18n();
  const c = pack.commitments;
  return (
    <Section id="commitments" title={t("review.section.commitments")} {...around}>
      <Counts
        rows={[
          { label: t("review.made"), value: c.made },
          { label: t("review.cameDue"), value: c.cameDue, testId: "pack-came-due" },
          { label: t("review.kept"), value: c.kept },
          { label: t("review.lateWithNotice"), value: c.lateWithNotice },
          { label: t("review.lateWithoutNotice"), value: c.lateWithoutNotice + c.overdue },
          { label: t("review.missed"), value: c.missed + c.partial },
          { label: t("review.disputed"), value: c.disputed },
          { label: t("review.withdrawn"), value: c.withdrawn },
          // Shown only when there are any (packs frozen before the rule have no such count).
          ...(c.unconfirmed ? [{ label: t("review.unconfirmed"), value: c.unconfirmed }] : []),
        ]}
      />
      {c.surprises.length ? (
        <>
          <h3 className="mt-3 font-medium">{t("review.surprises")}</h3>
          <ul className="mt-1 list-disc pl-5">
            {c.surprises.map((s, i) => (
              <li key={`${s.title}-${i}`}>
                {s.title} — {t(`review.reason.${s.reason}` as MessageKey)} ({date(s.promisedDate)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

function PredictabilitySection({ pack, ...around }: SectionProps) {
  const { t, month, percent } = useI18n();
  const p = pack.predictability;
  const prev = pack.previousPredictability;
  const noData = t("review.notEnoughData");
  const value = (v: number | null, sample: number) => (sample === 0 || v === null ? noData : percent(v));
  return (
    <Section id="predictability" title={t("review.section.predictability")} {...around}>
      <Counts
        rows={[
          { label: t("review.thisPeriod"), value: value(p.value, p.sample), testId: "pack-predictability" },
          { label: t("review.sample"), value: p.sample, testId: "pack-sample" },
          { label: t("review.previousPeriod"), value: value(prev.value, prev.sample) },
          { label: t("review.previousSample"), value: prev.sample },
        ]}
      />
      {p.fewData ? <p className="mt-2 text-slate-700">{t("review.fewData", { count: p.sample })}</p> : null}
      <div className="mt-3 max-w-2xl">
        <LineChart
          title={t("review.trendTitle")}
          series={[{ key: "p", label: t("review.section.predictability"), points: pack.trend.map((m) => ({ x: `${m.month}-01`, y: m.value })) }]}
          yDomain={[0, 1]}
          formatX={(d) => month(d)}
          formatY={(v) => percent(v)}
          xLabel={t("review.month")}
          emptyText={noData}
        />
      </div>
    </Section>
  );
}

function NpsSection({ pack, ...around }: SectionProps) {
  const { t, date, number, signed } = useI18n();
  const noData = t("review.notEnoughData");
  return (
    <Section id="nps" title={t("review.section.nps")} {...around}>
      <Counts
        rows={[
          { label: t("review.npsScore"), value: pack.nps.score === null ? noData : signed(pack.nps.score) },
          { label: t("review.respondents"), value: pack.nps.respondents },
          { label: t("review.csatMean"), value: pack.csat.mean === null ? noData : `${number(pack.csat.mean, 1)} / 5` },
          { label: t("review.csatAnswers"), value: pack.csat.answers },
        ]}
      />
      {pack.nps.fewData && pack.nps.score !== null ? (
        <p className="mt-2 text-slate-700" data-testid="pack-nps-few">
          {t("review.npsFewData", { count: pack.nps.respondents })}
        </p>
      ) : null}
      {pack.csat.mean === null && pack.csat.answers > 0 ? (
        <p className="mt-2 text-slate-700" data-testid="pack-csat-few">
          {t("review.csatFewData", { count: pack.csat.answers })}
        </p>
      ) : null}
      {pack.words.length ? (
        <>
          <h3 className="mt-3 font-medium">{t("review.words")}</h3>
          <ul className="mt-1 flex flex-col gap-1">
            {pack.words.map((w, i) => (
              <li key={i}>
                <q>{w.comment}</q>{" "}
                <span className="text-slate-600">
                  — {w.name ?? t("review.someone")}, {w.kind === "nps" ? "NPS" : "CSAT"} {w.score}, {date(w.answeredOn)}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

function SupportSection({ pack, ...around }: SectionProps) {
  const { t } = useI18n();
  return (
    <Section id="support" title={t("review.section.support")} {...around}>
      <Counts
        rows={[
          { label: t("review.casesOpened"), value: pack.support.opened },
          { label: t("review.casesResolved"), value: pack.support.resolved },
          { label: t("review.casesPastSla"), value: pack.support.pastSla },
          { label: t("review.casesOpen"), value: pack.support.stillOpen },
        ]}
      />
    </Section>
  );
}

function InvoicesSection({ pack, ...around }: SectionProps) {
  const { t, date, money } = useI18n();
  const open = pack.invoices.list.filter((i) => i.disputed || i.paidOn === null);
  return (
    <Section id="invoices" title={t("review.section.invoices")} {...around}>
      <Counts
        rows={[
          { label: t("review.invoicesDue"), value: pack.invoices.due },
          { label: t("review.invoicesDisputed"), value: pack.invoices.disputed },
          { label: t("review.invoicesPaidLate"), value: pack.invoices.paidLate },
          { label: t("review.invoicesUnpaid"), value: pack.invoices.unpaid },
        ]}
      />
      {open.length ? (
        <ul className="mt-2 list-disc pl-5">
          {open.map((i) => (
            <li key={i.number}>
              {i.number}: {money(i.amount, i.currency)}, {t("review.dueOn", { date: date(i.dueDate) })}
              {i.disputed ? `, ${t("review.invoiceDisputed")}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

/** A section's items as a bulleted list, or the line that says there were none. */
function ListOrNone({ none, children }: { none: string; children: ReactNode[] }) {
  return children.length ? <ul className="list-disc pl-5">{children}</ul> : <p>{none}</p>;
}

function CommitteeSection({ pack, ...around }: SectionProps) {
  const { t, date } = useI18n();
  return (
    <Section id="committee" title={t("review.section.committee")} {...around}>
      <ListOrNone none={t("review.noCommitteeChanges")}>
        {pack.committee.map((m, i) => (
          <li key={i}>
            {t(m.change === "joined" ? "review.joined" : "review.left", { name: m.name, date: date(m.on) })}
            {m.role ? ` (${t(`committeeRole.${m.role}` as MessageKey)})` : ""}
          </li>
        ))}
      </ListOrNone>
    </Section>
  );
}

function CustomerExpectationsSection({ pack, ...around }: SectionProps) {
  const { t, date } = useI18n();
  return (
    <Section id="customer_expectations" title={t("review.section.customer_expectations")} {...around}>
      <ListOrNone none={t("review.noCustomerExpectations")}>
        {pack.customerExpectations.map((e, i) => (
          <li key={i}>
            {e.title} — {t(`review.status.${e.status}` as MessageKey)}, {t("review.dueOn", { date: date(e.dueDate) })}
            {e.holder ? ` (${e.holder})` : ""}
          </li>
        ))}
      </ListOrNone>
    </Section>
  );
}

export function ReviewPackView({ pack, comments = [], aside }: Props) {
  // Each section with the comments on it and what goes under it.
  const parts = (key: ReviewSection): SectionProps => ({
    pack,
    comments: comments.filter((c) => c.item_key === key),
    aside: aside?.(key),
  });
  return (
    <div className="flex flex-col gap-4 print:break-before-page print:gap-3" data-testid="review-pack">
      <CommitmentsSection {...parts("commitments")} />
      <PredictabilitySection {...parts("predictability")} />
      <NpsSection {...parts("nps")} />
      <SupportSection {...parts("support")} />
      <InvoicesSection {...parts("invoices")} />
      <CommitteeSection {...parts("committee")} />
      <CustomerExpectationsSection {...parts("customer_expectations")} />
    </div>
  );
}
