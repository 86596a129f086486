import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { revalidateAfterConflict } from "#app/web/revalidate.ts";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { listCommitments, SETTLED_COMMITMENTS_LISTED } from "#app/models/portal.server.ts";
import { listNotices, portalNoticeRule, SETTLED_NOTICES_LISTED } from "#app/models/portal-notices.server.ts";
import { postAs } from "#app/web/actions.server.ts";
import { requirePortalUser } from "#app/web/auth.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { answerDelivery, answerNotice } from "#app/routes/__portal/commitment-actions.server.ts";
import {
  AnsweredSection,
  AwaitingSection,
  CommitmentList,
  CommitmentsHeader,
  NoticesSection,
} from "#app/routes/__portal/commitment-sections.tsx";

export const meta: MetaFunction = titleMeta("title.commitments");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  const rule = await portalNoticeRule(calendarDate());
  // The account is the session's; one scope, one transaction, for the page's reads, by one notice rule.
  return withPortalScope(user.accountId, async (trx) => {
    // Every delivery awaiting an answer, then the newest settled ones (settledLeftOut: older ones not listed).
    const { settledLeftOut: olderSettled, ...commitments } = await listCommitments(trx, user.accountId, rule);
    // Every notice awaiting an answer, then the newest answered or settled ones (settledLeftOut: older ones not listed).
    const { notices, settledLeftOut } = await listNotices(trx, user.accountId, rule);
    return {
      commitments: { ...commitments, settledLeftOut: olderSettled ? { listed: SETTLED_COMMITMENTS_LISTED } : null },
      notices,
      settledLeftOut: settledLeftOut ? { listed: SETTLED_NOTICES_LISTED } : null,
    };
  });
}

// After a refused answer (the commitment changed meanwhile) show it as it is now; the form keeps what was typed.
export const shouldRevalidate = revalidateAfterConflict;

/**
 * Confirming or disputing a delivery, or answering a re-plan's notice (intent
 * "notice"). The commitment must be one of the customer's own account.
 */
export async function action({ request }: ActionFunctionArgs) {
  const context = { request, ...(await postAs(request, requirePortalUser)) };
  return context.formData.get("intent") === "notice" ? answerNotice(context) : answerDelivery(context);
}

export default function PortalCommitments() {
  const { commitments, notices, settledLeftOut } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const resultFor = (id: string) => (actionData?.id === id ? actionData.result : undefined);
  return (
    <div className="flex flex-col gap-8">
      <CommitmentsHeader />
      <NoticesSection notices={notices} settledLeftOut={settledLeftOut} resultFor={resultFor} />
      <AwaitingSection commitments={commitments.awaitingAnswer} resultFor={resultFor} />
      <CommitmentList id="overdue" title={t("portalCommitments.overdue")} commitments={commitments.overdue} />
      <CommitmentList
        id="open"
        title={t("portalCommitments.open")}
        empty={t(commitments.overdue.length ? "portalCommitments.openEmptyOverdue" : "portalCommitments.openEmpty")}
        commitments={commitments.open}
      />
      <AnsweredSection lists={commitments} resultFor={resultFor} />
      <CommitmentList
        id="not-delivered"
        title={t("portalCommitments.notDeliveredSection")}
        commitments={commitments.notDelivered}
      />
      <CommitmentList
        id="proposals"
        title={t("portalCommitments.proposals")}
        empty={t("portalCommitments.proposalsEmpty")}
        commitments={commitments.proposals}
      />
    </div>
  );
}
