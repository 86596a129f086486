import { parseWithZod } from "@conform-to/zod/v4";
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import type { CommitteeRole, Stance } from "#app/domain/vocabulary.ts";
import { formatters, type MessageKey, type Translate } from "#app/i18n/index.ts";
import { markStakeholderLeft, rejoinStakeholder, updateStakeholder } from "#app/models/stakeholder-changes.server.ts";
import { handOverToSuccessor } from "#app/models/stakeholder-handover.server.ts";
import { HandoverForm, LeaveForm, RejoinForm, StakeholderEditForm } from "#app/schemas/stakeholder.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, requireInternalUser } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply, type ConflictInfo } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";
import type { Intent } from "#app/routes/__committee/person-forms.tsx";

const EDIT_FIELDS = [
  "name",
  "title",
  "email",
  "phone",
  "committee_role",
  "influence",
  "stance",
  "reports_to_id",
] as const;

const INTENTS = {
  edit: { schema: StakeholderEditForm, write: updateStakeholder, done: "stakeholderForm.saved", compare: EDIT_FIELDS },
  leave: { schema: LeaveForm, write: markStakeholderLeft, done: "leaveForm.done", compare: ["left_on"] },
  rejoin: { schema: RejoinForm, write: rejoinStakeholder, done: "rejoinForm.done", compare: ["left_on"] },
  handover: { schema: HandoverForm, write: handOverToSuccessor, done: "handover.done", compare: ["left_on"] },
} as const satisfies Record<Intent, { schema: unknown; write: unknown; done: MessageKey; compare: readonly string[] }>;
type IntentKey = keyof typeof INTENTS;

type Context = Parameters<typeof updateStakeholder>[1];

/**
 * A person's page's forms (edit, leave, rejoin, handover), each version-checked
 * and audited by its model; a lost race is answered with 409 and what the
 * other saved, shown in the reader's words (names for ids, dates in their language).
 */
export async function personAction(request: Request, params: ActionFunctionArgs["params"]) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const stakeholderId = parseId(params.stakeholderId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (!Object.hasOwn(INTENTS, intent)) badRequest();
  const spec = INTENTS[intent as IntentKey];
  const context: Context = { actor: user, ip, t };

  const submission = parseWithZod(formData, { schema: spec.schema, error: errorMap });
  const reply = (body: { result: SubmissionResult<string[]>; conflict?: ConflictInfo }, status: number) =>
    data({ intent: intent as IntentKey, ...body }, { status });
  if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
  try {
    await db()
      .transaction()
      .execute((trx) =>
        (spec.write as (trx: Trx, c: Context, a: string, s: string, input: unknown) => Promise<unknown>)(
          trx,
          context,
          accountId,
          stakeholderId,
          submission.value,
        ),
      );
  } catch (error) {
    const f = formatters(locale);
    const { status, ...body } = await writeErrorReply(error, submission, {
      request,
      actor: user,
      locale,
      accountId,
      labels: Object.fromEntries(spec.compare.map((field) => [field, t(FIELD_LABELS[field]!)])),
      shown: (field, _value, current) => displayValue(f.t, f.date, field, current),
    });
    return reply(body, status);
  }
  return redirect(`/accounts/${accountId}/committee/${stakeholderId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t(spec.done) }) },
  });
}

const FIELD_LABELS: Record<string, MessageKey> = {
  name: "stakeholderForm.name",
  title: "stakeholderForm.title",
  email: "stakeholderForm.email",
  phone: "stakeholderForm.phone",
  committee_role: "stakeholderForm.role",
  influence: "stakeholderForm.influence",
  stance: "stakeholderForm.stance",
  reports_to_id: "stakeholderForm.reportsTo",
  left_on: "leaveForm.leftOn",
};

/** A stored value as a person reads it: names for ids, words for codes, dates in their language. */
function displayValue(
  t: Translate,
  date: (v: string) => string,
  field: string,
  current: Record<string, unknown>,
): string {
  const v = current[field];
  const none = "—";
  switch (field) {
    case "reports_to_id":
      return String(current.reports_to_name || none);
    case "committee_role":
      return v ? t(`committeeRole.${v as CommitteeRole}`) : t("committee.noRole");
    case "stance":
      return t(`stance.${v as Stance}`);
    case "left_on":
      return typeof v === "string" && v ? date(v) : none;
    default:
      return v == null || v === "" ? none : String(v);
  }
}
