import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { postToAccount } from "#app/routes/__account/post.server.ts";
import { revalidateAfterConflict } from "#app/web/revalidate.ts";
import { CommitteeExports } from "#app/components/account-exports.tsx";
import { CommitteeView } from "#app/components/committee-view.tsx";
import type { ChartNode } from "#app/domain/org-chart.ts";
import type { RoleReply } from "#app/components/role-buttons.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { loadCommitteeView } from "#app/models/committee-view.server.ts";
import { calendarDate } from "#app/domain/time.ts";
import { parseShowLeft, SHOW_LEFT_PARAM } from "#app/schemas/stakeholder.values.ts";
import { actionContext } from "#app/web/actions.server.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { changeRole } from "#app/routes/__committee/role-action.server.ts";
import { db } from "#app/utils/db.server.ts";
import { SectionTabsIntro } from "./__account/page-header.tsx";
import { TitleRow } from "./__account/page-heads.tsx";

export const meta: MetaFunction<typeof loader> = accountPageMeta("title.committee");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  const showLeft = parseShowLeft(new URL(request.url).searchParams);
  const view = await loadCommitteeView(db(), accountId, { showLeft, recordsFor: calendarDate() });
  return {
    account: { id: account.id, name: account.name },
    ...view,
    showLeft,
    canEdit: canEditAccount(user, account),
  };
}

// After a lost race (409) show the committee as it is now; the row keeps what was chosen.
export const shouldRevalidate = revalidateAfterConflict;

/** The one-click role change (intent=role), from a row of the table. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, accountId, formData } = await postToAccount(request, params);
  const context = await actionContext(request);
  if (formData.get("intent") !== "role") badRequest();
  return changeRole(request, formData, { actor: user, accountId, back: new URL(request.url), context });
}

export default function CommitteePage() {
  const { account, members, chart, gaps, showLeft, leftCount, npsMonths, engagedDays, canEdit, records } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { role?: RoleReply } | undefined;
  const { t } = useI18n();
  const base = `/accounts/${account.id}/committee`;
  const tab = "rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium";
  return (
    <div className="flex flex-col gap-8">
      <div>
        <TitleRow
          back={`/accounts/${account.id}`}
          backLabel={t("committeePage.backTo", { name: account.name })}
          title={t("committeePage.title", { name: account.name })}
        >
          <div className="ml-auto flex flex-wrap gap-2">
            {leftCount || showLeft ? (
              <Link to={showLeft ? base : `${base}?${SHOW_LEFT_PARAM}=1`} className={tab} preventScrollReset>
                {showLeft ? t("committeePage.hideLeft") : t("committeePage.showLeft", { count: leftCount })}
              </Link>
            ) : null}
            {canEdit ? (
              <Link to={`${base}/new`} className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white">
                {t("committeePage.add")}
              </Link>
            ) : null}
          </div>
        </TitleRow>
        <SectionTabsIntro
          accountId={account.id}
          current="committee"
          intro={t("committeePage.intro")}
          readOnly={canEdit ? null : t("committeePage.readOnly")}
        />
      </div>

      <CommitteeExports accountId={account.id} />

      <CommitteeView
        accountId={account.id}
        members={members}
        chart={chart as ChartNode[]}
        gaps={gaps}
        npsMonths={npsMonths}
        engagedDays={engagedDays}
        canEdit={canEdit}
        roleReply={actionData?.role}
        level={2}
        records={records}
      />
    </div>
  );
}
