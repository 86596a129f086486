import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { revalidateAfterConflict } from "#app/web/revalidate.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { expectationAction } from "#app/routes/__expectation/action.server.ts";
import { ExpectationHistory } from "#app/routes/__expectation/history.tsx";
import { expectationLoader } from "#app/routes/__expectation/loader.server.ts";
import { ExpectationForms, ExpectationHeader, type ActionData } from "#app/routes/__expectation/page.tsx";

export const meta: MetaFunction<typeof loader> = recordMeta("title.expectation", (data) => [
  data.expectation.title,
  data.account.name,
]);

export function loader(args: LoaderFunctionArgs) {
  return expectationLoader(args);
}

// After a lost race (409) show the expectation as it is now; the forms keep what was typed.
export const shouldRevalidate = revalidateAfterConflict;

export function action(args: ActionFunctionArgs) {
  return expectationAction(args);
}

export default function ExpectationPage() {
  const {
    account,
    expectation: e,
    canEdit,
    options,
    defaults,
    today,
    noticeContestDays,
    portalUsers,
    taskForm,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  // What the head and the forms both go by.
  const shown = { expectation: e, canEdit, today, ledger: `/accounts/${account.id}/expectations` };
  return (
    <div className="flex flex-col gap-8">
      <ExpectationHeader {...shown} account={account} taskForm={taskForm} taskError={actionData?.taskError ?? null} />
      <ExpectationForms
        {...shown}
        options={options}
        defaults={defaults}
        actionData={actionData}
        reach={portalUsers === null ? null : { portalUsers, contestDays: noticeContestDays, accountId: account.id }}
      />
      <ExpectationHistory
        originalDueDate={e.original_due_date}
        history={e.history}
        rule={{ today, contestDays: noticeContestDays, timeZone: TIME_ZONE }}
      />
    </div>
  );
}
