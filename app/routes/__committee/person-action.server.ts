import { postToAccount } from "#app/routes/__account/post.server.ts";
import type { ActionFunctionArgs } from "@remix-run/node";
import type { CommitteeRole, Stance } from "#app/domain/vocabulary.ts";
import type { Formatters, MessageKey } from "#app/i18n/index.ts";
import { markStakeholderLeft, rejoinStakeholder, updateStakeholder } from "#app/models/stakeholder-changes.server.ts";
import { handOverToSuccessor } from "#app/models/stakeholder-handover.server.ts";
import { HandoverForm, LeaveForm, RejoinForm, StakeholderEditForm } from "#app/schemas/stakeholder.ts";
import { actionContext } from "#app/web/actions.server.ts";
import { intentAction, type FormIntent } from "#app/web/forms.server.ts";
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

type Context = Parameters<typeof updateStakeholder>[1];

const INTENTS: Record<Intent, FormIntent<Context>> = {
  edit: { schema: StakeholderEditForm, write: updateStakeholder, done: "stakeholderForm.saved", compare: EDIT_FIELDS },
  leave: { schema: LeaveForm, write: markStakeholderLeft, done: "leaveForm.done", compare: ["left_on"] },
  rejoin: { schema: RejoinForm, write: rejoinStakeholder, done: "rejoinForm.done", compare: ["left_on"] },
  handover: { schema: HandoverForm, write: handOverToSuccessor, done: "handover.done", compare: ["left_on"] },
};

/**
 * A person's page's forms (edit, leave, rejoin, handover), each version-checked
 * and audited by its model; a lost race is answered with 409 and what the
 * other saved, shown in the reader's words (names for ids, dates in their language).
 */
export async function personAction(request: Request, params: ActionFunctionArgs["params"]) {
  const { user, accountId, stakeholderId, formData } = await postToAccount(request, params, "stakeholderId");
  const { t, locale, errorMap, ip } = await actionContext(request);
  return intentAction(request, formData, INTENTS, {
    actor: user,
    context: { actor: user, ip, t },
    accountId,
    recordId: stakeholderId,
    back: `/accounts/${accountId}/committee/${stakeholderId}`,
    errorMap,
    locale,
    labels: FIELD_LABELS,
    shown: displayValue,
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
function displayValue({ t, date }: Formatters, field: string, current: Record<string, unknown>): string {
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
