import { useSearchParams } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { Timeline } from "#app/components/timeline.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";

// The portal's overview in its parts: what waits for the customer, their
// account manager and contacts, how predictable we have been, open support
// cases and invoices, and the timeline shared with them. Only what the loader
// chose to show the customer reaches these.

/** Something waiting for the customer, with the link to where they answer it. */
export function Reminder({
  testId,
  text,
  to,
  linkText,
}: {
  testId: string;
  text: string;
  to: string;
  linkText: string;
}) {
  return (
    <p className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300" data-testid={testId}>
      {text}{" "}
      <Link to={to} className="font-medium text-sky-800 underline">
        {linkText}
      </Link>
    </p>
  );
}

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200">
      <h2 id={id} className="text-sm font-semibold uppercase tracking-wide text-slate-600">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A card's list, or what it says when there is nothing in it. */
function CardList({ testId, empty, children }: { testId: string; empty: string; children: ReactNode[] }) {
  return children.length ? (
    <ul className="mt-1 flex flex-col gap-2 text-sm" data-testid={testId}>
      {children}
    </ul>
  ) : (
    <p className="mt-1 text-slate-700">{empty}</p>
  );
}

export interface KamView {
  kam_name: string | null;
  kam_email: string | null;
}

/** The account manager, and the people of ours the customer has met. */
export function KamCard({
  account,
  contacts,
}: {
  account: KamView;
  contacts: { name: string; email: string; last_met_at: Date | string }[];
}) {
  const { t, date } = useI18n();
  return (
    <Card id="kam-heading" title={t("portal.yourKam")}>
      <p className="mt-1 text-lg font-medium" data-testid="portal-kam">
        {account.kam_name}
      </p>
      <a href={`mailto:${account.kam_email}`} className="text-sky-800 underline">
        {account.kam_email}
      </a>
      {contacts.length ? (
        <>
          <h3 className="mt-4 text-sm font-semibold text-slate-700">{t("portalHome.contacts")}</h3>
          <ul className="mt-1 flex flex-col gap-1 text-sm" data-testid="portal-contacts">
            {contacts.map((c) => (
              <li key={c.email}>
                <span className="font-medium">{c.name}</span> ·{" "}
                <a href={`mailto:${c.email}`} className="text-sky-800 underline">
                  {c.email}
                </a>{" "}
                <span className="text-slate-600">· {t("portalHome.lastMet", { date: date(c.last_met_at) })}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}

const FEW = 5;

/** How many of our commitments were kept, out of how many, with a word when there are few. */
export function PredictabilityCard({
  predictability,
}: {
  predictability: { value: number | null; sample: number } | null;
}) {
  const { t, percent } = useI18n();
  return (
    <Card id="predictability-heading" title={t("portalHome.predictability")}>
      {predictability && predictability.value !== null ? (
        <>
          <p className="mt-1 text-3xl font-bold" data-testid="portal-predictability">
            {percent(predictability.value)}
          </p>
          <p className="text-sm text-slate-700">{t("portalHome.predictabilityOf", { count: predictability.sample })}</p>
          {predictability.sample < FEW ? (
            <p className="mt-1 text-sm text-amber-800">{t("portalHome.predictabilityFew")}</p>
          ) : null}
        </>
      ) : (
        <p className="mt-1 text-slate-700" data-testid="portal-predictability">
          {t("portalHome.predictabilityNone")}
        </p>
      )}
      <p className="mt-2 text-xs text-slate-600">{t("portalHome.predictabilityHelp")}</p>
    </Card>
  );
}

export interface CaseView {
  id: string;
  title: string;
  severity: string;
  status: string;
  opened_at: Date | string;
  sla_due_at: Date | string;
}

export function CasesCard({ cases }: { cases: CaseView[] }) {
  const { t, dateTime } = useI18n();
  return (
    <Card id="cases-heading" title={t("portalHome.cases")}>
      <CardList testId="portal-cases" empty={t("portalHome.casesEmpty")}>
        {cases.map((c) => (
          <li key={c.id}>
            <p className="font-medium">{c.title}</p>
            <p className="flex flex-wrap gap-2 text-slate-700">
              <Badge tone={c.severity === "critical" || c.severity === "high" ? "bad" : "neutral"}>
                {t(`severity.${c.severity as "low"}`)}
              </Badge>
              <Badge tone="warn">{t(`supportStatus.${c.status as "open"}`)}</Badge>
              <span>{t("portalHome.caseOpened", { date: dateTime(c.opened_at) })}</span>
              <span>{t("portalHome.caseSla", { date: dateTime(c.sla_due_at) })}</span>
            </p>
          </li>
        ))}
      </CardList>
    </Card>
  );
}

export interface InvoiceView {
  id: string;
  number: string;
  amount: number | string;
  currency: string;
  due_date: string;
  disputed: boolean;
  paid_on: string | null;
}

export function InvoicesCard({ invoices }: { invoices: InvoiceView[] }) {
  const { t, date, money } = useI18n();
  return (
    <Card id="invoices-heading" title={t("portalHome.invoices")}>
      <CardList testId="portal-invoices" empty={t("portalHome.invoicesEmpty")}>
        {invoices.map((i) => (
          <li key={i.id} className="flex flex-wrap items-baseline gap-2">
            <span className="font-medium">{t("invoice.number", { number: i.number })}</span>
            <span>{money(i.amount, i.currency)}</span>
            <span className="text-slate-700">{t("portalHome.invoiceDue", { date: date(i.due_date) })}</span>
            {i.disputed ? <Badge tone="bad">{t("invoice.disputed")}</Badge> : null}
            {i.paid_on ? null : <Badge tone="warn">{t("invoice.unpaid")}</Badge>}
          </li>
        ))}
      </CardList>
    </Card>
  );
}

/** The touchpoints shared with the customer, newest first, a page at a time. */
export function SharedTimeline({
  timeline,
}: {
  timeline: { touchpoints: Parameters<typeof Timeline>[0]["items"]; nextCursor: string | null };
}) {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  return (
    <section aria-labelledby="shared-heading">
      <h2 id="shared-heading" className="mb-3 text-lg font-semibold">
        {t("portal.sharedTimeline")}
      </h2>
      {timeline.touchpoints.length ? (
        <Timeline items={timeline.touchpoints} audience="customer" />
      ) : (
        <p className="text-slate-700">{t("portal.sharedEmpty")}</p>
      )}
      <nav aria-label={t("landmark.timelinePages")} className="mt-4 flex gap-4 text-sm">
        {searchParams.get("cursor") ? (
          <Link to="." className="text-sky-800 underline">
            {t("paging.newest")}
          </Link>
        ) : null}
        {timeline.nextCursor ? (
          <Link to={`?cursor=${timeline.nextCursor}`} className="text-sky-800 underline" rel="next">
            {t("paging.older")}
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
