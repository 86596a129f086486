// What the expectation page shows: the expectation, its account, and for those
// who may change it the form's choices and a task form.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canEditAccount } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { getExpectation, listLedgerOptions } from "#app/models/expectations.server.ts";
import { portalUsersOf } from "#app/models/mail-customer.server.ts";
import { loadScoringSettings } from "#app/models/scores.server.ts";
import { listStaff } from "#app/models/tasks.server.ts";
import type { ExpectationFormValues } from "#app/schemas/expectation.ts";
import { db } from "#app/utils/db.server.ts";
import { notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { parseId } from "#app/web/params.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";

type Expectation = NonNullable<Awaited<ReturnType<typeof getExpectation>>>;

export async function expectationLoader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const expectationId = parseId(params.expectationId);
  const [account, expectation, { settings }] = await Promise.all([
    getAccount(db(), accountId),
    getExpectation(db(), accountId, expectationId),
    loadScoringSettings(db()),
  ]);
  if (!account || !expectation) notFound("error.noExpectation");
  const canEdit = canEditAccount(user, account);
  const options = canEdit
    ? await listLedgerOptions(db(), accountId, {
        stakeholderId: expectation.holder_stakeholder_id,
        userId: expectation.owner_id,
        touchpointId: expectation.source_touchpoint_id,
      })
    : null;
  // "Create a task" from the expectation: the account's editors (canCreateTask is the same rule).
  const taskForm = canEdit
    ? {
        staff: (await listStaff(db())).filter((s) => s.id !== user.id).map((s) => ({ id: s.id, name: s.name })),
        submissionId: newSubmissionId(),
      }
    : null;
  return {
    account: { id: account.id, name: account.name },
    expectation,
    canEdit,
    options,
    defaults: formDefaults(expectation),
    today: calendarDate(),
    noticeContestDays: settings.noticeContestDays,
    // Who a notice recorded now would reach (the re-plan form says so: notice.ts).
    portalUsers: canEdit && expectation.status === "open" ? (await portalUsersOf(db(), accountId)).length : null,
    taskForm,
  };
}

/** The edit form's values as stored. */
function formDefaults(expectation: Expectation): ExpectationFormValues {
  return {
    title: expectation.title,
    description: expectation.description,
    category: expectation.category,
    holder_stakeholder_id: expectation.holder_stakeholder_id ?? "",
    source: expectation.source,
    source_touchpoint_id: expectation.source_touchpoint_id ?? "",
    importance: String(expectation.importance),
    due_date: expectation.due_date,
    owner_id: expectation.owner_id ?? "",
    version: expectation.version,
  };
}
