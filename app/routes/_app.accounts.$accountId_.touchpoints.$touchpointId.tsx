import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { revalidateAfterConflict } from "#app/web/revalidate.ts";
import { TouchpointForm } from "#app/components/touchpoint-form.tsx";
import { SupportCaseUpdate } from "#app/components/touchpoint-form/support-case-update.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { touchpointAction } from "#app/routes/__touchpoint/action.server.ts";
import { touchpointLoader } from "#app/routes/__touchpoint/loader.server.ts";
import { ConfirmDelete, DeletePanel, TouchpointHeading } from "#app/routes/__touchpoint/page.tsx";

export const meta: MetaFunction<typeof loader> = recordMeta("title.touchpoint", (data) => [
  data.touchpoint.title,
  data.account.name,
]);

export function loader(args: LoaderFunctionArgs) {
  return touchpointLoader(args);
}

// After a lost race (409) show the record as it is now; the forms keep what was typed.
export const shouldRevalidate = revalidateAfterConflict;

export function action(args: ActionFunctionArgs) {
  return touchpointAction(args);
}

type ActionData = {
  result?: Parameters<typeof TouchpointForm>[0]["lastResult"];
  conflict?: ConflictInfo;
  caseResult?: Parameters<typeof SupportCaseUpdate>[0]["lastResult"];
  caseConflict?: ConflictInfo;
  confirmDelete?: true;
  deleteConflict?: string;
};

export default function EditTouchpointPage() {
  const { account, touchpoint, options, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useI18n();
  const back = `/accounts/${account.id}`;
  const header = <TouchpointHeading account={account} touchpoint={touchpoint} />;

  if (actionData?.confirmDelete) {
    return (
      <div className="flex max-w-2xl flex-col gap-6">
        <div>{header}</div>
        <ConfirmDelete title={touchpoint.title} version={defaults.version} conflict={actionData.deleteConflict} />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-10">
      <div>
        <div className="mb-6">{header}</div>
        {touchpoint.editable ? (
          <TouchpointForm
            mode="edit"
            defaults={defaults}
            options={options}
            lastResult={actionData?.result}
            conflict={actionData?.conflict}
            cancelTo={back}
          />
        ) : (
          <p className="max-w-2xl rounded-md bg-slate-100 p-3 text-sm">{t("touchpointEdit.systemKind")}</p>
        )}
      </div>

      {touchpoint.hasCase ? (
        <section aria-labelledby="case-heading" className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="case-heading" className="font-semibold">
            {t("touchpointEdit.updateCase")}
          </h2>
          <p className="mt-1 text-sm text-slate-700">{t("touchpointEdit.updateCaseHelp")}</p>
          <SupportCaseUpdate
            defaults={{
              case_status: defaults.case_status,
              case_resolved_at: defaults.case_resolved_at,
              version: actionData?.caseConflict?.version ?? defaults.version,
            }}
            lastResult={actionData?.caseResult}
            conflictDetails={actionData?.caseConflict?.changes.map((c) =>
              t("form.conflictField", { field: c.field, value: c.value }),
            )}
          />
        </section>
      ) : null}

      <DeletePanel deletable={touchpoint.deletable} notDeletable={touchpoint.notDeletable} version={defaults.version} />
    </div>
  );
}
