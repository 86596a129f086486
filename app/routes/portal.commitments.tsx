import { PORTAL_ANSWER_MESSAGES } from "#app/i18n/message-groups.ts";
import type { SubmissionResult } from "@conform-to/react";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import type { ReactNode } from "react";
import { CommitmentCard, RespondForm } from "#app/components/portal-commitment.tsx";
import { isAnswerableDelivery } from "#app/domain/commitments.ts";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { respondToDelivery } from "#app/models/portal-actions.server.ts";
import { listCommitments } from "#app/models/portal.server.ts";
import { DeliveryResponseForm, NoticeAnswerForm } from "#app/schemas/portal.ts";
import { answerNoticeInPortal, listNoticesInPortal } from "#app/models/portal-notices.server.ts";
import { NoticeCard } from "#app/components/portal-notice.tsx";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { requirePortalUser } from "#app/web/auth.server.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply } from "#app/web/forms.server.ts";
import { withPortalScope, withPortalWrite } from "#app/models/portal-scope.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...PORTAL_ANSWER_MESSAGES,
    "validation.",
    "expOutcome.",
    "portalCommitments.",
    "portalNotices.",
    "title.commitments",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.commitments"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  const commitments = await withPortalScope(user.accountId, (trx) =>
    listCommitments(trx, user.accountId, calendarDate()),
  );
  const notices = await listNoticesInPortal(user.accountId);
  return { commitments, notices };
}

// After a refused answer (the commitment changed meanwhile) show it as it is now; the form keeps what was typed.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

/**
 * Confirming or disputing a delivery, or answering a re-plan's notice (intent
 * "notice"). The commitment must be one of the customer's own account.
 */
export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requirePortalUser(request);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  if (formData.get("intent") === "notice") {
    const replanId = String(formData.get("replan_id") ?? "").slice(0, 100);
    const submission = parseWithZod(formData, { schema: NoticeAnswerForm, error: errorMap });
    const reply = (result: SubmissionResult<string[]>, status: number) => data({ id: replanId, result }, { status });
    if (submission.status !== "success") return reply(submission.reply(), 400);
    const actor = { userId: user.id, accountId: user.accountId, stakeholderId: user.stakeholderId, ip };
    try {
      await answerNoticeInPortal(actor, submission.value);
    } catch (error) {
      const { status, result } = await writeErrorReply(error, submission, {
        request,
        actor: user,
        locale,
        notFound: "error.noCommitment",
      });
      return reply(result, status);
    }
    const message = t(
      submission.value.answer === "confirmed" ? "portalNotices.thanksConfirmed" : "portalNotices.thanksContested",
    );
    return redirect("/portal/commitments", {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
    });
  }
  const id = String(formData.get("expectation_id") ?? "").slice(0, 100);
  const submission = parseWithZod(formData, { schema: DeliveryResponseForm, error: errorMap });
  const reply = (result: SubmissionResult<string[]>, status: number) => data({ id, result }, { status });
  if (submission.status !== "success") return reply(submission.reply(), 400);
  const actor = { userId: user.id, accountId: user.accountId, stakeholderId: user.stakeholderId, ip };
  try {
    await withPortalWrite(user.accountId, (trx) => respondToDelivery(trx, actor, submission.value));
  } catch (error) {
    const { status, result } = await writeErrorReply(error, submission, {
      request,
      actor: user,
      locale,
      notFound: "error.noCommitment",
    });
    // The delivery changed since the page was shown: a lost race.
    const changed = error instanceof FieldError && error.fieldErrors[""]?.key === "portalCommitments.changed";
    return reply(result, changed ? 409 : status);
  }
  const message =
    submission.value.response === "confirmed"
      ? t("portalCommitments.thanksConfirmed")
      : t("portalCommitments.thanksDisputed");
  return redirect("/portal/commitments", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function PortalCommitments() {
  const { commitments, notices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const resultFor = (id: string) => (actionData?.id === id ? actionData.result : undefined);
  return (
    <div className="flex flex-col gap-8">
      <div>
        <div className="flex flex-wrap items-center gap-4">
          <h1 className="text-2xl font-bold">{t("portalCommitments.title")}</h1>
          <Link
            to="/portal/commitments/new"
            className="ml-auto rounded-md bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white"
          >
            {t("portalCommitments.new")}
          </Link>
        </div>
        <p className="mt-1 max-w-3xl text-slate-700">{t("portalCommitments.intro")}</p>
      </div>

      {notices.length ? (
        <Section
          id="notices"
          title={t("portalNotices.title")}
          empty=""
          count={notices.length}
          intro={t("portalNotices.intro")}
        >
          {notices.map((n) => (
            <NoticeCard key={n.replanId} notice={n} lastResult={resultFor(n.replanId)} />
          ))}
        </Section>
      ) : null}

      <Section
        id="awaiting"
        title={t("portalCommitments.awaiting")}
        empty={t("portalCommitments.awaitingEmpty")}
        count={commitments.awaitingAnswer.length}
      >
        {commitments.awaitingAnswer.map((c) => (
          <CommitmentCard key={c.id} commitment={c}>
            <RespondForm commitment={c} lastResult={resultFor(c.id)} />
          </CommitmentCard>
        ))}
      </Section>

      {commitments.overdue.length ? (
        <Section id="overdue" title={t("portalCommitments.overdue")} empty="" count={commitments.overdue.length}>
          {commitments.overdue.map((c) => (
            <CommitmentCard key={c.id} commitment={c} daysOverdue={c.days_overdue} />
          ))}
        </Section>
      ) : null}

      <Section
        id="open"
        title={t("portalCommitments.open")}
        empty={t(commitments.overdue.length ? "portalCommitments.openEmptyOverdue" : "portalCommitments.openEmpty")}
        count={commitments.open.length}
      >
        {commitments.open.map((c) => (
          <CommitmentCard key={c.id} commitment={c} />
        ))}
      </Section>

      <Section
        id="answered"
        title={t("portalCommitments.answered")}
        empty={t(
          commitments.awaitingAnswer.length
            ? "portalCommitments.answeredEmptyAwaiting"
            : "portalCommitments.answeredEmpty",
        )}
        count={commitments.answered.length}
      >
        {commitments.answered.map((c) => (
          <CommitmentCard key={c.id} commitment={c}>
            {isAnswerableDelivery(c) ? (
              <details open={Boolean(resultFor(c.id))} className="mt-2">
                <summary className="cursor-pointer text-sm text-sky-800 underline">
                  {t("portalCommitments.changeAnswer")}
                </summary>
                <RespondForm commitment={c} lastResult={resultFor(c.id)} />
              </details>
            ) : null}
          </CommitmentCard>
        ))}
      </Section>

      {commitments.notDelivered.length ? (
        <Section
          id="not-delivered"
          title={t("portalCommitments.notDeliveredSection")}
          empty=""
          count={commitments.notDelivered.length}
        >
          {commitments.notDelivered.map((c) => (
            <CommitmentCard key={c.id} commitment={c} />
          ))}
        </Section>
      ) : null}

      <Section
        id="proposals"
        title={t("portalCommitments.proposals")}
        empty={t("portalCommitments.proposalsEmpty")}
        count={commitments.proposals.length}
      >
        {commitments.proposals.map((c) => (
          <CommitmentCard key={c.id} commitment={c} />
        ))}
      </Section>
    </div>
  );
}

/** A list with its count in the heading, or its empty text: the two always agree. */
function Section({
  id,
  title,
  empty,
  count,
  intro,
  children,
}: {
  id: string;
  title: string;
  empty: string;
  count: number;
  intro?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={`portal-section-${id}`} data-count={count}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {count ? t("portalCommitments.count", { title, count }) : title}
      </h2>
      {intro ? <p className="mt-1 max-w-3xl text-sm text-slate-700">{intro}</p> : null}
      {count ? (
        <ul className="mt-3 flex flex-col gap-3">{children}</ul>
      ) : (
        <p className="mt-2 text-slate-700">{empty}</p>
      )}
    </section>
  );
}
