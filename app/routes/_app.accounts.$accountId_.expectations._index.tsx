import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { postToAccount } from "#app/routes/__account/post.server.ts";
import { revalidateAfterConflict } from "#app/web/revalidate.ts";
import { SectionTabsIntro } from "#app/routes/__account/page-header.tsx";
import { Ledger, LedgerFilters, type ProposalReplies } from "#app/components/ledger.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { acceptProposed, declineProposed } from "#app/models/expectation-changes.server.ts";
import { listHolderChoices, listLedger } from "#app/models/expectations.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { AcceptForm, DeclineForm, parseLedgerQuery } from "#app/schemas/expectation.ts";
import { actionContext } from "#app/web/actions.server.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";

export const meta: MetaFunction<typeof loader> = accountPageMeta("title.expectations");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  // Each filter is read on its own: a bad one is dropped, the rest still apply.
  const filters = parseLedgerQuery(new URL(request.url).searchParams);
  const today = calendarDate();
  const [ledger, holders, owners] = await Promise.all([
    listLedger(db(), accountId, {
      today,
      group: filters.group,
      category: filters.category,
      holderId: filters.holder,
      ownerId: filters.owner,
      cursor: filters.cursor,
    }),
    listHolderChoices(db(), accountId),
    listAccountManagers(db()),
  ]);
  return {
    account: { id: account.id, name: account.name },
    ledger,
    holders,
    owners,
    filters,
    filtered: Boolean(filters.group || filters.category || filters.holder || filters.owner),
    today,
    canEdit: canEditAccount(user, account),
  };
}

// After a lost race (409) show the ledger as it is now; the forms keep what was typed.
export const shouldRevalidate = revalidateAfterConflict;

/** Accepting or declining a customer's proposal, straight from the ledger. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, accountId, formData } = await postToAccount(request, params);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const expectationId = parseId(String(formData.get("expectation_id") ?? ""));
  const intent = formData.get("intent");
  const context = { actor: user, ip };
  if (intent !== "accept" && intent !== "decline") badRequest();

  const submission = parseWithZod(formData, {
    schema: intent === "accept" ? AcceptForm : DeclineForm,
    error: errorMap,
  });
  if (submission.status !== "success") {
    return data(
      { proposal: { id: expectationId, result: submission.reply() } satisfies ProposalReplies },
      { status: 400 },
    );
  }
  try {
    await db()
      .transaction()
      .execute((trx) =>
        intent === "accept"
          ? acceptProposed(trx, context, accountId, expectationId, submission.value)
          : declineProposed(
              trx,
              context,
              accountId,
              expectationId,
              submission.value as { version: number; reason: string },
            ),
      );
  } catch (error) {
    const { status, ...reply } = await writeErrorReply(error, submission, {
      request,
      actor: user,
      locale,
      accountId,
      labels: { status: t("expectation.status") },
      shown: (_field: string, value: string) => statusLabel(locale, value),
    });
    return data({ proposal: { id: expectationId, ...reply } }, { status });
  }
  const message = intent === "accept" ? t("proposal.acceptedMsg") : t("proposal.declinedMsg");
  const back = new URL(request.url);
  return redirect(`/accounts/${accountId}/expectations${back.search}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

function statusLabel(locale: "en" | "fi", status: string): string {
  const { t } = formatters(locale);
  if (status === "proposed" || status === "open" || status === "declined") return t(`expStatus.${status}`);
  if (status === "resolved") return t("ledger.group.resolved");
  return status;
}

export default function LedgerPage() {
  const { account, ledger, holders, owners, filters, filtered, today, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { proposal?: ProposalReplies } | undefined;
  const [searchParams] = useSearchParams();
  const { t } = useI18n();
  return (
    <div>
      <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
        ← {t("ledger.backTo", { name: account.name })}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-bold">{t("ledger.titleFor", { name: account.name })}</h1>
        <a
          href={`/accounts/${account.id}/expectations.csv?${searchParams}`}
          className="text-sm text-brand-700 underline"
          download
        >
          {t("export.csv")}
        </a>
        {canEdit ? (
          <Link
            to={`/accounts/${account.id}/expectations/new`}
            className="ml-auto rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white"
          >
            {t("ledger.record")}
          </Link>
        ) : null}
      </div>
      <SectionTabsIntro
        accountId={account.id}
        current="ledger"
        intro={t("ledger.intro")}
        readOnly={canEdit ? null : t("ledger.readOnly")}
      />
      <LedgerFilters filters={filters} holders={holders} owners={owners} />
      <Ledger
        accountId={account.id}
        groups={ledger.groups}
        counts={ledger.counts}
        today={today}
        canEdit={canEdit}
        filtered={filtered}
        query={searchParams}
        proposalReply={actionData?.proposal}
      />
    </div>
  );
}
