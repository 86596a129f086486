import { FILTER_MESSAGES, PORTAL_ANSWER_MESSAGES } from "#app/i18n/message-groups.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { Timeline } from "#app/components/timeline.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import {
  countAwaitingAnswer,
  getPortalAccount,
  getPortalPredictability,
  listOpenCases,
  listOpenInvoices,
  listPortalContacts,
  listSharedTimeline,
} from "#app/models/portal.server.ts";
import { notFound, requirePortalUser } from "#app/web/auth.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { listNoticesInPortal } from "#app/models/portal-notices.server.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...PORTAL_ANSWER_MESSAGES,
    ...FILTER_MESSAGES,
    "polarity.",
    "committeeRole.",
    "emotion.",
    "expOutcome.",
    "invoice.",
    "kind.",
    "landmark.",
    "paging.newest",
    "paging.older",
    "portal.",
    "portalHome.",
    "portalNotices.alreadyContested",
    "resolved.",
    "sentimentLevel.",
    "severity.",
    "support.",
    "supportStatus.",
    "timeline.",
    "title.portalHome",
    "touchpoint.",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.portalHome"));
};

const FEW = 5;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  const cursor = new URL(request.url).searchParams.get("cursor");
  // The account is the session's; nothing in the URL chooses it.
  const data = await withPortalScope(user.accountId, async (trx) => {
    const account = await getPortalAccount(trx, user.accountId);
    if (!account) return null;
    return {
      account,
      contacts: await listPortalContacts(trx, user.accountId, account.kam_id),
      predictability: await getPortalPredictability(trx, user.accountId),
      awaiting: await countAwaitingAnswer(trx, user.accountId),
      cases: await listOpenCases(trx, user.accountId),
      invoices: await listOpenInvoices(trx, user.accountId),
      timeline: await listSharedTimeline(trx, user.accountId, { cursor }),
    };
  });
  if (!data) notFound();
  const { kam_id: _kamId, ...account } = data.account;
  // Re-plans we say we told them of and they have not answered yet (app/domain/notice.ts).
  const noticesToCheck = (await listNoticesInPortal(user.accountId)).filter((n) => n.state === "awaiting").length;
  return {
    ...data,
    noticesToCheck,
    userName: user.name,
    account,
    contacts: data.contacts.map(({ id: _id, ...c }) => c),
  };
}

export default function PortalHome() {
  const { userName, account, contacts, predictability, awaiting, noticesToCheck, cases, invoices, timeline } =
    useLoaderData<typeof loader>();
  const { t, date, dateTime, money, percent } = useI18n();
  const [searchParams] = useSearchParams();
  return (
    <div className="flex flex-col gap-8">
      <div>
        <p className="text-sm text-slate-600">{t("portal.welcome", { name: userName })}</p>
        <h1 className="mt-1 text-3xl font-bold" data-testid="portal-account-name">
          {account.name}
        </h1>
        <p className="text-slate-700">{t("portal.yourAccount")}</p>
      </div>

      {awaiting > 0 ? (
        <p className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300" data-testid="portal-awaiting">
          {t("portalHome.awaiting", { count: awaiting })}{" "}
          <Link to="/portal/commitments" className="font-medium text-sky-800 underline">
            {t("portalHome.awaitingLink")}
          </Link>
        </p>
      ) : null}

      {noticesToCheck > 0 ? (
        <p className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300" data-testid="portal-notices-to-check">
          {t("portalHome.noticesToCheck", { count: noticesToCheck })}{" "}
          <Link to="/portal/commitments#notices-heading" className="font-medium text-sky-800 underline">
            {t("portalHome.noticesLink")}
          </Link>
        </p>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2">
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

        <Card id="predictability-heading" title={t("portalHome.predictability")}>
          {predictability && predictability.value !== null ? (
            <>
              <p className="mt-1 text-3xl font-bold" data-testid="portal-predictability">
                {percent(predictability.value)}
              </p>
              <p className="text-sm text-slate-700">
                {t("portalHome.predictabilityOf", { count: predictability.sample })}
              </p>
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

        <Card id="cases-heading" title={t("portalHome.cases")}>
          {cases.length ? (
            <ul className="mt-1 flex flex-col gap-2 text-sm" data-testid="portal-cases">
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
            </ul>
          ) : (
            <p className="mt-1 text-slate-700">{t("portalHome.casesEmpty")}</p>
          )}
        </Card>

        <Card id="invoices-heading" title={t("portalHome.invoices")}>
          {invoices.length ? (
            <ul className="mt-1 flex flex-col gap-2 text-sm" data-testid="portal-invoices">
              {invoices.map((i) => (
                <li key={i.id} className="flex flex-wrap items-baseline gap-2">
                  <span className="font-medium">{t("invoice.number", { number: i.number })}</span>
                  <span>{money(i.amount, i.currency)}</span>
                  <span className="text-slate-700">{t("portalHome.invoiceDue", { date: date(i.due_date) })}</span>
                  {i.disputed ? <Badge tone="bad">{t("invoice.disputed")}</Badge> : null}
                  {i.paid_on ? null : <Badge tone="warn">{t("invoice.unpaid")}</Badge>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-slate-700">{t("portalHome.invoicesEmpty")}</p>
          )}
        </Card>
      </div>

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
    </div>
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
