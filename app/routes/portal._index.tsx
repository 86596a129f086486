import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
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
import { titleMeta } from "#app/i18n/meta.ts";
import { countNoticesAwaiting, portalNoticeRule } from "#app/models/portal-notices.server.ts";
import {
  CasesCard,
  InvoicesCard,
  KamCard,
  PredictabilityCard,
  Reminder,
  SharedTimeline,
} from "#app/routes/__portal/home-sections.tsx";

export const meta: MetaFunction = titleMeta("title.portalHome");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  const cursor = new URL(request.url).searchParams.get("cursor");
  const noticeRule = await portalNoticeRule();
  // The account is the session's; nothing in the URL chooses it. One scope, one transaction, for all the page reads.
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
      // Re-plans we say we told them of and they have not answered yet (app/domain/notice.ts).
      noticesToCheck: await countNoticesAwaiting(trx, user.accountId, noticeRule),
    };
  });
  if (!data) notFound();
  const { kam_id: _kamId, ...account } = data.account;
  return {
    ...data,
    userName: user.name,
    account,
    contacts: data.contacts.map(({ id: _id, ...c }) => c),
  };
}

export default function PortalHome() {
  const { userName, account, contacts, predictability, awaiting, noticesToCheck, cases, invoices, timeline } =
    useLoaderData<typeof loader>();
  const { t } = useI18n();
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
        <Reminder
          testId="portal-awaiting"
          text={t("portalHome.awaiting", { count: awaiting })}
          to="/portal/commitments"
          linkText={t("portalHome.awaitingLink")}
        />
      ) : null}
      {noticesToCheck > 0 ? (
        <Reminder
          testId="portal-notices-to-check"
          text={t("portalHome.noticesToCheck", { count: noticesToCheck })}
          to="/portal/commitments#notices-heading"
          linkText={t("portalHome.noticesLink")}
        />
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <KamCard account={account} contacts={contacts} />
        <PredictabilityCard predictability={predictability} />
        <CasesCard cases={cases} />
        <InvoicesCard invoices={invoices} />
      </div>
      <SharedTimeline timeline={timeline} />
    </div>
  );
}
